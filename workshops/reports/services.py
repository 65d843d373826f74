"""Totals for project leads and donors, with any filters and split by any two dimensions, read from the
maintained summary (reports.summary) under the counting rules of reports.figures.

A table is answered in a handful of queries whatever the size of the registry: the workshops the filters and the
viewer's scope select; the sets of completers of their (objective, year) groups when they are whole groups, else
their own; the sets of people by country, sex or role that the filters or the split need; the sets of workshops
by kind of person, for the workshop counts; and the summed participations. Distinct trainees are counted by uniting and
intersecting sets, never by adding rows, so a regional workshop counts once and a person trained three times
is one trainee.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import reduce

from pyroaring import BitMap
from sqlalchemy import false, func, select, tuple_

from workshops.access.policy import Action, Reach, in_workshops, reach
from workshops.extensions import db
from workshops.programmes.models import Objective
from workshops.reports.figures import (
    AgeGroup,
    Breakdown,
    Dimension,
    Figures,
    ReportFilters,
    workshop_conditions,
    workshop_key_column,
    workshop_year,
)
from workshops.reports.summary import (
    PERSON_KIND,
    SUMS,
    Completers,
    Completions,
    GroupCompleters,
    GroupCompletions,
    PeopleBy,
    WorkshopsBy,
)
from workshops.training.models import Workshop

__all__ = ["AgeGroup", "Breakdown", "Dimension", "Figures", "ReportFilters", "breakdown", "totals"]

#: The column of the summary's tables that holds each dimension of the person.
_COMPLETIONS_COLUMN = {Dimension.COUNTRY: "country_code", Dimension.SEX: "sex", Dimension.ROLE: "role_category",
                       Dimension.AGE_GROUP: "age_group"}
_PERSON_FILTERS = {Dimension.COUNTRY: "countries", Dimension.SEX: "sexes", Dimension.ROLE: "roles"}
_ALL = object()


def totals(filters: ReportFilters, *, viewer_id: int | None) -> Figures:
    return breakdown(filters, viewer_id=viewer_id).total


def breakdown(filters: ReportFilters, rows: Dimension | None = None, columns: Dimension | None = None, *,
              viewer_id: int | None) -> Breakdown:
    """The figures split by `rows` and `columns` (either may be None), with the row, column and grand totals.
    Workshops are counted for the rows, the columns and the total; a cell's is None (see Figures)."""
    dimensions = [dimension for dimension in (rows, columns) if dimension is not None]
    selection = _Selection.of(filters, [dimension for dimension in dimensions if dimension.of_workshop], viewer_id)
    people = _People(filters, dimensions, selection)
    about_the_person = any(not dimension.of_workshop and dimension is not Dimension.AGE_GROUP
                           for dimension in dimensions) or any(getattr(filters, name)
                                                               for name in _PERSON_FILTERS.values())
    sums = (_participations(filters, rows, columns, selection) if about_the_person
            else people.participations(rows, columns))
    counted = {}
    for level, by_key in sums.items():
        counted[level] = {}
        for key, (participations, scored, gain) in by_key.items():
            named = _named(rows, columns, level, key)
            workshops = people.workshops(named) if not all(level) else None
            counted[level][key] = Figures(people.count(named), participations, workshops, scored, gain)
    return Breakdown(rows=rows, columns=columns, cells=counted.get((True, True), {}),
                     row_totals={key[0]: figures for key, figures in counted.get((True, False), {}).items()},
                     column_totals={key[0]: figures for key, figures in counted.get((False, True), {}).items()},
                     total=counted[(False, False)].get((), Figures()))


def _named(rows, columns, level, key) -> dict[Dimension, object]:
    """The key of one figure as {dimension: value}, the dimensions a total runs over left out."""
    named, values = {}, iter(key)
    for dimension, wanted in ((rows, level[0]), (columns, level[1])):
        if dimension is not None and wanted:
            named[dimension] = next(values)
    return named


def _key(rows, columns, level, values: dict) -> tuple:
    return tuple(values[dimension] for dimension, wanted in ((rows, level[0]), (columns, level[1]))
                 if dimension is not None and wanted)


def _levels(rows, columns) -> list[tuple[bool, bool]]:
    """The cells, the row totals, the column totals and the grand total, as far as the table has them."""
    return [(with_rows, with_columns) for with_rows in (True, False) for with_columns in (True, False)
            if (rows is not None or not with_rows) and (columns is not None or not with_columns)]


#: The workshop dimensions an (objective, year) group decides.
_GROUP_DIMENSIONS = frozenset({Dimension.PROJECT, Dimension.OBJECTIVE, Dimension.YEAR})


