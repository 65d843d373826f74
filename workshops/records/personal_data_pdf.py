"""The printable copy of everything held about a person: data in, PDF bytes out (no app, no database).

The right of access is answered in JSON for machines and in this PDF for the person; both come from
people.rights.personal_data. Arabic text is shaped as on certificates.
"""
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workshops.pdf_text import markup, register_fonts

PDF_SECTIONS = (
    ("enrolments", "Workshops", ("workshop", "starts_on", "ends_on", "city", "country_code", "completed",
                                 "pre_test_score", "post_test_score")),
    ("attendance", "Attendance", ("workshop", "held_on", "part", "status")),
    ("certificates", "Certificates", None),
    ("registrations", "Self-registrations", None),
    ("audit_entries", "Audit trail", ("at", "action", "by", "details")),
)
#: Columns given more room than the others in a section's table, in shares of the page width.
WIDE_COLUMNS = {"workshop": 2.5, "details": 3, "at": 1.6, "action": 1.6, "starts_on": 1.4, "ends_on": 1.4,
                "held_on": 1.4, "completed": 1.3}
_BASE = ParagraphStyle("body", fontName="Sans", fontSize=8.5, leading=11)
_HEADING = ParagraphStyle("heading", parent=_BASE, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
_TITLE = ParagraphStyle("title", parent=_BASE, fontSize=16, leading=20, spaceAfter=4)
_GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef0"))])
_FIELDS = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eef0"))])


def personal_data_pdf(data: dict) -> bytes:
    """The same data as `personal_data`, readable on paper: the record as a field list, then one table a section."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                 bottomMargin=15 * mm, title="Personal data", invariant=True)
    width = document.width
    record_ = data["record"]
    story = [Paragraph(_cell(f"Personal data held about {record_.get('given_name')} {record_.get('family_name')}"),
                       _TITLE),
             Paragraph(_cell(f"Record #{record_.get('id')}, as of {data.get('generated_at', '')}"), _BASE),
             Paragraph("Record", _HEADING), _field_table(record_, width)]
    for key, heading, columns in PDF_SECTIONS:
        rows = data.get(key) or []
        story.append(Paragraph(_cell(f"{heading} ({len(rows)})"), _HEADING))
        if not rows:
            story.append(Paragraph("None.", _BASE))
        elif columns is None:
            for row in rows:
                story += [_field_table(row, width), Spacer(1, 4)]
        else:
            story.append(_grid(rows, columns, width))
    document.build(story)
    return buffer.getvalue()


def _field_table(values: dict, width: float) -> Table:
    rows = [[Paragraph(_cell(key), _BASE), Paragraph(_cell(value), _BASE)] for key, value in values.items()]
    return Table(rows, colWidths=[width * 0.3, width * 0.7], style=_FIELDS, hAlign="LEFT")


def _grid(rows: list[dict], columns: tuple[str, ...], width: float) -> Table:
    header = [Paragraph(_cell(column.replace("_", " ")), _BASE) for column in columns]
    body = [[Paragraph(_cell(row.get(column)), _BASE) for column in columns] for row in rows]
    shares = [WIDE_COLUMNS.get(column, 1) for column in columns]
    return Table([header, *body], colWidths=[width * share / sum(shares) for share in shares], style=_GRID,
                 repeatRows=1, hAlign="LEFT")


def _cell(value) -> str:
    """A value as Paragraph markup: escaped, dictionaries as "key: value" lines, Arabic shaped and set in Amiri."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "<br/>".join(f"{escape(str(key))}: {_cell(item)}" for key, item in value.items())
    if isinstance(value, list):  # in the trail's changes, a [before, after] pair
        return " → ".join(_cell(item) for item in value) if len(value) == 2 else ", ".join(map(_cell, value))
    return markup("yes" if value is True else "no" if value is False else str(value))


# Erasure
