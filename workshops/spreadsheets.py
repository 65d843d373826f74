"""Spreadsheet-safe downloads (CSV, XLSX) for every area: formulas neutralised, nothing held refused."""
import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: The media type of an XLSX download.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value, *, for_xlsx: bool = False):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe; numbers pass unchanged.

    In a workbook, the control characters XML cannot hold (openpyxl refuses them) are removed first: one
    escape character typed into a person's agency must not make the download fail for everyone. They go
    before the formula check, or "\x00=1+1" would lose its NUL and become a formula. CSV keeps them: it is a
    faithful copy of what is recorded, formulas aside.
    """
    if isinstance(value, str) and for_xlsx:
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Participants") -> bytes:
    """A one-sheet workbook; text that Excel would run as a formula is neutralised as in CSV."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append([neutralise(value, for_xlsx=True) for value in header])
    for row in rows:
        worksheet.append([neutralise(value, for_xlsx=True) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
