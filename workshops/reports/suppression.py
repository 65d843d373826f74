"""Small counts withheld from tables that leave the organisation (DOMAIN.md, counting rule 6).

A count from 1 to threshold - 1 ("3 women judges from Libya") may point at a person, so it is *small* and
withheld, shown "<5" (primary suppression). That alone protects nothing when the table shows its totals: the row
total minus the other cells of the row gives it back, and so can longer chains through several rows, columns and
totals. So more values are withheld, shown "x" (secondary suppression), until every withheld value has at least
two values that agree with everything published.

Zero is published. It points at nobody, and readers need it ("no judges came"); and a withheld zero could only be
raised, so it protects no neighbour that must be lowered. This module never withholds a zero.

Whom it protects against: someone who knows every published value; what the counts must satisfy (the cells of a
row add up to the row total and the column totals to the grand total; when rows add up, the cells of a column add
up to the column total and the row totals to the grand total; when they do not, a column total lies between the
column's largest cell and the sum of its cells); that a value shown "<5" is 1 to 4; and that a value shown "x" is
at least 1, zeros being always shown. "x" promises no more than that: a small value is shown "x" rather than "<5"
where "<5" itself would give it away (a row total "<5" over four cells "<5": each is 1). Not against someone who
reasons from how the "x" values were chosen (the cheapest to withhold): agencies accept that.

How, when rows add up: the table with its margins is a network. Its rows, the row of column totals, its columns
and the column of row totals are nodes; each value is an arc between its row and its column, and the equations
say that what enters a node leaves it. Changing withheld values while keeping every equation is sending flow
round a cycle of withheld arcs, each +1 or -1 within what the reader knows of it (a "<5" stays 1 to 4, an "x" at
least 1). A withheld value can take a second value exactly when one of its arcs lies on such a cycle: any other
table that agrees with what is published differs by a circulation, which splits into cycles each possible alone.
So the audit is a search in a graph, exact and without a solver, and when a value lies on no cycle the cheapest
cycle through it is withheld too (Dijkstra: withheld arcs free, others costing their value, then a little more
outside rows and columns already carrying suppression; turning a "<5" into an "x" costs as much as withholding a
value of 5).

When rows do not add up (trainees by year or by objective: one person trained in two years counts in both rows),
changes are made within single rows and checked against the column inequalities (see `_Rows`).

Either way, row totals and the grand total are withheld only when the cells and column totals alone cannot
protect a value: readers need totals most, and they are shared with linked tables. Tables published together
that share their row totals and grand total (country by sex and country by role) are protected together
(`suppress_linked`): a total withheld in one is withheld in all, and a change of shared totals that protects a
value in one table must be possible in every other. The audit accepts a change of one pair of shared totals (of
one row total, the grand total or both when rows do not add up), which is stricter than needed and so safe.

Every table tried is protected by these searches (tests/reports/test_suppression.py solves for each withheld
value); should a repair ever find nothing, every non-zero value is withheld as "x", which is always safe.
"""
import enum
import heapq
from dataclasses import dataclass

#: Shown for a value withheld so that no small value can be worked out; the legend explaining it ("not shown, to
#: protect counts under 5") is the caller's, in the reader's language.
HIDDEN_TEXT = "x"


class Mark(enum.Enum):
    PUBLISHED = "published"
    SMALL = "small"  # 1 to threshold - 1, shown "<5"
    HIDDEN = "hidden"  # withheld, at least 1, shown "x"


