"""The figures as plain SQL over the enrolments themselves: the definition the maintained summary must equal.

Too slow for a million people (every query joins and de-duplicates millions of rows), which is why pages read
reports.summary instead; but it is the rule written once in SQL, so tests, the benchmark and the
`flask reports check` command compare the summary with it.
"""
from itertools import product

from sqlalchemy import case, distinct, func, select

from workshops.access.policy import Action, in_workshops
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective
from workshops.reports.figures import (
    YOUTH_AGE,
    AgeGroup,
    Breakdown,
    Dimension,
    Figures,
    ReportFilters,
    workshop_conditions,
    workshop_key_column,
    workshop_year,
)
from workshops.training.models import Enrolment, Workshop

#: Age groups ranked so that a person's lowest rank among their counted enrolments is their group.
_AGE_RANKS = (AgeGroup.YOUTH, AgeGroup.OLDER, AgeGroup.UNKNOWN)


def _age_rank():
    """The age group of one enrolment: the person's year of birth against the workshop's year."""
    return case((Participant.year_of_birth.is_(None), 2),
                (workshop_year() - Participant.year_of_birth <= YOUTH_AGE, 0), else_=1)


def _key_column(dimension: Dimension):
    if dimension.of_workshop:
        return workshop_key_column(dimension)
    return {Dimension.COUNTRY: Participant.country_code, Dimension.SEX: Participant.sex,
            Dimension.ROLE: Participant.role_category, Dimension.AGE_GROUP: _age_rank()}[dimension]


def _counted(query, filters: ReportFilters, viewer_id: int | None):
    """Completed enrolments in the viewer's scope that pass the filters, with workshop and person joined."""
    query = (query.select_from(Enrolment).join(Workshop, Workshop.id == Enrolment.workshop_id)
             .join(Objective, Objective.id == Workshop.objective_id)
             .join(Participant, Participant.id == Enrolment.participant_id)
             .where(Enrolment.is_completed, in_workshops(viewer_id, Action.SEE_TOTALS, Enrolment.workshop_id),
                    *workshop_conditions(filters)))
    for values, column in ((filters.countries, Participant.country_code), (filters.sexes, Participant.sex),
                           (filters.roles, Participant.role_category)):
        if values:
            query = query.where(column.in_(sorted(values)))
    if filters.age_groups:
        query = query.where(_age_rank().in_([_AGE_RANKS.index(AgeGroup(group)) for group in filters.age_groups]))
    return query


def _trainees(filters, dimensions, viewer_id) -> dict[tuple, int]:
    """Distinct people per key: each person's age group is the lowest among their enrolments of the key's
    workshops, so a person falls in one group per row."""
    keyed = [dimension for dimension in dimensions if dimension is not Dimension.AGE_GROUP]
    columns = [_key_column(dimension).label(f"k{index}") for index, dimension in enumerate(keyed)]
    per_person = (_counted(select(Enrolment.participant_id, *columns, func.min(_age_rank()).label("age")),
                           filters, viewer_id)
                  .group_by(Enrolment.participant_id, *columns).subquery())
    outer = [per_person.c.age if dimension is Dimension.AGE_GROUP else per_person.c[f"k{keyed.index(dimension)}"]
             for dimension in dimensions]
    rows = db.session.execute(select(*outer, func.count()).select_from(per_person).group_by(*outer))
    return {_keys(dimensions, values): count for *values, count in rows}


def _participations(filters, dimensions, viewer_id) -> dict[tuple, tuple[int, int, int, int]]:
    columns = [_key_column(dimension) for dimension in dimensions]
    gain = Enrolment.post_test_score - Enrolment.pre_test_score
    scored = Enrolment.pre_test_score.is_not(None) & Enrolment.post_test_score.is_not(None)
    query = _counted(select(*columns, func.count(), func.count(distinct(Enrolment.workshop_id)),
                            func.count(case((scored, 1))), func.coalesce(func.sum(case((scored, gain))), 0)),
                     filters, viewer_id).group_by(*columns)
    width = len(columns)
    return {_keys(dimensions, row[:width]): tuple(int(count) for count in row[width:])
            for row in db.session.execute(query)}


def _keys(dimensions, values) -> tuple:
    return tuple(_AGE_RANKS[value].value if dimension is Dimension.AGE_GROUP else _plain(value)
                 for dimension, value in zip(dimensions, values, strict=True))


def _plain(value):
    """Enum members as their stored string, so that keys compare equal whichever engine gave them."""
    return str(value) if isinstance(value, str) else value


def _figures(trainees, participations, workshops, scored, gain, *, cell: bool) -> Figures:
    return Figures(trainees, participations, None if cell else workshops, scored, gain)


def plain_breakdown(filters: ReportFilters, rows: Dimension | None = None, columns: Dimension | None = None, *,
                    viewer_id: int | None) -> Breakdown:
    """The table as the counting rules define it, one GROUP BY per level of totals."""
    levels = {}
    for with_rows, with_columns in product((True, False), repeat=2):
        dimensions = [dimension for dimension, wanted in ((rows, with_rows), (columns, with_columns))
                      if wanted and dimension is not None]
        if (with_rows and rows is None) or (with_columns and columns is None):
            continue
        trainees = _trainees(filters, dimensions, viewer_id)
        participations = _participations(filters, dimensions, viewer_id)
        levels[(with_rows, with_columns)] = {key: _figures(trainees.get(key, 0), *participations[key],
                                                           cell=with_rows and with_columns)
                                             for key in participations}
    return Breakdown(
        rows=rows, columns=columns,
        cells=levels.get((True, True), {}),
        row_totals={key[0]: figures for key, figures in levels.get((True, False), {}).items()},
        column_totals={key[0]: figures for key, figures in levels.get((False, True), {}).items()},
        total=levels[(False, False)].get((), Figures()))
