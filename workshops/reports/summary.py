"""The maintained summary the reports read: exact after every commit, fast at a million people.

Counting distinct trainees over millions of enrolments for any combination of filters is what makes the plain
query (reports.plain) slow: it joins and de-duplicates every row each time. The summary splits the question:

- `report_completers`: per workshop and age group, the set of people who completed it, as a compressed bitmap
  (Roaring) of participant ids. A filter on workshops (project, objective, years, kind, theme, host country)
  selects workshops in SQL from the workshop table, which is small; their sets are united in memory, which is
  exact and takes milliseconds even for a million people.
- `report_people_by`: per country, sex and role category, the set of people who have it. A filter or a split by
  something about the person is an intersection with these sets.
- `report_completions`: per workshop and per country, sex, role and age group, the completed enrolments
  (participations) and the knowledge-test sums, which add up, so SQL sums them.

Nothing is refreshed by a batch: the changes a transaction makes to enrolments, completions, workshops' dates
and people are noted as they are flushed, and just before the commit the affected workshops' rows are rebuilt
from the enrolments and the moved people's ids taken out of one set and put in another, in the same
transaction. Rows are locked (people's sets first, then workshops, each in id order) before they are read, so
that several app instances writing at once leave the summary equal to the data; `flask reports check`
compares it with the plain query and `flask reports rebuild` rebuilds it from scratch.
"""
from collections import defaultdict

from pyroaring import BitMap
from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    case,
    delete,
    event,
    insert,
    inspect,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from workshops.extensions import db
from workshops.people.models import Participant
from workshops.reports.figures import YOUTH_AGE, AgeGroup, Dimension, workshop_year
from workshops.training import attendance
from workshops.training.models import Enrolment, Workshop

#: The person's fields the sets of report_people_by are kept for, by dimension.
PERSON_FIELDS = {Dimension.COUNTRY: "country_code", Dimension.SEX: "sex", Dimension.ROLE: "role_category"}
#: Fields whose change moves a person in the summary (the year of birth changes their age groups).
_COUNTED_FIELDS = (*PERSON_FIELDS.values(), "year_of_birth")


class Completers(db.Model):
    __tablename__ = "report_completers"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    #: A serialised pyroaring.BitMap of participant ids: as many as the workshop's participations of the group.
    people: Mapped[bytes] = mapped_column(LargeBinary)
    #: Of those, how many carry both test scores, and the sum of their gains: so that a table that splits
    #: nothing about the person needs no other row.
    scored: Mapped[int] = mapped_column(Integer)
    gain_total: Mapped[int] = mapped_column(Integer)


#: What report_completions sums.
SUMS = ("participations", "scored", "gain_total")


class Completions(db.Model):
    __tablename__ = "report_completions"
    __table_args__ = (
        #: Covering indexes in the orders the reports group by, so that SQLite sums without sorting: by all the
        #: person's columns, and by workshop then one of them (by workshop then country is the primary key's
        #: order, and the table is stored in it: WITHOUT ROWID).
        Index("ix_report_completions_person", "country_code", "sex", "role_category", "age_group", "workshop_id",
              *SUMS),
        Index("ix_report_completions_sex", "workshop_id", "sex", "country_code", "role_category", "age_group", *SUMS),
        Index("ix_report_completions_role", "workshop_id", "role_category", "country_code", "sex", "age_group",
              *SUMS),
        Index("ix_report_completions_age", "workshop_id", "age_group", "country_code", "sex", "role_category",
              *SUMS),
        {"sqlite_with_rowid": False},
    )

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)
    role_category: Mapped[str] = mapped_column(String(20), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    participations: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    gain_total: Mapped[int] = mapped_column(Integer)


class PeopleBy(db.Model):
    __tablename__ = "report_people_by"

    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(20), primary_key=True)
    #: A serialised pyroaring.BitMap of participant ids.
    people: Mapped[bytes] = mapped_column(LargeBinary)