@dataclass(frozen=True)
class CountTable:
    """A table of counts with its margins.

    The cells of a row always add up to the row total, and the column totals to the grand total: the columns
    split people (by sex, role or age group) and each person falls in exactly one column of a row and of the
    totals. `rows_add_up` says whether the cells of each column add up to the column total (and the row totals to
    the grand total): false when one person can count in several rows, as with years or objectives; everyone is
    then in at least one row, so that a column total lies between the column's largest cell and their sum.
    """

    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    grand_total: int
    rows_add_up: bool = True

    def __post_init__(self):
        values = [*(value for row in self.cells for value in row), *self.row_totals, *self.column_totals,
                  self.grand_total]
        if any(not isinstance(value, int) or isinstance(value, bool) or value < 0 for value in values):
            raise ValueError("counts must be non-negative integers")
        if len(self.cells) != len(self.row_totals) or any(len(row) != len(self.column_totals) for row in self.cells):
            raise ValueError("the cells must have one row per row total and one column per column total")
        if any(sum(row) != total for row, total in zip(self.cells, self.row_totals, strict=True)):
            raise ValueError("the cells of a row must add up to its row total")
        if sum(self.column_totals) != self.grand_total:
            raise ValueError("the column totals must add up to the grand total")
        if self.rows_add_up and (sum(self.row_totals) != self.grand_total or any(
                sum(row[j] for row in self.cells) != total for j, total in enumerate(self.column_totals))):
            raise ValueError("rows_add_up is set but the rows do not add up to the column and grand totals")
        if any(not max(column, default=0) <= total <= sum(column)
               for column, total in zip(zip(*self.cells, strict=False), self.column_totals, strict=False)):
            raise ValueError("a column total must lie between the largest cell of its column and their sum")


@dataclass(frozen=True)
class Suppressed:
    """A table and what may be shown of each of its values."""

    table: CountTable
    threshold: int
    cells: tuple[tuple[Mark, ...], ...]
    row_totals: tuple[Mark, ...]
    column_totals: tuple[Mark, ...]
    grand_total: Mark

    @property
    def withheld(self) -> int:
        """How many values are not shown."""
        marks = [*(mark for row in self.cells for mark in row), *self.row_totals, *self.column_totals,
                 self.grand_total]
        return sum(mark is not Mark.PUBLISHED for mark in marks)

    def text(self, value: int, mark: Mark, number=str) -> str:
        """A value as shown: `number(value)` when published, "<5" when small, "x" when hidden."""
        if mark is Mark.SMALL:
            return f"<{number(self.threshold)}"
        return HIDDEN_TEXT if mark is Mark.HIDDEN else number(value)

    def grid(self, number=str) -> list[list[str]]:
        """The table as shown, its row totals as a last column and its column totals as a last row."""
        table = self.table
        rows = [[*(self.text(value, mark, number) for value, mark in zip(values, marks, strict=True)),
                 self.text(total, total_mark, number)]
                for values, marks, total, total_mark in zip(table.cells, self.cells, table.row_totals,
                                                            self.row_totals, strict=True)]
        return [*rows, [*(self.text(total, mark, number)
                          for total, mark in zip(table.column_totals, self.column_totals, strict=True)),
                        self.text(table.grand_total, self.grand_total, number)]]


def suppress(table: CountTable, threshold: int = 5) -> Suppressed:
    """Withhold the values of `table` under `threshold` and enough others that none can be worked out."""
    return suppress_linked([table], threshold)[0]


def suppress_linked(tables: list[CountTable], threshold: int = 5) -> list[Suppressed]:
    """Withhold values in tables published together that share their row totals and grand total."""
    if threshold < 3:
        # "<2" would say 1: a small value needs room to move.
        raise ValueError("the threshold must be at least 3")
    if not tables:
        return []
    first = tables[0]
    if any((table.row_totals, table.grand_total, table.rows_add_up)
           != (first.row_totals, first.grand_total, first.rows_add_up) for table in tables):
        raise ValueError("linked tables must share their row totals, grand total and rows_add_up")
    return (_Network if first.rows_add_up else _Rows)(tables, threshold).run()


# Entries: ("cell", i, j) and ("column", j) belong to one table; ("row", i) and ("grand",) are shared by all the
# tables. A step changes one entry by one: (entry, relabelled), relabelled when it raises a "<5" at 4, which
# must then be shown "x".


@dataclass(eq=False)
class _Entry:
    key: tuple
    table: int | None  # None: shared by every table
    value: int
    order: int
    mark: Mark = Mark.PUBLISHED

    @property
    def withheld(self) -> bool:
        return self.mark is not Mark.PUBLISHED


