"""Small counts withheld so that none can be worked out: checked by solving for every withheld value.

The reader of a published table knows every value shown; the equations that hold (the cells of a row add up to
its total, the column totals to the grand total, and when rows add up the cells of a column to its total and the
row totals to the grand total); when rows do not add up, that a column total lies between the column's largest
cell and the sum of its cells; that "<5" is 1 to 4 and "x" at least 1. For each withheld value, a solver finds
the smallest and the largest value agreeing with all that; they must differ. Tables that share their margins are
solved together. One table whose rows add up is a network (its constraint matrix is totally unimodular), so the
linear bounds are whole numbers; anything else is solved in integers.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from workshops.reports import suppression
from workshops.reports.suppression import CountTable, Mark, suppress, suppress_linked

SMALL_OR_ANY = st.one_of(st.integers(1, 4), st.integers(0, 40))


def _table(cells, rows_add_up: bool = True, column_totals=None) -> CountTable:
    cells = tuple(tuple(row) for row in cells)
    totals = tuple(column_totals or (sum(row[j] for row in cells) for j in range(len(cells[0]))))
    return CountTable(cells, tuple(sum(row) for row in cells), totals, sum(totals), rows_add_up)


@st.composite
def tables(draw, count: int = 1):
    """Tables counting people: groups of people, each in one row (or, when rows do not add up, in up to three)
    and one column of every table."""
    rows = draw(st.integers(1, 8))
    columns = [draw(st.integers(1, 7)) for _ in range(count)]
    rows_add_up = draw(st.booleans())
    row_sets = st.integers(0, rows - 1).map(lambda row: {row}) if rows_add_up else st.sets(
        st.integers(0, rows - 1), min_size=1, max_size=3)
    groups = draw(st.lists(st.tuples(row_sets, st.tuples(*(st.integers(0, number - 1) for number in columns)),
                                     SMALL_OR_ANY), min_size=1, max_size=60))
    return [_table([[sum(size for in_rows, in_columns, size in groups if i in in_rows and in_columns[t] == j)
                     for j in range(number)] for i in range(rows)], rows_add_up,
                   [sum(size for _, in_columns, size in groups if in_columns[t] == j) for j in range(number)])
            for t, number in enumerate(columns)]


additive_tables = st.integers(1, 8).flatmap(lambda rows: st.integers(1, 7).flatmap(
    lambda columns: st.lists(st.lists(SMALL_OR_ANY, min_size=columns, max_size=columns), min_size=rows,
                             max_size=rows))).map(_table)


def feasible_ranges(results, *, labels: bool = True) -> dict:
    """{name: (smallest, largest)} of every withheld value; without `labels` the reader
    knows no more of a withheld value than that it is not negative."""
    values, lower, upper, names = [], [], [], []

    def variable(name, value, mark):
        names.append(name)
        values.append(value)
        bounds = {Mark.PUBLISHED: (value, value), Mark.SMALL: (1, 4), Mark.HIDDEN: (1, np.inf)}[mark]
        lower.append(bounds[0] if labels or mark is Mark.PUBLISHED else 0)
        upper.append(bounds[1] if labels or mark is Mark.PUBLISHED else np.inf)
        return len(values) - 1

    first = results[0]
    rows = [variable(("row", i), value, first.row_totals[i]) for i, value in enumerate(first.table.row_totals)]
    grand = variable(("grand",), first.table.grand_total, first.grand_total)
    constraints = []  # ({variable: coefficient}, low, high)
    for t, result in enumerate(results):
        table = result.table
        width = len(table.column_totals)
        cells = [[variable(("cell", t, i, j), table.cells[i][j], result.cells[i][j]) for j in range(width)]
                 for i in range(len(rows))]
        columns = [variable(("column", t, j), value, result.column_totals[j])
                   for j, value in enumerate(table.column_totals)]
        constraints += [({**dict.fromkeys(row, 1), total: -1}, 0, 0) for row, total in zip(cells, rows, strict=True)]
        constraints.append(({**dict.fromkeys(columns, 1), grand: -1}, 0, 0))
        for j, total in enumerate(columns):
            column = dict.fromkeys((row[j] for row in cells), 1)
            if table.rows_add_up:
                constraints.append(({**column, total: -1}, 0, 0))
            else:
                constraints.append(({**column, total: -1}, 0, np.inf))
                constraints += [({row[j]: 1, total: -1}, -np.inf, 0) for row in cells]
    if first.table.rows_add_up:
        constraints.append(({**dict.fromkeys(rows, 1), grand: -1}, 0, 0))
    matrix = np.zeros((len(constraints), len(values)))
    for number, (coefficients, _, _) in enumerate(constraints):
        for column, coefficient in coefficients.items():
            matrix[number, column] += coefficient
    low, high = (np.array([constraint[index] for constraint in constraints], dtype=float) for index in (1, 2))
    truth = matrix @ np.array(values, dtype=float)
    assert np.all(truth >= low) and np.all(truth <= high), "the test's equations must hold for the true table"
    network = len(results) == 1 and first.table.rows_add_up
    # A ceiling far above any value keeps every problem bounded: a range reaching it is as good as unbounded.
    ceiling = 10 * (sum(values) + 10)
    upper = [min(bound, ceiling) for bound in upper]
    ranges = {}
    for index, name in enumerate(names):
        if lower[index] == upper[index]:
            continue
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(len(values))
            objective[index] = sign
            if network:
                answer = linprog(objective, A_eq=matrix, b_eq=low, bounds=list(zip(lower, upper, strict=True)))
            else:
                answer = milp(objective, constraints=LinearConstraint(matrix, low, high), bounds=Bounds(lower, upper),
                              integrality=np.ones(len(values)))
            assert answer.status == 0, answer.message
            extremes.append(sign * answer.fun)
        ranges[name] = tuple(extremes)
    return ranges


def assert_protected(results, *, labels: bool = True):
    for name, (smallest, largest) in feasible_ranges(results, labels=labels).items():
        assert largest - smallest >= 1 - 1e-6, f"{name} is {smallest} whatever else is hidden"


def assert_small_values_marked(results):
    """Every value from 1 to 4 is shown "<5" or "x", no other is shown "<5", and no zero is withheld."""
    for result in results:
        table = result.table
        pairs = [*zip((value for row in table.cells for value in row), (mark for row in result.cells for mark in row),
                      strict=True),
                 *zip(table.row_totals, result.row_totals, strict=True),
                 *zip(table.column_totals, result.column_totals, strict=True), (table.grand_total, result.grand_total)]
        for value, mark in pairs:
            if 1 <= value <= 4:
                assert mark is not Mark.PUBLISHED
            else:
                assert mark is not Mark.SMALL
            if value == 0:
                assert mark is Mark.PUBLISHED


@settings(max_examples=60, deadline=None)
@given(additive_tables)
def test_no_withheld_value_can_be_worked_out_in_a_table_whose_rows_add_up(table):
    result = suppress(table)
    assert_small_values_marked([result])
    assert_protected([result])
    assert suppress(table) == result  # the same table, the same cells withheld


@settings(max_examples=40, deadline=None)
@given(tables())
def test_no_withheld_value_can_be_worked_out_from_people_counted_in_one_or_several_rows(tables):
    results = [suppress(tables[0])]
    assert_small_values_marked(results)
    assert_protected(results)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 3).flatmap(tables))
def test_tables_sharing_their_margins_are_protected_together(tables):
    results = suppress_linked(tables)
    assert_small_values_marked(results)
    assert_protected(results)
    assert len({(result.row_totals, result.grand_total) for result in results}) == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.one_of(st.just(0), st.integers(5, 40)), min_size=3, max_size=3), min_size=1,
                max_size=6), st.booleans())
def test_nothing_is_withheld_when_nothing_is_small(cells, rows_add_up):
    assert suppress(_table(cells, rows_add_up)).withheld == 0


TRICKY = {
    "one small cell in a row": [[12, 3, 20], [8, 9, 15], [30, 25, 11]],
    "two small cells in one row and one column": [[2, 3, 20, 14], [4, 9, 15, 7], [30, 25, 11, 6]],
    "small grand total": [[1, 0], [0, 2]],
    "a row of zeros": [[0, 0, 0], [7, 2, 9], [6, 8, 12]],
    "a row total under 5 over small cells": [[1, 1, 1, 1], [10, 20, 30, 40], [9, 8, 7, 6]],
    "small values at both ends": [[4, 40], [40, 4]],
    "one cell": [[3]],
    "one small cell alone in its row and column": [[0, 0, 0], [0, 2, 0], [0, 0, 0]],
    "a column of small cells": [[1, 50], [2, 60], [3, 70], [4, 80]],
}


@pytest.mark.parametrize("rows_add_up", [True, False])
@pytest.mark.parametrize("cells", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_tables(cells, rows_add_up):
    result = suppress(_table(cells, rows_add_up))
    assert_small_values_marked([result])
    assert_protected([result])
    assert_protected([result], labels=False)


def test_one_small_cell_costs_the_cheapest_rectangle_and_shows_as_under_5():
    result = suppress(_table(TRICKY["one small cell in a row"]))
    assert result.grid() == [["x", "<5", "20", "35"],
                             ["x", "x", "15", "32"],
                             ["30", "25", "11", "66"],
                             ["50", "37", "46", "133"]]
    assert result.withheld == 4


def test_a_row_total_under_5_over_four_small_cells_is_shown_x():
    """"<5" over four cells "<5" would say that each is 1."""
    result = suppress(_table(TRICKY["a row total under 5 over small cells"]))
    assert result.row_totals[0] is Mark.HIDDEN
    assert set(result.cells[0]) == {Mark.SMALL}


def test_a_table_of_years_where_column_totals_bound_the_cells():
    """Rows do not add up, but a column total still lies between the largest cell and the sum: here the cell 4 in
    row 0, column 4 is 4 unless more is withheld than the row alone needs (found by an earlier version)."""
    table = CountTable(cells=((0, 4, 29, 19, 4, 4, 0), (0, 0, 2, 10, 4, 0, 11), (0, 0, 18, 1, 3, 0, 11),
                              (0, 0, 49, 24, 0, 0, 0), (4, 4, 0, 9, 4, 0, 0), (4, 0, 20, 9, 0, 0, 0)),
                       row_totals=(60, 27, 33, 73, 21, 33), column_totals=(8, 4, 49, 33, 7, 4, 11), grand_total=116,
                       rows_add_up=False)
    assert_protected([suppress(table)])


def test_linked_tables_hide_a_shared_total_in_both():
    by_sex = _table([[2, 1], [20, 30], [15, 25]])
    by_role = _table([[3, 0, 0], [10, 25, 15], [20, 10, 10]])
    results = suppress_linked([by_sex, by_role])
    assert results[0].row_totals == results[1].row_totals
    assert results[0].row_totals[0] is Mark.SMALL
    assert_protected(results)


def test_text_and_grid_use_the_number_format_given():
    result = suppress(_table([[1200, 3], [800, 2000]]))
    grid = result.grid(number=lambda value: f"{value:,}")
    assert grid[0][1] == "<5"
    assert grid[-1][-1] == "4,003"
    assert result.text(3, Mark.SMALL, number=lambda value: f"[{value}]") == "<[5]"


def test_when_no_repair_is_found_every_value_but_zeros_is_withheld_as_x(monkeypatch):
    """The safety net: never reached by any table tried, but a table leaves protected even then."""
    monkeypatch.setattr(suppression._Network, "_repair", lambda self, entry: False)
    result = suppress(_table([[1, 0], [6, 7]]))
    assert result.grid() == [["x", "0", "x"], ["x", "x", "x"], ["x", "x", "x"]]
    assert_protected([result])


@pytest.mark.parametrize("cells, row_totals, column_totals, grand_total, message", [
    (((1, 2),), (3, 4), (1, 2), 3, "one row per row total"),
    (((1, 2),), (4,), (1, 2), 3, "add up to its row total"),
    (((1, 2),), (3,), (1, 1), 3, "column totals must add up"),
    (((1, 2),), (3,), (2, 2), 4, "rows do not add up"),
    (((-1, 2),), (1,), (-1, 2), 1, "non-negative"),
    (((True,),), (1,), (1,), 1, "non-negative"),
    (((1, 2), (3, 0)), (3, 3), (2, 2), 4, "between the largest cell"),
    (((1, 2), (3, 0)), (3, 3), (5, 3), 8, "between the largest cell"),
])
def test_tables_that_cannot_be_true_are_refused(cells, row_totals, column_totals, grand_total, message):
    with pytest.raises(ValueError, match=message):
        CountTable(cells, row_totals, column_totals, grand_total, rows_add_up=not message.startswith("between"))


def test_thresholds_and_links_that_cannot_work_are_refused():
    table = _table([[1, 2]])
    with pytest.raises(ValueError, match="at least 3"):
        suppress(table, threshold=2)
    with pytest.raises(ValueError, match="share their row totals"):
        suppress_linked([table, _table([[3, 4]])])
    assert suppress_linked([]) == []