@dataclass(frozen=True)
class _Selection:
    """The workshops the viewer may count that pass the filters on the workshop, with their key in the table's
    workshop dimensions, and the units the summary is read by: the (objective, year) groups when the workshops
    selected are whole groups and the table splits workshops only by what a group decides (then a few dozen
    rows stand for thousands of workshops), else the workshops. `everything` when every workshop is selected,
    so the summary is read without a condition."""

    workshops: dict[int, tuple]
    #: Each unit, as (objective id, year) or (workshop id,), with its key.
    units: dict[tuple, tuple]
    grouped: bool
    dimensions: tuple[Dimension, ...]
    everything: bool

    @classmethod
    def of(cls, filters: ReportFilters, dimensions: list[Dimension], viewer_id: int | None) -> "_Selection":
        columns = [workshop_key_column(dimension) for dimension in dimensions]
        conditions = workshop_conditions(filters)
        query = (select(Workshop.id, Workshop.objective_id, workshop_year(), *columns)
                 .join(Objective, Objective.id == Workshop.objective_id)
                 .where(in_workshops(viewer_id, Action.SEE_TOTALS, Workshop.id), *conditions))
        workshops, groups, selected = {}, {}, Counter()
        for workshop_id, objective_id, year, *key in db.session.execute(query):
            workshops[workshop_id] = groups[(objective_id, year)] = tuple(_plain(value) for value in key)
            selected[(objective_id, year)] += 1
        everything = not conditions and (viewer_id is None or reach(viewer_id, Action.SEE_TOTALS) is Reach.EVERYWHERE)
        grouped = set(dimensions) <= _GROUP_DIMENSIONS and (everything or _whole_groups(selected))
        units = groups if grouped else {(workshop_id,): key for workshop_id, key in workshops.items()}
        return cls(workshops, units, grouped, tuple(dimensions), everything)

    @property
    def completers(self):
        return GroupCompleters if self.grouped else Completers

    @property
    def completions(self):
        return GroupCompletions if self.grouped else Completions

    def unit_columns(self, model) -> list:
        return [model.objective_id, model.year] if self.grouped else [model.workshop_id]

    def within(self, query, model):
        """A query on a table of the summary by these units, kept to the units selected."""
        if self.everything:
            return query
        if not self.units:
            return query.where(false())
        if self.grouped:
            return query.where(tuple_(model.objective_id, model.year).in_(list(self.units)))
        return query.where(model.workshop_id.in_([workshop_id for (workshop_id,) in self.units]))


def _whole_groups(selected: Counter) -> bool:
    """Whether every (objective, year) group with a workshop selected has all its workshops selected."""
    objectives = sorted({objective_id for objective_id, _year in selected})
    every = db.session.execute(select(Workshop.objective_id, workshop_year(), func.count())
                               .where(Workshop.objective_id.in_(objectives))
                               .group_by(Workshop.objective_id, workshop_year()))
    return all(selected.get((objective_id, year), count) == count for objective_id, year, count in every)


def _participations(filters, rows, columns, selection: _Selection) -> dict[tuple[bool, bool], dict]:
    """Participations and knowledge-test sums per key at each level of totals, for a table about the person.

    They add up, so SQL sums the summary's rows of the selected units by what the table splits the person by,
    and by unit when it also splits by something about the workshop; the few rows that come back are added up
    here to each level. Without a split by workshop the query groups by all four of the person's columns, which
    follows the summary's covering index and so never sorts; with one, by unit and only what the table splits
    the person by, so that few rows come back.
    """
    order = [dimension for dimension in (rows, columns) if dimension is not None]
    by_unit = any(dimension.of_workshop for dimension in order)
    person_dimensions = ([dimension for dimension in order if not dimension.of_workshop] if by_unit
                         else list(_COMPLETIONS_COLUMN))
    model = selection.completions
    units = selection.unit_columns(model) if by_unit else []
    groups = [*units, *(getattr(model, _COMPLETIONS_COLUMN[dimension]) for dimension in person_dimensions)]
    query = selection.within(select(*groups, *(func.sum(getattr(model, name)) for name in SUMS)), model)
    for dimension, name in (*_PERSON_FILTERS.items(), (Dimension.AGE_GROUP, "age_groups")):
        if values := getattr(filters, name):
            query = query.where(getattr(model, _COMPLETIONS_COLUMN[dimension]).in_(sorted(values)))
    finest: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in db.session.connection().execute(query.group_by(*groups)):
        workshop_key = selection.units[tuple(row[:len(units)])] if by_unit else ()
        sums = finest[(*workshop_key, *map(_plain, row[len(units):-3]))]
        sums[0] += int(row[-3])
        sums[1] += int(row[-2])
        sums[2] += int(row[-1])
    return _to_levels(finest, [*selection.dimensions, *person_dimensions], rows, columns)