class _Suppression:
    """Primary suppression, then audit and repair until every withheld value is protected. The subclasses say
    what protects a value (`_protected`) and what to withhold when nothing does (`_repair`)."""

    def __init__(self, tables: list[CountTable], threshold: int):
        self.tables, self.threshold = tables, threshold
        self.rows = len(tables[0].row_totals)
        keys = [(("row", i), None, total) for i, total in enumerate(tables[0].row_totals)]
        keys.append((("grand",), None, tables[0].grand_total))
        for t, table in enumerate(tables):
            keys += [(("cell", i, j), t, value) for i, row in enumerate(table.cells) for j, value in enumerate(row)]
            keys += [(("column", j), t, total) for j, total in enumerate(table.column_totals)]
        self.entries = [_Entry(key, t, value, order) for order, (key, t, value) in enumerate(keys)]
        self.shared = [entry for entry in self.entries if entry.table is None]
        self.private = [[entry for entry in self.entries if entry.table == t] for t in range(len(tables))]
        self.cells = [{entry.key[1:]: entry for entry in entries if entry.key[0] == "cell"} for entries in self.private]
        self.column_totals = [[entry for entry in entries if entry.key[0] == "column"] for entries in self.private]
        for entry in self.entries:
            if 0 < entry.value < threshold:
                entry.mark = Mark.SMALL

    def _signs(self, entry: _Entry, *, relabel: bool) -> list[tuple[int, bool]]:
        """The changes by one the reader cannot rule out, as (sign, relabelled): raising, unless a "<5" is at its
        top (allowed with `relabel`: it would become "x"), and lowering, from 2 up. A zero has none."""
        if not entry.value:
            return []
        at_top = entry.mark is Mark.SMALL and entry.value >= self.threshold - 1
        signs = [(1, at_top)] if relabel or not at_top else []
        return signs + ([(-1, False)] if entry.value >= 2 else [])

    def _costs(self) -> dict[int, int]:
        """What withholding each published entry costs: its value, then a little for each of its lines (its row,
        its column) carrying no suppression yet. A shared total costs once per table."""
        costs = {}
        for entries in self.private:
            carrying = {line for entry in entries + self.shared if entry.withheld for line in _lines(entry)}
            for entry in entries:
                if not entry.withheld:
                    costs[entry.order] = _cost(entry.value, sum(line not in carrying for line in _lines(entry)))
        for entry in self.shared:
            if not entry.withheld:
                costs[entry.order] = _cost(entry.value, 0) * len(self.tables)
        return costs

    def _step_cost(self, entry: _Entry, relabelled: bool, costs: dict) -> int:
        if relabelled:
            return _cost(self.threshold, 0)
        return 0 if entry.withheld else costs[entry.order]

    @staticmethod
    def _withhold(steps) -> bool:
        added = False
        for entry, relabelled in steps:
            if relabelled or not entry.withheld:
                entry.mark, added = Mark.HIDDEN, True
        return added

    def _begin_round(self) -> None:
        """Forget what depended on the values withheld before the last repair."""

    def _protected(self, entry: _Entry) -> bool:
        raise NotImplementedError

    def _repair(self, entry: _Entry) -> bool:
        """Withhold the cheapest values that protect `entry`; False when nothing was added."""
        raise NotImplementedError

    def run(self) -> list[Suppressed]:
        protected: set[int] = set()  # withholding more never unprotects a value
        exhausted = False
        while True:
            self._begin_round()
            exposed = None
            for entry in self.entries:
                if entry.withheld and entry.order not in protected:
                    if not self._protected(entry):
                        exposed = entry
                        break
                    protected.add(entry.order)
            if exposed is None:
                return self._result()
            if not self._repair(exposed):
                # Withholding every non-zero value as "x" protects each (it can rise with its row and column
                # totals and the grand total), so this happens once at most.
                if exhausted:
                    raise AssertionError(f"no suppression protects {exposed.key}")
                exhausted = True
                self._withhold((entry, True) for entry in self.entries if entry.value)

    def _result(self) -> list[Suppressed]:
        shared = {entry.key: entry.mark for entry in self.shared}
        results = []
        for t, table in enumerate(self.tables):
            marks = {entry.key: entry.mark for entry in self.private[t]}
            results.append(Suppressed(
                table=table, threshold=self.threshold,
                cells=tuple(tuple(marks["cell", i, j] for j in range(len(table.column_totals)))
                            for i in range(self.rows)),
                row_totals=tuple(shared["row", i] for i in range(self.rows)),
                column_totals=tuple(marks["column", j] for j in range(len(table.column_totals))),
                grand_total=shared["grand",]))
        return results