def age_group_of():
    """One completed enrolment's age group, in SQL, as reports.figures defines it."""
    return case((Participant.year_of_birth.is_(None), AgeGroup.UNKNOWN.value),
                (workshop_year() - Participant.year_of_birth <= YOUTH_AGE, AgeGroup.YOUTH.value),
                else_=AgeGroup.OLDER.value)


# -- Noting what changes ------------------------------------------------------------------------------------------

def _noted(session) -> tuple[set[int], dict[int, dict]]:
    """The workshops to rebuild and the people to move (id -> their counted fields before the transaction, or
    None for a person new in it) that this transaction has noted so far."""
    return (session.info.setdefault("report_workshops", set()), session.info.setdefault("report_people", {}))


def _before(person: Participant) -> dict:
    """The counted fields as they were before this flush."""
    state = inspect(person)
    values = {}
    for name in _COUNTED_FIELDS:
        history = state.attrs[name].history
        values[name] = history.deleted[0] if history.deleted else getattr(person, name)
    return values


@event.listens_for(db.session, "after_flush")
def _note_changes(session, _context) -> None:
    workshops, people = _noted(session)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Enrolment):
            workshops.update(value for value in inspect(instance).attrs.workshop_id.history.sum() if value)
            workshops.add(instance.workshop_id)
        elif isinstance(instance, Workshop) and inspect(instance).attrs.starts_on.history.has_changes():
            workshops.add(instance.id)
        elif isinstance(instance, Participant):
            state = inspect(instance)
            if instance in session.new:
                people.setdefault(instance.id, None)
            elif instance in session.deleted or any(state.attrs[name].history.has_changes()
                                                    for name in _COUNTED_FIELDS):
                people.setdefault(instance.id, _before(instance))


def _note_completion(workshop_id: int) -> None:
    _noted(db.session)[0].add(workshop_id)


attendance.completion_watchers.append(_note_completion)


@event.listens_for(db.session, "before_commit")
def _bring_up_to_date(session) -> None:
    session.flush()
    workshops, people = _noted(session)
    if people:
        workshops |= _move_people(session, people)
    if workshops:
        refresh_workshops(sorted(workshops))
    _forget(session)


@event.listens_for(db.session, "after_rollback")
def _forget(session) -> None:
    """Nothing noted outlives its transaction."""
    session.info.pop("report_workshops", None)
    session.info.pop("report_people", None)


# -- Keeping the summary ------------------------------------------------------------------------------------------