def _to_levels(finest: dict[tuple, list[int]], named: list[Dimension], rows, columns) -> dict:
    """Sums keyed by every dimension in `named`, added up to the table's cells, row and column totals and total."""
    levels = {level: defaultdict(lambda: [0, 0, 0]) for level in _levels(rows, columns)}
    for key, (participations, scored, gain) in finest.items():
        values = dict(zip(named, key, strict=True))
        for level, by_key in levels.items():
            sums = by_key[_key(rows, columns, level, values)]
            sums[0] += participations
            sums[1] += scored
            sums[2] += gain
    return {level: {key: tuple(sums) for key, sums in by_key.items() if sums[0]} for level, by_key in levels.items()}


def _plain(value):
    return str(value) if isinstance(value, str) else value


class _People:
    """Distinct people per key, by uniting the completers' sets of the selected units and intersecting them with
    the sets of people by country, sex and role; and the workshops with someone to count, by intersecting the
    workshops selected with those someone of the key's kind completed."""

    def __init__(self, filters: ReportFilters, dimensions: list[Dimension], selection: _Selection):
        self.filters = filters
        self.selection = selection
        self.people_by = _people_sets(filters, [dimension for dimension in dimensions if dimension.of_person])
        self.by_unit = _completer_sets(filters, selection, self.people_by.pop(None, None))
        self.groups: dict[tuple, list[tuple]] = defaultdict(list)
        for unit in self.by_unit:
            self.groups[selection.units[unit]].append(unit)
        self._united: dict = {}
        self._workshop_sets: list | None = None
        self._workshops_by_key: dict[tuple, BitMap] | None = None

    def participations(self, rows, columns) -> dict[tuple[bool, bool], dict]:
        """For a table about workshops and age groups only: the completers' rows carry the sums."""
        finest: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for workshop_key, units in self.groups.items():
            for unit in units:
                for age_group, (_people, participations, scored, gain) in self.by_unit[unit].items():
                    sums = finest[(*workshop_key, age_group)]
                    sums[0] += participations
                    sums[1] += scored
                    sums[2] += gain
        return _to_levels(finest, [*self.selection.dimensions, Dimension.AGE_GROUP], rows, columns)

    def count(self, key: dict[Dimension, object]) -> int:
        by_age = self._classified(tuple(key.get(dimension, _ALL) for dimension in self.selection.dimensions))
        people = by_age[key[Dimension.AGE_GROUP]] if Dimension.AGE_GROUP in key else _united(by_age.values())
        person_keys = [(dimension, value) for dimension, value in key.items() if dimension.of_person]
        for dimension, value in person_keys[:-1]:
            people = people & self.people_by[dimension].get(value, BitMap())
        if person_keys:
            dimension, value = person_keys[-1]
            return people.intersection_cardinality(self.people_by[dimension].get(value, BitMap()))
        return len(people)

    def workshops(self, key: dict[Dimension, object]) -> int:
        """How many selected workshops matching the key's workshop values someone the key counts completed."""
        wanted = tuple(key.get(dimension, _ALL) for dimension in self.selection.dimensions)
        if self._workshops_by_key is None:
            self._workshops_by_key = defaultdict(BitMap)
            for workshop_id, workshop_key in self.selection.workshops.items():
                self._workshops_by_key[workshop_key].add(workshop_id)
        selected = _united(workshops for workshop_key, workshops in self._workshops_by_key.items()
                           if _matches(wanted, workshop_key))
        kind = {_COMPLETIONS_COLUMN[dimension]: value for dimension, value in key.items()
                if not dimension.of_workshop}
        return selected.intersection_cardinality(self._completed_by(kind))

    def _completed_by(self, kind: dict[str, object]) -> BitMap:
        """The workshops someone of this kind (and of the kinds the filters allow) completed."""
        if self._workshop_sets is None:
            self._workshop_sets = _workshop_sets(self.filters)
        return _united(workshops for row_kind, workshops in self._workshop_sets
                       if all(row_kind[name] == value for name, value in kind.items()))

    def _classified(self, wanted: tuple) -> dict[str, BitMap]:
        """The people of the units matching `wanted` by age group, each in one: youth if youth at any."""
        if wanted not in self._united:
            by_age: dict[str, list[BitMap]] = defaultdict(list)
            for workshop_key, units in self.groups.items():
                if _matches(wanted, workshop_key):
                    for unit in units:
                        for age_group, (people, *_sums) in self.by_unit[unit].items():
                            by_age[age_group].append(people)
            united = {age_group: _united(people) for age_group, people in by_age.items()}
            youth = united.get(AgeGroup.YOUTH.value, BitMap())
            self._united[wanted] = {AgeGroup.YOUTH.value: youth,
                                    AgeGroup.OLDER.value: united.get(AgeGroup.OLDER.value, BitMap()) - youth,
                                    AgeGroup.UNKNOWN.value: united.get(AgeGroup.UNKNOWN.value, BitMap())}
        return self._united[wanted]


