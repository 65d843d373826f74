"""The paper sign-in sheet of one session: donors' auditors ask for it as evidence that the training took place.

From plain data to PDF bytes: a header on every page (project, workshop, place, session), a row per participant
with an empty box to sign in, and "page N of M" below. A row is as tall as its longest cell needs (a long agency
wraps inside its column), and never less than room to sign.

The sheet is printed for the room, so it speaks the workshop's language: its fixed words come from the catalogues
(call `render_sign_in_sheet` inside `flask_babel.force_locale`, as training.services does), and the data arrives
in that language already. An Arabic sheet reads right to left: header on the right, columns from the right
(the number first), Arabic shaped and every line ordered right to left; each person's Arabic name comes first.
"""
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from workshops.pdf_text import markup, register_fonts, shaped

GRID = HexColor("#5b6770")
HEADER_FILL = HexColor("#e8eef0")
MARGIN = 15 * mm
TOP = 42 * mm
#: Room for a signature; a row grows past it when a cell's text needs more.
ROW_HEIGHT = 14 * mm
HEADING_HEIGHT = 8 * mm
#: ReportLab's default cell padding, left and right, top and bottom.
PADDING_X, PADDING_Y = 6, 3
RIGHT_TO_LEFT = {"ar"}


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
    #: The language it is printed in: "ar" lays it out right to left.
    language: str = "en"

    @property
    def rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT


def render_sign_in_sheet(sheet: SignInSheet) -> bytes:
    """The sheet as PDF bytes; its words are those of the locale in force (see the module's docstring)."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
                                 bottomMargin=20 * mm, invariant=True,
                                 title=_("Sign-in sheet: %(workshop)s", workshop=sheet.workshop_title))
    page_label = _("Page %(page)d of %(pages)d")
    document.build([_table(sheet)], onFirstPage=_header(sheet), onLaterPages=_header(sheet),
                   canvasmaker=lambda *args, **kwargs: _NumberedCanvas(*args, label=page_label, rtl=sheet.rtl,
                                                                       **kwargs))
    return buffer.getvalue()


def _table(sheet: SignInSheet) -> Table:
    rtl = sheet.rtl
    cell = ParagraphStyle("cell", fontName="Sans", fontSize=9, leading=13, alignment=TA_RIGHT if rtl else TA_LEFT)
    heading = ParagraphStyle("heading", parent=cell, fontName="Serif-Bold")
    headings = [Paragraph(markup(text, "Serif-Bold", rtl), heading)
                for text in ("#", _("Name"), _("Agency"), _("Country"), _("Signature"))]
    body = [[Paragraph(markup(str(number), rtl=rtl), cell), _name(row, cell, rtl),
             Paragraph(markup(row.agency, rtl=rtl), cell), Paragraph(markup(row.country, rtl=rtl), cell), ""]
            for number, row in enumerate(sheet.rows, start=1)]
    width = A4[0] - 2 * MARGIN
    widths = [9 * mm, width * 0.33, width * 0.27, width * 0.13]
    widths.append(width - sum(widths))
    heights = [HEADING_HEIGHT] + [_height(cells, widths) for cells in body]
    rows = [headings, *body]
    if rtl:  # the number on the right, the signature on the left
        rows, widths = [row[::-1] for row in rows], widths[::-1]
    table = Table(rows, repeatRows=1, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _height(cells: list, widths: list[float]) -> float:
    """The row's height: its tallest wrapped paragraph and the padding, or room to sign if that is more."""
    needed = max(cell.wrap(width - 2 * PADDING_X, 10_000)[1] for cell, width in zip(cells, widths, strict=True)
                 if isinstance(cell, Paragraph))
    return max(ROW_HEIGHT, needed + 2 * PADDING_Y)


def _name(row: SignInRow, style: ParagraphStyle, rtl: bool) -> Paragraph:
    """The Latin name and the Arabic one under it; on an Arabic sheet the Arabic one first."""
    names = [row.name, row.name_ar] if row.name_ar else [row.name]
    if rtl:
        names.reverse()
    return Paragraph("<br/>".join(markup(name, rtl=rtl) for name in names), style)


def _header(sheet: SignInSheet):
    title = _("Sign-in sheet")
    lines = (sheet.project_title, sheet.workshop_title, f"{sheet.place}  ·  {sheet.session}")

    def draw(canvas: Canvas, _document) -> None:
        canvas.saveState()
        top = A4[1] - 15 * mm
        _line(canvas, title, "Serif-Bold", 13, top, sheet.rtl)
        for offset, line in enumerate(lines, start=1):
            _line(canvas, line, "Sans", 9, top - offset * 5 * mm, sheet.rtl)
        canvas.restoreState()
    return draw


def _line(canvas: Canvas, text: str, font: str, size: float, y: float, rtl: bool) -> None:
    """A line of the header against the reading side's margin: the left, or the right in Arabic."""
    drawn, drawn_font = shaped(text, font, rtl)
    canvas.setFont(drawn_font, size)
    if rtl:
        canvas.drawRightString(A4[0] - MARGIN, y, drawn)
    else:
        canvas.drawString(MARGIN, y, drawn)


class _NumberedCanvas(Canvas):
    """Holds pages back until the end, so that each can say how many there are ("Page %(page)d of %(pages)d",
    translated before the pages are drawn), on the far side from the reading side's margin."""

    def __init__(self, *args, label: str, rtl: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages, self._label, self._rtl = [], label, rtl

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for page in self._pages:
            self.__dict__.update(page)
            drawn, font = shaped(self._label % {"page": self._pageNumber, "pages": len(self._pages)}, "Sans",
                                 self._rtl)
            self.setFont(font, 8)
            if self._rtl:
                self.drawString(MARGIN, 10 * mm, drawn)
            else:
                self.drawRightString(A4[0] - MARGIN, 10 * mm, drawn)
            super().showPage()
        super().save()
