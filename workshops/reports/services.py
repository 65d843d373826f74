"""Per-country training totals, computed in SQL under the counting rules of DOMAIN.md.

Trainees are distinct people with at least one completed enrolment in scope (rule 1, counted under the
person's country); participations are completed person-workshop pairs (rule 2); non-completers count in
neither (rule 3). The total row is its own query, not a sum of rows: a regional workshop appears under
several countries but is one workshop.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, distinct, false, func, select, true

from workshops.access.policy import Action, Reach, in_workshops, may, reach
from workshops.countries import country_name
from workshops.extensions import db
from workshops.people.models import Participant, Sex
from workshops.programmes.models import Objective
from workshops.training.models import Enrolment, Workshop

COLUMNS = ("country_code", "country", "trainees", "women", "men", "participations", "workshops")


@dataclass(frozen=True)
class ReportFilters:
    project_id: int | None = None
    objective_id: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class CountryRow:
    country_code: str
    country: str
    trainees: int
    women: int
    men: int
    participations: int
    workshops: int


@dataclass(frozen=True)
class CountryTotals:
    rows: list[CountryRow]
    total: CountryRow


def _measures():
    return (
        func.count(distinct(Participant.id)).label("trainees"),
        func.count(distinct(case((Participant.sex == Sex.FEMALE, Participant.id)))).label("women"),
        func.count(distinct(case((Participant.sex == Sex.MALE, Participant.id)))).label("men"),
        func.count(Enrolment.id).label("participations"),
        func.count(distinct(Enrolment.workshop_id)).label("workshops"),
    )


def _visible(filters: ReportFilters, viewer_id: int | None):
    """The viewer's scope (see access.policy) as a condition on the enrolments counted.

    With a project chosen, a scope made of whole projects is all of that project or none of it: one lookup
    instead of a semi-join on every enrolment row.
    """
    if filters.project_id is not None and reach(viewer_id, Action.SEE_TOTALS) is not Reach.WORKSHOP:
        return true() if may(viewer_id, Action.SEE_TOTALS, project_id=filters.project_id) else false()
    return in_workshops(viewer_id, Action.SEE_TOTALS, Enrolment.workshop_id)


def _completed_in_scope(query, filters: ReportFilters, viewer_id: int | None):
    """Completed enrolments on the workshops the viewer may count, then the filters."""
    query = query.select_from(Enrolment).where(Enrolment.is_completed, _visible(filters, viewer_id))
    if filters.project_id is not None or filters.objective_id is not None or filters.year is not None:
        query = query.join(Workshop, Workshop.id == Enrolment.workshop_id)
    if filters.project_id is not None:
        query = query.join(Objective, Objective.id == Workshop.objective_id).where(
            Objective.project_id == filters.project_id)
    if filters.objective_id is not None:
        query = query.where(Workshop.objective_id == filters.objective_id)
    if filters.year is not None:
        query = query.where(Workshop.starts_on >= date(filters.year, 1, 1),
                            Workshop.starts_on < date(filters.year + 1, 1, 1))
    return query


def country_totals(filters: ReportFilters, locale: str = "en", *, viewer_id: int | None) -> CountryTotals:
    by_country = (_completed_in_scope(select(Participant.country_code, *_measures()), filters, viewer_id)
                  .join(Participant, Participant.id == Enrolment.participant_id).group_by(Participant.country_code))
    rows = [CountryRow(code, country_name(code, locale), *counts) for code, *counts in db.session.execute(by_country)]
    rows.sort(key=lambda row: row.country)
    workshops = db.session.scalar(_completed_in_scope(select(func.count(distinct(Enrolment.workshop_id))), filters,
                                                      viewer_id))
    total = CountryRow("", "", *(sum(getattr(row, measure) for row in rows)
                                 for measure in ("trainees", "women", "men", "participations")), workshops)
    return CountryTotals(rows=rows, total=total)


def report_years() -> list[int]:
    """Years in which workshops started, for the year filter."""
    first, last = db.session.execute(select(func.min(Workshop.starts_on), func.max(Workshop.starts_on))).one()
    return list(range(last.year, first.year - 1, -1)) if first else []


@dataclass(frozen=True)
class ProjectSummary:
    trainees: int
    women: int
    participations: int
    workshops: int


def project_summaries(*, viewer_id: int | None) -> dict[int, ProjectSummary]:
    """Headline figures of every project the viewer may count, in one GROUP BY, for the start page."""
    query = (select(Objective.project_id, *_measures()).select_from(Enrolment)
             .where(Enrolment.is_completed, in_workshops(viewer_id, Action.SEE_TOTALS, Enrolment.workshop_id))
             .join(Participant, Participant.id == Enrolment.participant_id)
             .join(Workshop, Workshop.id == Enrolment.workshop_id)
             .join(Objective, Objective.id == Workshop.objective_id).group_by(Objective.project_id))
    return {project_id: ProjectSummary(trainees, women, participations, workshops)
            for project_id, trainees, women, _men, participations, workshops in db.session.execute(query)}
