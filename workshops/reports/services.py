"""Totals for project leads and donors, with any filters and split by any two dimensions, read from the
maintained summary (reports.summary) under the counting rules of reports.figures.

A table is answered in a handful of queries whatever the size of the registry: the workshops the filters and the
viewer's scope select, with their sets of completers; the sets of people by country, sex or role that the
filters or the split need; and the summed participations. Distinct trainees are counted by uniting and
intersecting sets, never by adding rows, so a regional workshop counts once and a person trained three times
is one trainee.
"""
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce

from pyroaring import BitMap
from sqlalchemy import func, select

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
)
from workshops.reports.summary import Completers, Completions, PeopleBy
from workshops.training.models import Workshop

__all__ = ["AgeGroup", "Breakdown", "Dimension", "Figures", "ReportFilters", "breakdown", "totals"]

_COMPLETIONS_COLUMN = {Dimension.COUNTRY: Completions.country_code, Dimension.SEX: Completions.sex,
                       Dimension.ROLE: Completions.role_category, Dimension.AGE_GROUP: Completions.age_group}
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


@dataclass(frozen=True)
class _Selection:
    """The workshops the viewer may count that pass the filters on the workshop, with their key in the table's
    workshop dimensions; `everything` when that is every workshop, so the summary is read without a condition."""

    keys: dict[int, tuple]
    dimensions: tuple[Dimension, ...]
    everything: bool

    @classmethod
    def of(cls, filters: ReportFilters, dimensions: list[Dimension], viewer_id: int | None) -> "_Selection":
        columns = [workshop_key_column(dimension) for dimension in dimensions]
        conditions = workshop_conditions(filters)
        query = (select(Workshop.id, *columns).join(Objective, Objective.id == Workshop.objective_id)
                 .where(in_workshops(viewer_id, Action.SEE_TOTALS, Workshop.id), *conditions))
        keys = {workshop_id: tuple(_plain(value) for value in key) for workshop_id, *key in db.session.execute(query)}
        everything = not conditions and (viewer_id is None or reach(viewer_id, Action.SEE_TOTALS) is Reach.EVERYWHERE)
        return cls(keys, tuple(dimensions), everything)

    def within(self, query, workshop_id_column):
        return query if self.everything else query.where(workshop_id_column.in_(list(self.keys)))


