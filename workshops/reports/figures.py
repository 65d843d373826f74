"""What a report asks and what it answers: the filters, the dimensions a total is split by, and the figures.

Both ways of counting (the maintained summary of reports.summary, which pages use, and the plain SQL of
reports.plain, which defines the numbers and checks the summary) take and give these, so that a test or the
`flask reports check` command compares them field by field.

Counting rules (../shared/DOMAIN.md): a trainee is a distinct person with a completed enrolment in scope,
counted under the country, sex and role on their record; a participation is a completed person-workshop pair.
Age groups are youth (35 or under in the year of the workshop), older, and not known (no year of birth). A
trainee trained both as youth and later as older counts as youth: within each row of a table a person falls in
exactly one age group, so every split adds up to its total.
"""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Integer, and_, cast, extract

from workshops.enums import LabelledEnum
from workshops.programmes.models import Objective
from workshops.training.models import Workshop

#: Youth: 35 or under in the year of the workshop, as seed 004's youth-sensitive approach counts it.
YOUTH_AGE = 35


class AgeGroup(LabelledEnum):
    YOUTH = "youth", _l("35 or under")
    OLDER = "older", _l("Over 35")
    UNKNOWN = "unknown", _l("Age not known")


class Dimension(LabelledEnum):
    """What a total can be split by. The first six describe the workshop, the next three the person, and the age
    group both (the person's year of birth against the workshop's year)."""

    PROJECT = "project", _l("Project")
    OBJECTIVE = "objective", _l("Objective")
    YEAR = "year", _l("Year")
    KIND = "kind", _l("Workshop kind")
    THEME = "theme", _l("Theme")
    HOST_COUNTRY = "host_country", _l("Host country")
    COUNTRY = "country", _l("Country")
    SEX = "sex", _l("Sex")
    ROLE = "role", _l("Role category")
    AGE_GROUP = "age_group", _l("Age group")

    @property
    def of_workshop(self) -> bool:
        return self in WORKSHOP_DIMENSIONS

    @property
    def of_person(self) -> bool:
        return self in PERSON_DIMENSIONS


WORKSHOP_DIMENSIONS = frozenset({Dimension.PROJECT, Dimension.OBJECTIVE, Dimension.YEAR, Dimension.KIND,
                                 Dimension.THEME, Dimension.HOST_COUNTRY})
PERSON_DIMENSIONS = frozenset({Dimension.COUNTRY, Dimension.SEX, Dimension.ROLE})


@dataclass(frozen=True)
class ReportFilters:
    """Which completed enrolments count. An empty set of values means any; values are the stored ones
    ("national", "EG", "F", "prosecutor", "youth")."""

    project_id: int | None = None
    objective_id: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    kinds: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    host_countries: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    sexes: frozenset[str] = frozenset()
    age_groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Figures:
    """Unique trainees and participations side by side, never added; the workshops they completed; and the
    knowledge test: how many participations carry both scores and the sum of their gains (post minus pre).

    Workshops are counted for a table's rows, columns and total; a cell's is None (not counted: no table shows
    it, and it would cost a pass over every workshop for every cell).
    """

    trainees: int = 0
    participations: int = 0
    workshops: int | None = 0
    scored: int = 0
    gain_total: int = 0

    @property
    def average_gain(self) -> float | None:
        return self.gain_total / self.scored if self.scored else None


@dataclass(frozen=True)
class Breakdown:
    """A table of figures: rows by one dimension, columns by another (or none), with totals that are counted,
    not added (a person trained in two years is one trainee of the whole table)."""

    rows: Dimension | None
    columns: Dimension | None
    cells: dict[tuple, Figures] = field(default_factory=dict)
    row_totals: dict = field(default_factory=dict)
    column_totals: dict = field(default_factory=dict)
    total: Figures = Figures()

    @property
    def row_keys(self) -> list:
        return sorted(self.row_totals, key=_sortable)

    @property
    def column_keys(self) -> list:
        return sorted(self.column_totals, key=_sortable)

    def cell(self, row, column) -> Figures:
        return self.cells.get((row, column), Figures())


def _sortable(key):
    return (key is None, str(key) if not isinstance(key, int) else f"{key:012d}")


def workshop_conditions(filters: ReportFilters) -> list[ColumnElement[bool]]:
    """The filters on the workshop (with its objective joined), in SQL: one definition for both engines."""
    conditions = []
    if filters.project_id is not None:
        conditions.append(Objective.project_id == filters.project_id)
    if filters.objective_id is not None:
        conditions.append(Workshop.objective_id == filters.objective_id)
    if filters.year_from is not None:
        conditions.append(Workshop.starts_on >= date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        conditions.append(Workshop.starts_on < date(filters.year_to + 1, 1, 1))
    for values, column in ((filters.kinds, Workshop.kind), (filters.themes, Workshop.theme),
                           (filters.host_countries, Workshop.country_code)):
        if values:
            conditions.append(column.in_(sorted(values)))
    return [and_(*conditions)] if conditions else []


def workshop_key_column(dimension: Dimension):
    """The SQL expression a workshop dimension groups by (the objective joined for the project)."""
    return {Dimension.PROJECT: Objective.project_id, Dimension.OBJECTIVE: Workshop.objective_id,
            Dimension.YEAR: workshop_year(), Dimension.KIND: Workshop.kind,
            Dimension.THEME: Workshop.theme, Dimension.HOST_COUNTRY: Workshop.country_code}[dimension]


def workshop_year():
    """The workshop's year as an integer on both databases (PostgreSQL's EXTRACT gives a numeric)."""
    return cast(extract("year", Workshop.starts_on), Integer)
