"""Totals as tables people read: labelled rows and columns, the filters that made them in words, and the set
of tables a donor report carries. The page, the CSV, the workbook and the PDF all lay out these."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.countries import country_name
from workshops.extensions import db
from workshops.i18n import collation_key
from workshops.people.models import RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports.figures import AgeGroup, Breakdown, Dimension, Figures, ReportFilters
from workshops.reports.services import breakdown
from workshops.reports.suppression import CountTable, Mark, suppress
from workshops.training.models import Theme, WorkshopKind
from workshops.translated import comma, in_language

#: The splits a donor report carries: every row dimension donors ask for, by sex, role category and age group.
DONOR_SPLITS = tuple((rows, columns) for rows in (Dimension.COUNTRY, Dimension.OBJECTIVE, Dimension.YEAR)
                     for columns in (Dimension.SEX, Dimension.ROLE, Dimension.AGE_GROUP))
#: Row dimensions whose rows add up to the table's total trainees: each trainee falls in exactly one row.
#: A person trained in two years, or under two objectives, counts in both rows but once in the total.
ROWS_PARTITION_TRAINEES = frozenset({Dimension.COUNTRY, Dimension.SEX, Dimension.ROLE, Dimension.AGE_GROUP})
#: What a split's columns may be: properties of the person (and their age group), so that a row's columns
#: always add up to its total.
COLUMN_DIMENSIONS = (Dimension.SEX, Dimension.ROLE, Dimension.AGE_GROUP, Dimension.COUNTRY)

_ENUMS = {Dimension.SEX: Sex, Dimension.ROLE: RoleCategory, Dimension.AGE_GROUP: AgeGroup,
          Dimension.KIND: WorkshopKind, Dimension.THEME: Theme}


@dataclass(frozen=True)
class Table:
    title: str
    breakdown: Breakdown
    row_labels: dict
    column_labels: dict

    @property
    def rows(self) -> list:
        return _in_reading_order(self.breakdown.rows, self.breakdown.row_keys, self.row_labels)

    @property
    def columns(self) -> list:
        return _in_reading_order(self.breakdown.columns, self.breakdown.column_keys, self.column_labels)


def _in_reading_order(dimension: Dimension | None, keys: list, names: dict) -> list:
    """Years in order, categories in the order they are defined (youth, over 35, unknown), the rest by name."""
    if dimension is None or dimension is Dimension.YEAR:
        return keys
    if dimension in _ENUMS:
        order = {member.value: position for position, member in enumerate(_ENUMS[dimension])}
        return sorted(keys, key=lambda key: order.get(key, len(order)))
    return sorted(keys, key=lambda key: collation_key(str(names.get(key, key))))


def table(filters: ReportFilters, rows: Dimension, columns: Dimension | None, *, viewer_id: int | None,
          locale: str) -> Table:
    counted = breakdown(filters, rows, columns, viewer_id=viewer_id)
    title = (_("Trainees and participations by %(rows)s and %(columns)s", rows=rows.label.lower(),
               columns=columns.label.lower()) if columns else
             _("Trainees and participations by %(rows)s", rows=rows.label.lower()))
    return Table(title, counted, labels(rows, counted.row_keys, locale),
                 labels(columns, counted.column_keys, locale) if columns else {})


def chart_title(shown: Table) -> str:
    """A chart of a table shows its trainees only."""
    rows, columns = shown.breakdown.rows, shown.breakdown.columns
    return (_("Trainees by %(rows)s and %(columns)s", rows=rows.label.lower(), columns=columns.label.lower())
            if columns else _("Trainees by %(rows)s", rows=rows.label.lower()))


def chart_series(shown: Table) -> tuple[list[str], dict[str, list[int]]]:
    """A table's rows as a chart's categories, and its trainees per column (or in all) as the chart's series."""
    counted = shown.breakdown
    if shown.columns:
        series = {shown.column_labels.get(column, str(column)): [counted.cell(row, column).trainees
                                                                 for row in shown.rows] for column in shown.columns}
    else:
        series = {_("Trainees"): [counted.row_totals[row].trainees for row in shown.rows]}
    return [shown.row_labels.get(row, str(row)) for row in shown.rows], series


def donor_tables(filters: ReportFilters, *, viewer_id: int | None, locale: str) -> list[Table]:
    return [table(filters, rows, columns, viewer_id=viewer_id, locale=locale) for rows, columns in DONOR_SPLITS]


def labels(dimension: Dimension, keys, locale: str) -> dict:
    """What people read for each key: a country's name in the language, a role's label, an objective's number
    and title with its project."""
    if dimension in (Dimension.COUNTRY, Dimension.HOST_COUNTRY):
        return {key: country_name(key, locale) for key in keys}
    if dimension in _ENUMS:
        return {key: str(_ENUMS[dimension](key).label) for key in keys}
    if dimension is Dimension.OBJECTIVE:
        return {objective.id: f"{in_language(objective.project, 'title', locale)} – {objective.label_in(locale)}"
                for objective in db.session.scalars(select(Objective).options(joinedload(Objective.project))
                                                    .where(Objective.id.in_(list(keys))))}
    if dimension is Dimension.PROJECT:
        return {project.id: in_language(project, "title", locale)
                for project in db.session.scalars(select(Project).where(Project.id.in_(list(keys))))}
    return {key: str(key) for key in keys}