def _move_people(session, people: dict[int, dict | None]) -> set[int]:
    """Take each person out of the sets of their former values and into those of their present ones; give back
    the workshops they completed, whose per-person rows must be rebuilt."""
    present = {person_id: values for person_id, *values in session.execute(
        select(Participant.id, *(getattr(Participant, name) for name in _COUNTED_FIELDS))
        .where(Participant.id.in_(people)))}
    changes: dict[tuple[str, str], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for person_id, before in people.items():
        now = dict(zip(_COUNTED_FIELDS, present[person_id], strict=True)) if person_id in present else None
        for dimension, name in PERSON_FIELDS.items():
            old, new = (str(before[name]) if before else None), (str(now[name]) if now else None)
            if old != new:
                if old is not None:
                    changes[(dimension.value, old)][1].add(person_id)
                if new is not None:
                    changes[(dimension.value, new)][0].add(person_id)
    _apply_to_sets(session, changes)
    return set(session.scalars(select(Enrolment.workshop_id).distinct()
                               .where(Enrolment.participant_id.in_(people), Enrolment.is_completed)))


def _apply_to_sets(session, changes) -> None:
    """Add and remove people in the sets of these (dimension, value) keys. Missing sets are made first, with an
    insert that does nothing where another transaction made the same one meanwhile; then all are locked in key
    order, so that concurrent writers queue instead of overwriting each other's changes."""
    keys = sorted(changes)
    if not keys:
        return
    dialect_insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(dialect_insert(PeopleBy).values([
        {"dimension": dimension, "value": value, "people": BitMap().serialize()} for dimension, value in keys])
        .on_conflict_do_nothing())
    rows = {(row.dimension, row.value): row for row in session.scalars(
        select(PeopleBy).where(tuple_(PeopleBy.dimension, PeopleBy.value).in_(keys))
        .order_by(PeopleBy.dimension, PeopleBy.value).with_for_update().execution_options(populate_existing=True))}
    for key in keys:
        added, removed = changes[key]
        people = BitMap.deserialize(rows[key].people)
        people |= BitMap(added)
        people -= BitMap(removed)
        rows[key].people = people.serialize()
    session.flush()


def refresh_workshops(workshop_ids: list[int]) -> None:
    """Rebuild the summary's rows of these workshops from their completed enrolments, their rows locked first."""
    session = db.session
    session.scalars(select(Workshop.id).where(Workshop.id.in_(workshop_ids)).order_by(Workshop.id)
                    .with_for_update()).all()
    session.execute(delete(Completers).where(Completers.workshop_id.in_(workshop_ids)))
    session.execute(delete(Completions).where(Completions.workshop_id.in_(workshop_ids)))
    _insert_rows(session, Workshop.id.in_(workshop_ids))


def _insert_rows(session, which) -> None:
    """The summary rows of the workshops matching `which`, from their completed enrolments."""
    age = age_group_of()
    completed = (select(Enrolment.workshop_id, age.label("age"), Enrolment.participant_id)
                 .join(Workshop, Workshop.id == Enrolment.workshop_id)
                 .join(Participant, Participant.id == Enrolment.participant_id)
                 .where(Enrolment.is_completed, which).order_by(Enrolment.workshop_id))
    sets: dict[tuple[int, str], BitMap] = defaultdict(BitMap)
    for workshop_id, age_group, person_id in session.execute(completed):
        sets[(workshop_id, age_group)].add(person_id)
    scored = Enrolment.pre_test_score.is_not(None) & Enrolment.post_test_score.is_not(None)
    counts = (select(Enrolment.workshop_id, Participant.country_code, Participant.sex, Participant.role_category,
                     age, db.func.count(), db.func.count(case((scored, 1))),
                     db.func.coalesce(db.func.sum(case((scored, Enrolment.post_test_score
                                                        - Enrolment.pre_test_score))), 0))
              .join(Workshop, Workshop.id == Enrolment.workshop_id)
              .join(Participant, Participant.id == Enrolment.participant_id)
              .where(Enrolment.is_completed, which)
              .group_by(Enrolment.workshop_id, Participant.country_code, Participant.sex,
                        Participant.role_category, age))
    rows = [{"workshop_id": row[0], "country_code": row[1], "sex": str(row[2]), "role_category": str(row[3]),
             "age_group": row[4], "participations": row[5], "scored": row[6], "gain_total": row[7]}
            for row in session.execute(counts)]
    tests: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        tests[(row["workshop_id"], row["age_group"])][0] += row["scored"]
        tests[(row["workshop_id"], row["age_group"])][1] += row["gain_total"]
    if sets:
        session.execute(insert(Completers), [
            {"workshop_id": workshop_id, "age_group": age_group, "people": people.serialize(),
             "scored": tests[(workshop_id, age_group)][0], "gain_total": tests[(workshop_id, age_group)][1]}
            for (workshop_id, age_group), people in sets.items()])
    if rows:
        session.execute(insert(Completions), rows)


def rebuild() -> None:
    """The whole summary from the data, in the caller's transaction: after a restore, or to repair."""
    session = db.session
    for model in (Completers, Completions, PeopleBy):
        session.execute(delete(model))
    _insert_rows(session, Workshop.id.is_not(None))
    sets: dict[tuple[str, str], BitMap] = defaultdict(BitMap)
    columns = [getattr(Participant, name) for name in PERSON_FIELDS.values()]
    for person_id, *values in session.execute(select(Participant.id, *columns)):
        for dimension, value in zip(PERSON_FIELDS, values, strict=True):
            sets[(dimension.value, str(value))].add(person_id)
    if sets:
        session.execute(insert(PeopleBy), [{"dimension": dimension, "value": value, "people": people.serialize()}
                                          for (dimension, value), people in sets.items()])
    _forget(session)