def _united(sets) -> BitMap:
    """The union of any number of sets, none included (pyroaring's union of many at once needs one)."""
    sets = list(sets)
    return BitMap.union(*sets) if sets else BitMap()


def _matches(wanted: tuple, workshop_key: tuple) -> bool:
    return all(want is _ALL or want == have for want, have in zip(wanted, workshop_key, strict=True))


def _completer_sets(filters, selection: _Selection, keep: BitMap | None) -> dict[tuple, dict[str, tuple]]:
    """Per selected unit and age group, its completers (narrowed to `keep`, the people the filters on the person
    allow, when given) with their participations and test sums."""
    model = selection.completers
    units = selection.unit_columns(model)
    sums = [model.participations] if selection.grouped else []
    query = selection.within(select(*units, model.age_group, model.people, model.scored, model.gain_total, *sums),
                             model)
    if filters.age_groups:
        query = query.where(model.age_group.in_(sorted(filters.age_groups)))
    sets: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    for row in db.session.execute(query):
        unit, (age_group, people, scored, gain, *participations) = tuple(row[:len(units)]), row[len(units):]
        people = BitMap.deserialize(people)
        sets[unit][age_group] = (people & keep if keep is not None else people,
                                 participations[0] if participations else len(people), scored, gain)
    return sets


def _workshop_sets(filters: ReportFilters) -> list[tuple[dict[str, str], BitMap]]:
    """The sets of workshops by kind of person, for the kinds the filters on the person allow."""
    query = select(*(getattr(WorkshopsBy, name) for name in PERSON_KIND), WorkshopsBy.workshops)
    for dimension, name in (*_PERSON_FILTERS.items(), (Dimension.AGE_GROUP, "age_groups")):
        if values := getattr(filters, name):
            query = query.where(getattr(WorkshopsBy, _COMPLETIONS_COLUMN[dimension]).in_(sorted(values)))
    return [(dict(zip(PERSON_KIND, kind, strict=True)), BitMap.deserialize(workshops))
            for *kind, workshops in db.session.execute(query)]


def _people_sets(filters: ReportFilters, split_by: list[Dimension]) -> dict:
    """The sets of people by value for each person dimension a table splits by, and under the key None the
    people every filter on the person allows (None when there is no such filter)."""
    wanted = {dimension for dimension, name in _PERSON_FILTERS.items() if getattr(filters, name)} | set(split_by)
    if not wanted:
        return {}
    sets: dict = defaultdict(dict)
    for dimension, value, people in db.session.execute(
            select(PeopleBy.dimension, PeopleBy.value, PeopleBy.people)
            .where(PeopleBy.dimension.in_([dimension.value for dimension in wanted]))):
        sets[Dimension(dimension)][value] = BitMap.deserialize(people)
    allowed = [_united(sets[dimension].get(value, BitMap()) for value in getattr(filters, name))
               for dimension, name in _PERSON_FILTERS.items() if getattr(filters, name)]
    sets[None] = reduce(BitMap.intersection, allowed) if allowed else None
    return sets


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


def project_summaries(*, viewer_id: int | None, project_id: int | None = None) -> dict[int, ProjectSummary]:
    """Headline figures of every project the viewer may count (or of the one asked), for the start page."""
    return summaries_of(summary_table(viewer_id=viewer_id, project_id=project_id))


def summary_table(*, viewer_id: int | None, project_id: int | None = None) -> Breakdown:
    """Projects by sex: every headline figure, per project and over all of them, from one table."""
    return breakdown(ReportFilters(project_id=project_id), Dimension.PROJECT, Dimension.SEX, viewer_id=viewer_id)


def summaries_of(table: Breakdown) -> dict[int, ProjectSummary]:
    return {project_id: _summary(figures, table.cell(project_id, "F"))
            for project_id, figures in table.row_totals.items()}


def overall_of(table: Breakdown) -> ProjectSummary:
    """Over all the table's projects: a person trained in two projects is one trainee."""
    return _summary(table.total, table.column_totals.get("F"))


def _summary(figures: Figures, women: Figures | None) -> ProjectSummary:
    return ProjectSummary(figures.trainees, women.trainees if women else 0, figures.participations,
                          figures.workshops or 0)
