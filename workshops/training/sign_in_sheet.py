"""The paper sign-in sheet of one session: donors' auditors ask for it as evidence that the training took place.

A pure function from plain data to PDF bytes: a header on every page (project, workshop, place, session), a
row per participant with an empty box to sign in, and "page N of M" below. A row is as tall as its longest
cell needs (a long agency wraps inside its column), and never less than room to sign.
"""
import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from workshops.pdf_text import register_fonts, shaped
from workshops.text import printable

GRID = HexColor("#5b6770")
HEADER_FILL = HexColor("#e8eef0")
HEADINGS = ("#", "Name", "Agency", "Country", "Signature")
MARGIN = 15 * mm
TOP = 42 * mm
#: Room for a signature; a row grows past it when a cell's text needs more.
ROW_HEIGHT = 14 * mm
HEADING_HEIGHT = 8 * mm
#: ReportLab's default cell padding, left and right, top and bottom.
PADDING_X, PADDING_Y = 6, 3


@dataclass(frozen=True)
class SignInRow:
    name: str
    name_ar: str | None
    agency: str
    country: str


@dataclass(frozen=True)
class SignInSheet:
    project_title: str
    workshop_title: str
    place: str
    session: str
    rows: tuple[SignInRow, ...]


def render_sign_in_sheet(sheet: SignInSheet) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
                                 bottomMargin=20 * mm, title=f"Sign-in sheet: {sheet.workshop_title}",
                                 invariant=True)
    document.build([_table(sheet.rows)], onFirstPage=_header(sheet), onLaterPages=_header(sheet),
                   canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _table(rows: tuple[SignInRow, ...]) -> Table:
    cell = ParagraphStyle("cell", fontName="Sans", fontSize=9, leading=13)
    body = [[str(number), _name(row, cell), Paragraph(_escape(row.agency), cell),
             Paragraph(_escape(row.country), cell), ""]
            for number, row in enumerate(rows, start=1)]
    width = A4[0] - 2 * MARGIN
    widths = [9 * mm, width * 0.33, width * 0.27, width * 0.13]
    widths.append(width - sum(widths))
    table = Table([list(HEADINGS), *body], repeatRows=1, colWidths=widths,
                  rowHeights=[HEADING_HEIGHT] + [_height(cells, widths) for cells in body])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Serif-Bold", 9), ("FONT", (0, 1), (0, -1), "Sans", 9),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _height(cells: list, widths: list[float]) -> float:
    """The row's height: its tallest wrapped paragraph and the padding, or room to sign if that is more."""
    needed = max(cell.wrap(width - 2 * PADDING_X, 10_000)[1] for cell, width in zip(cells, widths, strict=True)
                 if isinstance(cell, Paragraph))
    return max(ROW_HEIGHT, needed + 2 * PADDING_Y)


def _name(row: SignInRow, style: ParagraphStyle) -> Paragraph:
    """The Latin name, and under it the Arabic one, shaped and set in Amiri."""
    text = _escape(row.name)
    if row.name_ar:
        arabic, font = shaped(row.name_ar, "Sans")
        text += f'<br/><font name="{font}">{_escape(arabic)}</font>'
    return Paragraph(text, style)


def _escape(text: str) -> str:
    """Text for a Paragraph: its markup escaped, and what pdf_text.shaped drops for print dropped too."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _header(sheet: SignInSheet):
    def draw(canvas: Canvas, _document) -> None:
        canvas.saveState()
        top = A4[1] - 15 * mm
        canvas.setFont("Serif-Bold", 13)
        canvas.drawString(MARGIN, top, "Sign-in sheet")
        canvas.setFont("Sans", 9)
        for offset, line in enumerate((sheet.project_title, sheet.workshop_title,
                                       f"{sheet.place}  ·  {sheet.session}"), start=1):
            canvas.drawString(MARGIN, top - offset * 5 * mm, printable(line))
        canvas.restoreState()
    return draw


class _NumberedCanvas(Canvas):
    """Holds pages back until the end, so that each can say how many there are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for page in self._pages:
            self.__dict__.update(page)
            self.setFont("Sans", 8)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {self._pageNumber} of {len(self._pages)}")
            super().showPage()
        super().save()
