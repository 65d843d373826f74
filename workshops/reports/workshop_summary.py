"""A workshop's figures on its own page (workshops.pages): who took part, split by country, role and sex, how many
completed, what they learnt and the certificates issued.

The workshop page is among the most read and is benchmarked, so the figures cost two aggregate queries whatever
the number of people: one row of totals, and one GROUP BY per split sent as a single UNION ALL. Python only reads
the few grouped rows back.
"""
from dataclasses import dataclass

from sqlalchemy import String, case, func, literal, select, type_coerce, union_all

from workshops.certificates.models import Certificate
from workshops.extensions import db
from workshops.pages import workshop_page
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.training.models import Enrolment


@dataclass(frozen=True)
class Split:
    """One line of a split: a country code, a RoleCategory or a Sex (whose `.label` names it), with its people
    enrolled and completed."""

    key: str
    enrolled: int
    completed: int


@dataclass(frozen=True)
class WorkshopSummary:
    enrolled: int
    completed: int
    #: People with both a pre- and a post-test score, over whom the average gain is taken.
    scored: int
    #: Mean of post minus pre over the scored, in points; None when nobody is scored.
    average_gain: float | None
    #: Current certificates (not superseded) in force, and those revoked.
    certificates_valid: int
    certificates_revoked: int
    #: Completers with no current certificate: those "Issue certificates to completers" would issue to.
    completers_without_certificate: int
    #: Most enrolled first.
    by_country: list[Split]
    #: In the order of RoleCategory and Sex, as the donors' reports list them; only those present.
    by_role: list[Split]
    by_sex: list[Split]

    @property
    def completion_rate(self) -> float | None:
        """Completed over enrolled, 0 to 1; None with nobody enrolled, where a rate would mean nothing."""
        return self.completed / self.enrolled if self.enrolled else None


_COMPLETED = case((Enrolment.is_completed, Enrolment.id))
_SPLITS = {"country": Participant.country_code, "role": Participant.role_category, "sex": Participant.sex}


def workshop_summary(workshop_id: int) -> WorkshopSummary:
    """The workshop's figures in two queries, each a single aggregate over its enrolments."""
    splits = _splits(workshop_id)
    countries, roles, sexes = (splits.get(name, {}) for name in _SPLITS)
    return WorkshopSummary(
        **_totals(workshop_id),
        by_country=sorted((Split(code, *counts) for code, counts in countries.items()),
                          key=lambda split: (-split.enrolled, split.key)),
        by_role=[Split(role, *roles[role]) for role in RoleCategory if role in roles],
        by_sex=[Split(sex, *sexes[sex]) for sex in Sex if sex in sexes])


def _totals(workshop_id: int) -> dict:
    """Enrolled, completed, scores and certificates in one row: each enrolment joined to its current certificate,
    of which there is at most one (certificate.uq_certificate_current_enrolment), so no row is counted twice."""
    scored = Enrolment.pre_test_score.is_not(None) & Enrolment.post_test_score.is_not(None)
    row = db.session.execute(
        select(func.count(Enrolment.id).label("enrolled"),
               func.count(_COMPLETED).label("completed"),
               func.count(case((scored, Enrolment.id))).label("scored"),
               func.avg(case((scored, Enrolment.post_test_score - Enrolment.pre_test_score))).label("average_gain"),
               func.count(case((Certificate.revoked_at.is_(None), Certificate.id))).label("certificates_valid"),
               func.count(Certificate.revoked_at).label("certificates_revoked"),
               func.count(case((Enrolment.is_completed & Certificate.id.is_(None), Enrolment.id)))
               .label("completers_without_certificate"))
        .select_from(Enrolment)
        .outerjoin(Certificate, (Certificate.enrolment_id == Enrolment.id) & Certificate.superseded_at.is_(None))
        .where(Enrolment.workshop_id == workshop_id)).one()._asdict()
    # PostgreSQL averages integers as NUMERIC, SQLite as REAL.
    row["average_gain"] = float(row["average_gain"]) if row["average_gain"] is not None else None
    return row


def _splits(workshop_id: int) -> dict[str, dict[str, tuple[int, int]]]:
    """Enrolled and completed per country, per role and per sex: one GROUP BY each, in one statement."""
    def grouped(name: str, column):
        value = type_coerce(column, String)  # the stored value, read back as text whichever column it comes from
        return (select(literal(name).label("split"), value.label("key"), func.count(Enrolment.id).label("enrolled"),
                       func.count(_COMPLETED).label("completed"))
                .select_from(Enrolment).join(Participant, Participant.id == Enrolment.participant_id)
                .where(Enrolment.workshop_id == workshop_id).group_by(value))

    splits: dict[str, dict[str, tuple[int, int]]] = {}
    for name, key, enrolled, completed in db.session.execute(
            union_all(*(grouped(name, column) for name, column in _SPLITS.items()))):
        splits.setdefault(name, {})[key] = (enrolled, completed)
    return splits


@workshop_page.add("reports/_workshop_summary.html", order=20)
def _workshop_summary(workshop_id: int, **_page) -> dict:
    """Everyone who may open the workshop sees its figures, since they only count the list the page shows: the
    page's own rule (Action.VIEW on the workshop) already decided, as for the certificates section, so no second
    permission query is asked here."""
    return {"summary": workshop_summary(workshop_id)}