class _Network(_Suppression):
    """Rows add up: the table is a network, audited exactly by searching for cycles.

    Nodes of a table with R rows and C columns: rows 0..R-1, the row of column totals R, columns R+1..R+C and the
    column of row totals R+1+C. An arc of a graph is (end, entry, relabelled, cost), listed under its start.
    """

    def _margin_column(self, t: int) -> int:
        return self.rows + 1 + len(self.tables[t].column_totals)

    def _raising(self, entry: _Entry, t: int) -> tuple[int, int]:
        """The (start, end) of the arc that raises `entry` by one, in table t."""
        kind = entry.key[0]
        if kind == "cell":
            return self.rows + 1 + entry.key[2], entry.key[1]
        if kind == "column":
            return self.rows, self.rows + 1 + entry.key[1]
        if kind == "row":
            return entry.key[1], self._margin_column(t)
        return self._margin_column(t), self.rows

    def _arcs(self, entry: _Entry, t: int, *, relabel: bool = False):
        """(start, end, relabelled) of each change the reader cannot rule out."""
        start, end = self._raising(entry, t)
        for sign, relabelled in self._signs(entry, relabel=relabel):
            yield (start, end, relabelled) if sign > 0 else (end, start, relabelled)

    def _graph(self, t: int, *, skip: _Entry | None = None, costs: dict | None = None):
        """Arcs of table t's own entries: the withheld ones, or with `costs` every one that could be withheld."""
        graph: dict[int, list] = {}
        for entry in self.private[t]:
            if entry is skip or not (entry.withheld or costs is not None):
                continue
            for start, end, relabelled in self._arcs(entry, t, relabel=costs is not None):
                cost = self._step_cost(entry, relabelled, costs) if costs is not None else 0
                graph.setdefault(start, []).append((end, entry, relabelled, cost))
        return graph

    def _moves(self, *, costs: dict | None = None):
        """Changes of shared totals, as (start, end, steps, cost): a path from row node `start` through the column
        of row totals to row node `end`, raising or lowering one pair of shared totals. With `costs`, totals not
        withheld yet are candidates too."""
        margin = self._margin_column(0)
        arcs = [(start, end, entry, relabelled) for entry in self.shared if entry.withheld or costs is not None
                for start, end, relabelled in self._arcs(entry, 0, relabel=costs is not None)]
        return [(first[0], second[1], ((first[2], first[3]), (second[2], second[3])),
                 0 if costs is None else sum(self._step_cost(entry, relabelled, costs)
                                             for _, _, entry, relabelled in (first, second)))
                for first in arcs if first[1] == margin
                for second in arcs if second[0] == margin and second[2] is not first[2]]

    def _begin_round(self):
        self.reaches, self.moves = {}, self._moves()

    def _reach(self, t: int, node: int) -> set[int]:
        if (t, node) not in self.reaches:
            self.reaches[t, node] = _search(self._graph(t), node)
        return self.reaches[t, node]

    def _protected(self, entry: _Entry) -> bool:
        """Whether `entry` lies on a cycle of changes the reader cannot rule out, in every table concerned."""
        everywhere = range(len(self.tables))
        if entry.table is None:
            return any(any(shared is entry for shared, _ in steps) and all(start in self._reach(t, end)
                                                                          for t in everywhere)
                       for start, end, steps, _ in self.moves)
        t = entry.table
        graph = self._graph(t, skip=entry)
        reverse = _reversed(graph)
        for start, end, _ in self._arcs(entry, t):
            onwards = _search(graph, end)
            if start in onwards:
                return True
            # Through shared totals: out to a move's start, back from its end, and the move possible elsewhere.
            # The two paths share no node, or one path alone would have closed the cycle.
            backwards = _search(reverse, start)
            if any(move_start in onwards and move_end in backwards
                   and all(move_start in self._reach(other, move_end) for other in everywhere if other != t)
                   for move_start, move_end, _, _ in self.moves):
                return True
        return False

    def _repair(self, entry: _Entry) -> bool:
        costs = self._costs()
        graphs = [self._graph(t, costs=costs) for t in range(len(self.tables))]
        searched: dict = {}
        options = []  # (cost, steps)

        def elsewhere(move_start, move_end, tables):
            """The cheapest paths closing a move of shared totals in `tables`, or None."""
            paths = []
            for t in tables:
                if (t, move_end) not in searched:
                    searched[t, move_end] = _dijkstra(graphs[t], move_end)
                costs_from, arrived = searched[t, move_end]
                if move_start not in costs_from:
                    return None
                paths.append((costs_from[move_start], _path(arrived, move_end, move_start)))
            return sum(cost for cost, _ in paths), [step for _, path in paths for step in path]

        if entry.table is None:
            for start, end, steps, cost in self._moves(costs=costs):
                closing = elsewhere(start, end, range(len(self.tables))) if any(
                    shared is entry for shared, _ in steps) else None
                if closing:
                    options.append((cost + closing[0], [*steps, *closing[1]]))
        else:
            t = entry.table
            graph = self._graph(t, skip=entry, costs=costs)
            arcs = list(self._arcs(entry, t, relabel=True))
            for start, end, relabelled in arcs:
                path = _cheapest(graph, end, start)
                if path:
                    options.append((path[0] + self._step_cost(entry, relabelled, costs),
                                    [(entry, relabelled), *path[1]]))
            if not options:
                reverse = _reversed(graph)
                moves = self._moves(costs=costs)
                others = [other for other in range(len(self.tables)) if other != t]
                for start, end, relabelled in arcs:
                    onwards, backwards = _dijkstra(graph, end), _dijkstra(reverse, start)
                    for move_start, move_end, steps, cost in moves:
                        if move_start in onwards[0] and move_end in backwards[0]:
                            closing = elsewhere(move_start, move_end, others)
                            if closing:
                                options.append((
                                    onwards[0][move_start] + backwards[0][move_end] + cost + closing[0]
                                    + self._step_cost(entry, relabelled, costs),
                                    [(entry, relabelled), *steps, *closing[1], *_path(onwards[1], end, move_start),
                                     *_path(backwards[1], start, move_end)]))
        return bool(options) and self._withhold(min(options, key=lambda option: option[0])[1])


