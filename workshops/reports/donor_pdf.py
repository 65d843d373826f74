"""The donor report: the figures of a scope on paper, in the language asked.

Headline figures, the indicators of the project with their progress, two charts (trainees by country split by
sex, trainees per year by role category) and every donor table, with the filters that made them on the first
page. Drawn with ReportLab from the same tables and charts as the totals page and the workbook.
"""
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workshops.pdf_text import markup, register_fonts
from workshops.reports import charts
from workshops.reports.figures import Dimension, ReportFilters
from workshops.reports.indicators import Progress, progress_chart, project_progress
from workshops.reports.tables import Grid, chart_series, chart_title, donor_tables, filter_lines, grid
from workshops.reports.tables import Table as Shown

RIGHT_TO_LEFT = {"ar"}
_HEADER_BACKGROUND = colors.HexColor("#e8eef0")


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    rtl: bool

    @classmethod
    def of(cls, locale: str) -> "_Styles":
        rtl = locale in RIGHT_TO_LEFT
        body = ParagraphStyle("body", fontName="Sans", fontSize=8.5, leading=11,
                              alignment=TA_RIGHT if rtl else TA_LEFT)
        return cls(body=body, number=ParagraphStyle("number", parent=body, alignment=TA_RIGHT),
                   heading=ParagraphStyle("heading", parent=body, fontSize=12, leading=16, spaceBefore=10,
                                          spaceAfter=4),
                   title=ParagraphStyle("title", parent=body, fontSize=18, leading=22, spaceAfter=6), rtl=rtl)

    def text(self, value, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(str(value), rtl=self.rtl), style or self.body)


def donor_report(filters: ReportFilters, *, viewer_id: int | None, locale: str, suppressed: bool,
                 today: date) -> bytes:
    """The report as PDF bytes; call it inside `flask_babel.force_locale(locale)` so words and numbers follow."""
    register_fonts()
    styles = _Styles.of(locale)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=15 * mm, bottomMargin=15 * mm, title=_("Training report"), invariant=True)
    tables = donor_tables(filters, viewer_id=viewer_id, locale=locale)
    by_split = {(shown.breakdown.rows, shown.breakdown.columns): shown for shown in tables}
    story = [*_front(filters, styles, locale, today), *_headline(by_split[(Dimension.COUNTRY, Dimension.SEX)],
                                                                 styles)]
    if filters.project_id is not None:
        story += _indicators(project_progress(filters.project_id, viewer_id=viewer_id, on=today), styles, locale,
                             document.width)
    story += _charts(by_split, locale)
    for shown in tables:
        story += _table(shown, grid(shown, suppressed=suppressed), styles, document.width)
    if suppressed:
        story.append(styles.text(_("Counts under 5 are shown as “<5”; “x” marks counts withheld so that no small "
                                   "count can be worked out from the totals.")))
    document.build(story)
    return buffer.getvalue()


def _front(filters, styles: _Styles, locale: str, today: date) -> list:
    lines = [styles.text(_("Training report"), styles.title),
             styles.text(_("Generated on %(date)s", date=format_date(today, "long")))]
    rows = [[styles.text(label), styles.text(value)] for label, value in filter_lines(filters, locale)]
    return [*lines, Spacer(1, 4), _grid_table(rows, [0.3, 0.7], header=False, width=None, rtl=styles.rtl)]


def _headline(by_country: Shown, styles: _Styles) -> list:
    """Trainees, women among them, participations, workshops and countries: the first thing a donor asks."""
    counted = by_country.breakdown
    total = counted.total
    women = counted.column_totals.get("F")
    share = format_percent(women.trainees / total.trainees, "#,##0.0 %") if women and total.trainees else "–"
    figures = [(_("Trainees"), format_decimal(total.trainees)), (_("Women among them"), share),
               (_("Participations"), format_decimal(total.participations)),
               (_("Workshops"), format_decimal(total.workshops or 0)),
               (_("Countries"), format_decimal(len(counted.row_totals)))]
    if total.average_gain is not None:
        figures.append((_("Average knowledge gain"), format_decimal(round(total.average_gain, 1), "+#,##0.0")))
    rows = [[styles.text(label), styles.text(value, styles.number)] for label, value in figures]
    return [styles.text(_("Headline figures"), styles.heading),
            _grid_table(rows, [0.6, 0.4], header=False, width=None, rtl=styles.rtl)]