def filter_lines(filters: ReportFilters, locale: str) -> list[tuple[str, str]]:
    """The filters in words, as the top of every export states them."""
    project = db.session.get(Project, filters.project_id) if filters.project_id else None
    objective = db.session.get(Objective, filters.objective_id) if filters.objective_id else None
    years = (f"{filters.year_from or '…'}–{filters.year_to or '…'}"
             if filters.year_from or filters.year_to else _("All years"))
    lines = [(_("Project"), in_language(project, "title", locale) if project else _("All projects you may see")),
             (_("Objective"), objective.label_in(locale) if objective else _("All objectives")),
             (_("Years"), years)]
    for dimension, values in ((Dimension.KIND, filters.kinds), (Dimension.THEME, filters.themes),
                              (Dimension.HOST_COUNTRY, filters.host_countries), (Dimension.COUNTRY, filters.countries),
                              (Dimension.ROLE, filters.roles), (Dimension.SEX, filters.sexes),
                              (Dimension.AGE_GROUP, filters.age_groups)):
        if values:
            names = sorted(labels(dimension, values, locale).values(), key=collation_key)
            lines.append((str(dimension.label), comma(locale).join(names)))
    return lines


def scope_name(filters: ReportFilters) -> str:
    """A file name's account of the scope: the project and the years, in ASCII."""
    project = db.session.get(Project, filters.project_id) if filters.project_id else None
    name = "".join(c if c.isascii() and c.isalnum() else "-" for c in project.title.lower())[:40].strip("-") \
        if project else "all-projects"
    if filters.year_from or filters.year_to:
        name += f"-{filters.year_from or ''}-{filters.year_to or ''}".rstrip("-")
    return "-".join(part for part in name.split("-") if part)


@dataclass(frozen=True)
class Grid:
    """A table as cells: the header rows, then one row per key, then the total row. Counts are ints, or where
    suppressed the text "<5" (a small count) or "x" (withheld so that a small one cannot be worked out)."""

    header: list[list[str]]
    body: list[list]


def grid(shown: Table, *, suppressed: bool = False, threshold: int = 5) -> Grid:
    """Trainees (total, then each column), participations (the same), workshops: side by side, never added."""
    counted, columns = shown.breakdown, shown.columns
    trainees = _counts(shown, lambda figures: figures.trainees)
    participations = _counts(shown, lambda figures: figures.participations)
    if suppressed:
        trainees = _hidden(trainees, shown.breakdown.rows in ROWS_PARTITION_TRAINEES, threshold)
        participations = _hidden(participations, True, threshold)
    column_names = [shown.column_labels.get(key, str(key)) for key in columns]
    header = [["", _("Trainees"), *[""] * len(columns), _("Participations"), *[""] * len(columns), _("Workshops")],
              [str(counted.rows.label), _("Total"), *column_names, _("Total"), *column_names, ""]]
    body = [[shown.row_labels.get(key, str(key)), *trainee_row, *participation_row, counted.row_totals[key].workshops]
            for key, trainee_row, participation_row in zip(shown.rows, trainees[:-1], participations[:-1],
                                                           strict=True)]
    body.append([_("Total"), *trainees[-1], *participations[-1], counted.total.workshops])
    return Grid(header, body)


def _counts(shown: Table, measure) -> list[list[int]]:
    """Rows of [row total, cell per column], then the total row [grand total, column totals]."""
    counted = shown.breakdown
    rows = [[measure(counted.row_totals[key]), *(measure(counted.cell(key, column)) for column in shown.columns)]
            for key in shown.rows]
    return [*rows, [measure(counted.total), *(measure(counted.column_totals.get(column, Figures()))
                                              for column in shown.columns)]]


def _hidden(values: list[list[int]], rows_add_up: bool, threshold: int) -> list[list]:
    """The same rows with every count that must not leave the organisation replaced by its mark: "<5" for a
    small count, "x" for one withheld so that a small one cannot be worked out (reports.suppression)."""
    body, total_row = values[:-1], values[-1]
    counts = CountTable(cells=tuple(tuple(row[1:]) for row in body), row_totals=tuple(row[0] for row in body),
                        column_totals=tuple(total_row[1:]), grand_total=total_row[0], rows_add_up=rows_add_up)
    marks = suppress(counts, threshold)

    def shown(value: int, mark: Mark):
        return value if mark is Mark.PUBLISHED else marks.text(value, mark)

    rows = [[shown(row[0], marks.row_totals[index]),
             *(shown(value, mark) for value, mark in zip(row[1:], marks.cells[index], strict=True))]
            for index, row in enumerate(body)]
    return [*rows, [shown(total_row[0], marks.grand_total),
                    *(shown(value, mark) for value, mark in zip(total_row[1:], marks.column_totals, strict=True))]]