class _Rows(_Suppression):
    """Rows do not add up: one person counts in several rows of a column, so nothing but the rows and the row of
    column totals are equations. What else holds, column by column, is that the column total lies between the
    largest cell and the sum of the cells (everyone in the column is in some row, nobody twice in one).

    Every change keeping the equations is made of changes within single rows, and the inequalities tie a row to
    the row of column totals. So a value is protected by a change within its row (two cells in opposite
    directions, or a cell and the row total in the same), with, if a column needs it, a change of the column
    totals (two in opposite directions, or one and the grand total in the same): the audit tries those, which
    is safe, if stricter than needed, and always succeeds once every non-zero value is withheld (a cell, its row
    and column totals and the grand total rising together). Simpler changes are tried first: row totals and the
    grand total are withheld only when no change among cells and column totals protects a value.
    """

    def __init__(self, tables: list[CountTable], threshold: int):
        super().__init__(tables, threshold)
        # Per table and column: (sum of the cells, largest cell, how many cells are that large, the next largest).
        self.columns = []
        for table in tables:
            stats = []
            for j in range(len(table.column_totals)):
                values = sorted((row[j] for row in table.cells), reverse=True) + [0, 0]
                stats.append((sum(values), values[0], values.count(values[0]), next(
                    (value for value in values if value < values[0]), 0)))
            self.columns.append(stats)

    def _protected(self, entry: _Entry) -> bool:
        return self._cheapest_change(entry, None) is not None

    def _repair(self, entry: _Entry) -> bool:
        change = self._cheapest_change(entry, self._costs())
        return change is not None and self._withhold(change[1])

    def _cheapest_change(self, entry: _Entry, costs: dict | None):
        """(cost, steps) of the cheapest change of `entry` the reader cannot rule out: among withheld values
        only, without `costs`; else among any, at their cost. The simplest kinds of change first."""
        everywhere = range(self.rows)
        kind = entry.key[0]
        if kind == "cell":
            i = entry.key[1]
            tiers = [[(i, 0, 0)], [(i, row, grand) for row in (1, -1, 0) for grand in (1, -1, 0) if row or grand]]
        elif kind == "row":
            tiers = [[(entry.key[1], row, grand) for row in (1, -1) for grand in (0, 1, -1)]]
        else:
            grands = (0, 1, -1) if kind == "column" else (1, -1)
            tiers = [[(None, 0, grand) for grand in grands],
                     [(i, row, grand) for i in everywhere for row in (1, -1, 0) for grand in grands]]
        for tier in tiers:
            best = None
            for row, row_change, grand_change in tier:
                change = self._change(entry, row, row_change, grand_change, costs)
                if change is not None and (best is None or change[0] < best[0]):
                    if costs is None:
                        return change
                    best = change
            if best is not None:
                return best
        return None

    def _change(self, entry, row, row_change, grand_change, costs):
        """The cheapest change of `entry` that moves row total `row` by `row_change` and the grand total by
        `grand_change` (the same in every table), or None."""
        total, steps = 0, []
        for shared, change in ((self.shared[row] if row is not None else None, row_change),
                               (self.shared[-1], grand_change)):
            if change:
                step = next(((cost, relabelled) for sign, relabelled, cost in self._steps(shared, costs)
                             if sign == change), None)
                if step is None:
                    return None
                total += step[0]
                steps.append((shared, step[1]))
        if entry.table is None and entry not in [changed for changed, _ in steps]:
            return None
        for t in range(len(self.tables)):
            cells = [self.cells[t][row, j] for j in range(len(self.tables[t].column_totals))] if row is not None else []
            within = self._within(t, cells, self.column_totals[t], row_change, grand_change,
                                  entry if entry.table == t else None, costs)
            if within is None:
                return None
            total += within[0]
            steps += within[1]
        return total, steps

    def _within(self, t, cells, column_totals, row_change, grand_change, must, costs):
        """The cheapest changes of table t's own values: cells of one row adding up to `row_change`, column totals
        adding up to `grand_change`, changing `must` if given, every column still possible."""
        best = None
        for row_cost, in_row in self._parts(cells, row_change, costs):
            for total_cost, in_totals in self._parts(column_totals, grand_change, costs):
                if best is not None and row_cost + total_cost >= best[0]:
                    break
                changes = in_row | in_totals
                if (must is None or must in changes) and self._columns_hold(t, changes):
                    best = (row_cost + total_cost, [(entry, relabelled) for entry, (_, relabelled) in changes.items()])
                    if costs is None:
                        return best
        return best

    def _steps(self, entry: _Entry, costs: dict | None):
        """(sign, relabelled, cost) of each change of `entry` allowed: withheld values only, without costs."""
        if costs is None:
            return [(sign, relabelled, 0) for sign, relabelled in self._signs(entry, relabel=False)] \
                if entry.withheld else []
        return [(sign, relabelled, self._step_cost(entry, relabelled, costs))
                for sign, relabelled in self._signs(entry, relabel=True)]

    def _parts(self, entries, change, costs):
        """Changes of `entries` adding up to `change` (0, 1 or -1) as (cost, {entry: (sign, relabelled)}),
        cheapest first: one entry by `change`, or else none or two in opposite directions."""
        steps = [(entry, step) for entry in entries for step in self._steps(entry, costs)]
        if change:
            parts = [(cost, {entry: (sign, relabelled)}) for entry, (sign, relabelled, cost) in steps if sign == change]
        else:
            parts = [(0, {})] + [(up[2] + down[2], {raised: (1, up[1]), lowered: (-1, down[1])})
                                 for raised, up in steps if up[0] == 1
                                 for lowered, down in steps if down[0] == -1 and lowered is not raised]
        return sorted(parts, key=lambda part: part[0])

    def _columns_hold(self, t: int, changes: dict) -> bool:
        """Whether every column changed keeps its total between its largest cell and the sum of its cells. A
        change touches at most one cell of a column (the cells changed are in one row)."""
        columns: dict[int, list[int]] = {}  # column: [change of a cell, row of that cell, change of the total]
        for entry, (sign, _) in changes.items():
            if entry.key[0] == "cell":
                columns.setdefault(entry.key[2], [0, None, 0])[:2] = [sign, entry.key[1]]
            else:
                columns.setdefault(entry.key[1], [0, None, 0])[2] = sign
        for j, (cell_change, i, total_change) in columns.items():
            total, largest, how_many, next_largest = self.columns[t][j]
            value = self.tables[t].cells[i][j] if i is not None else 0
            if cell_change > 0:
                largest = max(largest, value + 1)
            elif cell_change < 0 and value == largest and how_many == 1:
                largest = max(next_largest, value - 1)
            if not largest <= self.tables[t].column_totals[j] + total_change <= total + cell_change:
                return False
        return True