def _indicators(progress: list[Progress], styles: _Styles, locale: str, width: float) -> list:
    if not progress:
        return []
    header = [_("Indicator"), _("Baseline"), _("Target"), _("Reached"), _("Remaining"), _("Deadline"), _("Status")]
    rows = [[styles.text(cell) for cell in header]]
    for item in progress:
        indicator = item.indicator
        rows.append([styles.text(indicator.title), *(styles.text(_amount(value), styles.number) for value in (
            indicator.baseline, indicator.target, item.value, item.remaining)),
            styles.text(format_date(indicator.deadline, "medium")), styles.text(item.status.label)])
    chart = progress_chart(progress, locale=locale)
    return [styles.text(_("Indicators"), styles.heading),
            _grid_table(rows, [0.34, 0.1, 0.1, 0.1, 0.1, 0.13, 0.13], header=True, width=width, rtl=styles.rtl),
            Spacer(1, 6),
            charts.drawing(chart)]


def _amount(value) -> str:
    return "–" if value is None else format_decimal(value, "#,##0.##")


def _charts(tables: dict[tuple, Shown], locale: str) -> list:
    """Trainees by country split by sex, and per year by role category, from the report's own tables."""
    drawn = []
    for split, draw in (((Dimension.COUNTRY, Dimension.SEX), charts.stacked_bars),
                        ((Dimension.YEAR, Dimension.ROLE), charts.stacked_columns)):
        shown = tables[split]
        if shown.rows:
            drawn += [Spacer(1, 8), KeepTogether([charts.drawing(draw(chart_title(shown), *chart_series(shown),
                                                                      locale=locale))])]
    return drawn


def _table(shown: Shown, cells: Grid, styles: _Styles, width: float) -> list:
    """A donor table: "Trainees" and "Participations" each over their total and columns, then workshops."""
    group = ParagraphStyle("group", parent=styles.body, fontSize=7, leading=8.5, alignment=TA_CENTER)
    column = ParagraphStyle("column", parent=styles.number, fontSize=7, leading=8.5)

    def text(value, numeric: bool) -> Paragraph:
        if isinstance(value, int):
            return styles.text(format_decimal(value), styles.number)
        return styles.text(value, styles.number if numeric else styles.body)

    rows = [[styles.text(value, group) for value in cells.header[0]],
            *([styles.text(value, column if index else styles.body) for index, value in enumerate(row)]
              for row in cells.header[1:]),
            *([text(value, index > 0) for index, value in enumerate(row)] for row in cells.body)]
    split = len(shown.columns) + 1
    spans = [("SPAN", (1, 0), (split, 0)), ("SPAN", (split + 1, 0), (2 * split, 0)),
             ("SPAN", (2 * split + 1, 0), (2 * split + 1, 1))]
    return [styles.text(shown.title, styles.heading),
            _grid_table(rows, [2.6] + [1] * (len(rows[0]) - 1), header=True, width=width, rtl=styles.rtl,
                        header_rows=len(cells.header), extra=spans)]


def _grid_table(rows, shares, *, header: bool, width: float | None, rtl: bool, header_rows: int = 1,
                extra=()) -> Table:
    """A ruled table; in a right-to-left report its columns run from the right, as an Arabic reader reads."""
    total = sum(shares)
    widths = [(width or 160 * mm) * share / total for share in shares]
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, header_rows - 1) if header else (0, -1), _HEADER_BACKGROUND), *extra]
    if rtl:
        last = len(shares) - 1
        rows = [list(row) for row in rows]
        for name, (first, top), (end, _bottom), *_rest in extra:
            if name == "SPAN":  # a span shows its first cell, which is the last one once the row is turned
                rows[top][first], rows[top][end] = rows[top][end], rows[top][first]
        rows, widths = [list(reversed(row)) for row in rows], list(reversed(widths))
        style = [(name, (last - end[0] if end[0] >= 0 else -1 - end[0], start[1]),
                  (last - start[0] if start[0] >= 0 else -1 - start[0], end[1]), *rest)
                 for name, start, end, *rest in style]
    return Table(rows, colWidths=widths, style=TableStyle(style), repeatRows=header_rows if header else 0,
                 hAlign="RIGHT" if rtl else "LEFT")
