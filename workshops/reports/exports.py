"""Totals as files for donors: CSV for the table on screen, a workbook with every donor split, each file
stating the filters that made it; and the table as a chart."""
import csv
import io

from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Font

from workshops.reports import charts
from workshops.reports.figures import ReportFilters
from workshops.reports.tables import Grid, Table, chart_series, chart_title, donor_tables, filter_lines, grid
from workshops.spreadsheets import XLSX, neutralise

__all__ = ["XLSX", "chart_of", "csv_report", "xlsx_report"]

#: Excel on Windows reads a CSV as the local code page unless it starts with this mark; Arabic would be garbled.
BYTE_ORDER_MARK = "\ufeff"


def csv_report(filters: list[tuple[str, str]], table: Grid) -> str:
    """The filters, one per line, a blank line, then the table."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer)
    writer.writerows([[neutralise(label), neutralise(value)] for label, value in filters])
    writer.writerow([])
    writer.writerows([[neutralise(value) for value in row] for row in (*table.header, *table.body)])
    return buffer.getvalue()


def xlsx_report(filters: ReportFilters, *, viewer_id: int | None, locale: str, suppressed: bool) -> bytes:
    """One sheet per donor split (country, objective and year, each by sex, role and age group), the filters
    written at the top of each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    lines = filter_lines(filters, locale)
    for number, shown in enumerate(donor_tables(filters, viewer_id=viewer_id, locale=locale), start=1):
        _sheet(workbook, number, shown, lines, grid(shown, suppressed=suppressed))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook, number: int, shown: Table, lines, table: Grid) -> None:
    sheet = workbook.create_sheet(f"{number}. {shown.breakdown.rows.label} – {shown.breakdown.columns.label}"[:31])
    sheet.append([neutralise(shown.title, for_xlsx=True)])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for label, value in lines:
        sheet.append([neutralise(label, for_xlsx=True), neutralise(value, for_xlsx=True)])
    sheet.append([])
    first_header = sheet.max_row + 1
    for row in (*table.header, *table.body):
        sheet.append([neutralise(value, for_xlsx=True) for value in row])
    for row in sheet.iter_rows(min_row=first_header, max_row=first_header + len(table.header) - 1):
        for cell in row:
            cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    sheet.freeze_panes = sheet.cell(row=first_header + len(table.header), column=2)


def chart_of(shown: Table, locale: str) -> Markup:
    """The table's trainees as stacked bars, one per row, split by the table's columns."""
    return Markup(charts.svg(charts.stacked_bars(chart_title(shown), *chart_series(shown), locale=locale)))