def _lines(entry: _Entry) -> tuple:
    """The row and the column an entry stands in, margins included."""
    kind = entry.key[0]
    if kind == "cell":
        return ("row", entry.key[1]), ("column", entry.key[2])
    if kind == "column":
        return ("row", None), ("column", entry.key[1])
    if kind == "row":
        return ("row", entry.key[1]), ("column", None)
    return ("row", None), ("column", None)


def _cost(value: int, lines_without_suppression: int) -> int:
    """Values first; the lines only break ties (a change has far fewer than 1024 of them)."""
    return value * 1024 + lines_without_suppression


def _reversed(graph):
    reverse: dict[int, list] = {}
    for start, arcs in graph.items():
        for end, *rest in arcs:
            reverse.setdefault(end, []).append((start, *rest))
    return reverse


def _search(graph, start) -> set[int]:
    """The nodes reachable from `start`."""
    seen, stack = {start}, [start]
    while stack:
        for end, *_ in graph.get(stack.pop(), ()):
            if end not in seen:
                seen.add(end)
                stack.append(end)
    return seen


def _dijkstra(graph, start):
    """The cheapest cost from `start` to every node it reaches, and the arc each was reached by."""
    costs, arrived, heap = {start: 0}, {}, [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > costs[node]:
            continue
        for end, entry, relabelled, step in graph.get(node, ()):
            if end not in costs or cost + step < costs[end]:
                costs[end], arrived[end] = cost + step, (node, entry, relabelled)
                heapq.heappush(heap, (cost + step, end))
    return costs, arrived


def _path(arrived, start, end) -> list[tuple[_Entry, bool]]:
    """The steps of the path from `start` to `end` that _dijkstra recorded (on a reversed graph, the path from
    `end` to `start`)."""
    steps = []
    while end != start:
        end, entry, relabelled = arrived[end]
        steps.append((entry, relabelled))
    return steps


def _cheapest(graph, start, end):
    """(cost, steps) of the cheapest path from `start` to `end`, or None."""
    costs, arrived = _dijkstra(graph, start)
    return (costs[end], _path(arrived, start, end)) if end in costs else None