def _participations(filters, rows, columns, selection: _Selection) -> dict[tuple[bool, bool], dict]:
    """Participations and knowledge-test sums per key at each level of totals, for a table about the person.

    They add up, so SQL sums the summary's rows of the selected workshops by what the table splits the person
    by, and by workshop when it also splits by something about the workshop; the few rows that come back are
    added up here to each level. Without a split by workshop the query groups by all four of the person's
    columns, which follows the summary's covering index and so never sorts; with one, by workshop and only
    what the table splits the person by, so that few rows come back.
    """
    order = [dimension for dimension in (rows, columns) if dimension is not None]
    by_workshop = any(dimension.of_workshop for dimension in order)
    person_dimensions = ([dimension for dimension in order if not dimension.of_workshop] if by_workshop
                         else list(_COMPLETIONS_COLUMN))
    groups = [*([Completions.workshop_id] if by_workshop else []),
              *(_COMPLETIONS_COLUMN[dimension] for dimension in person_dimensions)]
    query = selection.within(select(*groups, func.sum(Completions.participations), func.sum(Completions.scored),
                                    func.sum(Completions.gain_total)), Completions.workshop_id)
    for dimension, name in (*_PERSON_FILTERS.items(), (Dimension.AGE_GROUP, "age_groups")):
        if values := getattr(filters, name):
            query = query.where(_COMPLETIONS_COLUMN[dimension].in_(sorted(values)))
    finest: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in db.session.connection().execute(query.group_by(*groups)):
        workshop_key = selection.keys[row[0]] if by_workshop else ()
        sums = finest[(*workshop_key, *map(_plain, row[1 if by_workshop else 0:-3]))]
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
    """Distinct people per key, by uniting the completers' sets of the selected workshops and intersecting them
    with the sets of people by country, sex and role; and the workshops with someone to count."""

    def __init__(self, filters: ReportFilters, dimensions: list[Dimension], selection: _Selection):
        self.selection = selection
        self.people_by = _people_sets(filters, [dimension for dimension in dimensions if dimension.of_person])
        self.by_workshop = _completer_sets(filters, selection, self.people_by.pop(None, None))
        self.groups: dict[tuple, list[int]] = defaultdict(list)
        for workshop_id in self.by_workshop:
            self.groups[selection.keys[workshop_id]].append(workshop_id)
        self._united: dict = {}
        self._per_workshop: dict = {}
        self._whole: dict[int, BitMap] = {}

    def participations(self, rows, columns) -> dict[tuple[bool, bool], dict]:
        """For a table about workshops and age groups only: each completer set's size is its participations."""
        finest: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for workshop_key, workshop_ids in self.groups.items():
            for workshop_id in workshop_ids:
                for age_group, (people, scored, gain) in self.by_workshop[workshop_id].items():
                    sums = finest[(*workshop_key, age_group)]
                    sums[0] += len(people)
                    sums[1] += scored
                    sums[2] += gain
        return _to_levels(finest, [*self.selection.dimensions, Dimension.AGE_GROUP], rows, columns)

    def count(self, key: dict[Dimension, object]) -> int:
        by_age = self._classified(tuple(key.get(dimension, _ALL) for dimension in self.selection.dimensions))
        if Dimension.AGE_GROUP in key:
            people = by_age[key[Dimension.AGE_GROUP]]
        else:
            people = reduce(BitMap.union, by_age.values(), BitMap())
        person_keys = [(dimension, value) for dimension, value in key.items() if dimension.of_person]
        for dimension, value in person_keys[:-1]:
            people = people & self.people_by[dimension].get(value, BitMap())
        if person_keys:
            dimension, value = person_keys[-1]
            return people.intersection_cardinality(self.people_by[dimension].get(value, BitMap()))
        return len(people)

    def workshops(self, key: dict[Dimension, object]) -> int:
        """How many selected workshops matching the key's workshop values have someone the key counts."""
        wanted = tuple(key.get(dimension, _ALL) for dimension in self.selection.dimensions)
        completers = self._completers(wanted, key.get(Dimension.AGE_GROUP))
        person = next(((dimension, value) for dimension, value in key.items() if dimension.of_person), None)
        if person is None:
            return len(completers)
        among = self.people_by[person[0]].get(person[1], BitMap())
        return sum(1 for people in completers if people.intersect(among))

    def _matching(self, wanted: tuple):
        for workshop_key, workshop_ids in self.groups.items():
            if all(want is _ALL or want == have for want, have in zip(wanted, workshop_key, strict=True)):
                yield from workshop_ids

    def _completers(self, wanted: tuple, age_group: str | None) -> list[BitMap]:
        """Each matching workshop's counted people (of one age group, or all), for those that have any."""
        if (wanted, age_group) not in self._per_workshop:
            found = []
            for workshop_id in self._matching(wanted):
                sets = self.by_workshop[workshop_id]
                people = (sets[age_group][0] if age_group in sets else BitMap()) if age_group else self._all_ages(
                    workshop_id)
                if people:
                    found.append(people)
            self._per_workshop[(wanted, age_group)] = found
        return self._per_workshop[(wanted, age_group)]

    def _all_ages(self, workshop_id: int) -> BitMap:
        if workshop_id not in self._whole:
            sets = self.by_workshop[workshop_id]
            self._whole[workshop_id] = BitMap.union(*(people for people, _scored, _gain in sets.values()))
        return self._whole[workshop_id]

    def _classified(self, wanted: tuple) -> dict[str, BitMap]:
        """The people of the workshops matching `wanted` by age group, each in one: youth if youth at any."""
        if wanted not in self._united:
            by_age: dict[str, list[BitMap]] = defaultdict(list)
            for workshop_id in self._matching(wanted):
                for age_group, (people, _scored, _gain) in self.by_workshop[workshop_id].items():
                    by_age[age_group].append(people)
            united = {age_group: BitMap.union(*people) for age_group, people in by_age.items()}
            youth = united.get(AgeGroup.YOUTH.value, BitMap())
            self._united[wanted] = {AgeGroup.YOUTH.value: youth,
                                    AgeGroup.OLDER.value: united.get(AgeGroup.OLDER.value, BitMap()) - youth,
                                    AgeGroup.UNKNOWN.value: united.get(AgeGroup.UNKNOWN.value, BitMap())}
        return self._united[wanted]


def _completer_sets(filters, selection: _Selection, keep: BitMap | None) -> dict[int, dict[str, tuple]]:
    """Per selected workshop and age group, its completers (narrowed to `keep`, the people the filters on the
    person allow, when given) with their test sums."""
    query = selection.within(select(Completers.workshop_id, Completers.age_group, Completers.people,
                                    Completers.scored, Completers.gain_total), Completers.workshop_id)
    if filters.age_groups:
        query = query.where(Completers.age_group.in_(sorted(filters.age_groups)))
    sets: dict[int, dict[str, tuple]] = defaultdict(dict)
    for workshop_id, age_group, people, scored, gain in db.session.execute(query):
        people = BitMap.deserialize(people)
        sets[workshop_id][age_group] = (people & keep if keep is not None else people, scored, gain)
    return sets


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
    allowed = [BitMap.union(*(sets[dimension].get(value, BitMap()) for value in getattr(filters, name)))
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
    table = breakdown(ReportFilters(project_id=project_id), Dimension.PROJECT, Dimension.SEX, viewer_id=viewer_id)
    return {project_id: ProjectSummary(figures.trainees, table.cell(project_id, "F").trainees,
                                       figures.participations, figures.workshops)
            for project_id, figures in table.row_totals.items()}
