"""Certificate pages drawn with ReportLab: plain data in, PDF bytes out, no app or database involved.

Fonts and Arabic shaping come from workshops.pdf_text, shared with the other PDFs. Text too wide for its box
shrinks in one step (width grows in proportion to size), with a floor. The QR code is segno's, drawn as one
path. An Arabic certificate is mirrored: the serial sits on the right, the QR code, logos and signatures run
from the right. A revoked or superseded certificate still prints, for the record, with its state stamped
across the page.
"""
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import segno
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from workshops.certificates.pictures import picture_file
from workshops.pdf_text import register_fonts, shaped

#: The fixed wording of a certificate, per language of the workshop.
WORDING = {
    "en": {"heading": "Certificate of Completion", "certify": "This is to certify that",
           "completed": "has completed the workshop", "project": "held under the project", "serial": "Serial",
           "issued": "Issued on", "verify": "Verify at", "revoked": "REVOKED on {date}",
           "superseded": "SUPERSEDED by {serial}"},
    "fr": {"heading": "Certificat de formation", "certify": "Nous certifions que",
           "completed": "a suivi avec succès l’atelier", "project": "organisé dans le cadre du projet",
           "serial": "N° de série", "issued": "Délivré le", "verify": "Vérifier sur", "revoked": "RÉVOQUÉ le {date}",
           "superseded": "REMPLACÉ par {serial}"},
    "ar": {"heading": "شهادة إتمام", "certify": "نشهد بأنّ", "completed": "قد أتمّ بنجاح ورشة العمل",
           "project": "المنعقدة في إطار مشروع", "serial": "الرقم التسلسلي", "issued": "تاريخ الإصدار",
           "verify": "للتحقق", "revoked": "أُلغيت بتاريخ {date}", "superseded": "حلّت محلها الشهادة {serial}"},
}

WIDTH, HEIGHT = landscape(A4)
INK = HexColor("#1f2a30")
MUTED = HexColor("#5b6770")
BRAND = HexColor("#1f4e5f")
ACCENT = HexColor("#b08d57")
WHITE = Color(1, 1, 1)
VOID = HexColor("#c8102e")
TEXT_WIDTH = WIDTH - 220
MARGIN = 70
QR_SIZE = 76
FOOTER_BOTTOM = 60
QR_BOTTOM = FOOTER_BOTTOM - 8
QUIET_MODULES = 4
DARK_RUN = re.compile(b"\x01+")  # a run of dark modules in a row of segno's matrix
URL_Y = QR_BOTTOM + QR_SIZE + 11  # the printed link just above the QR code's quiet zone, its label above that
DONOR_Y, DONOR_WIDTH = 158, TEXT_WIDTH - 80  # narrower than the body: clear of the link's label on the side
#: The body runs from the name's baseline down to, at the lowest, this floor (see _draw_blocks).
BODY_TOP, CERTIFY_Y = 382, 420
BODY_FLOOR, BODY_FLOOR_UNDER_DONOR = 164, 176
MIN_SQUEEZE, MAX_SPREAD = 0.25, 1.6
#: How far ink reaches above and below the baseline, in ems: accented capitals in DejaVu; the Allah ligature,
#: vowel marks and deep descenders in Amiri. Lines of neighbouring blocks never come closer than this.
INK_EXTENT = {"Arabic": (1.1, 0.6), "Arabic-Bold": (1.1, 0.6)}
LATIN_INK_EXTENT = (0.93, 0.24)
LINE_HEIGHT = {"Arabic": 1.55, "Arabic-Bold": 1.55}
LATIN_LINE_HEIGHT = 1.28
LOGO_HEIGHT, LOGO_WIDTH = 44, 150
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 120, 32


@dataclass(frozen=True)
class Signature:
    name: str
    title: str
    image: bytes | None = None


@dataclass(frozen=True)
class Branding:
    """A project's logos (JPEG bytes, left to right), donor line and signatories; shared by a whole print run."""

    logos: tuple[bytes, ...] = ()
    donor_line: str = ""
    signatures: tuple[Signature, ...] = ()


@dataclass(frozen=True)
class CertificatePage:
    participant_name: str
    participant_name_ar: str | None
    workshop_title: str
    workshop_dates: str
    place: str
    project_title: str
    serial: str
    issued_on: str
    verify_url: str
    language: str = "en"
    branding: Branding = field(default_factory=Branding)
    #: Set on a certificate no longer valid, so that its print says so: the date it was revoked on, as written
    #: in its language, or the serial of the certificate that replaced it.
    revoked_on: str | None = None
    superseded_by: str | None = None


def render_certificates(pages: Iterable[CertificatePage]) -> bytes:
    """One landscape A4 page per certificate in a single PDF.

    What every page of a project and language shares (frame, logos, signatures, fixed wording) is drawn
    once as a PDF form and placed on each page: a 500-page print run embeds its logos once, not 500 times.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT), invariant=True, pageCompression=1)
    canvas.setTitle(WORDING["en"]["heading"])
    forms: dict[tuple[Branding, str], str] = {}
    for page in pages:
        key = (page.branding, page.language)
        if key not in forms:
            forms[key] = f"static{len(forms)}"
            canvas.beginForm(forms[key])
            _draw_static(canvas, page.branding, page.language)
            canvas.endForm()
        canvas.doForm(forms[key])
        _draw_page(canvas, page)
        _draw_stamp(canvas, page)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_static(canvas: Canvas, branding: Branding, language: str) -> None:
    wording, rtl = WORDING.get(language, WORDING["en"]), language == "ar"
    _draw_frame(canvas)
    _draw_logos(canvas, branding.logos, rtl)
    _centred(canvas, wording["heading"] if rtl else wording["heading"].upper(), "Serif-Bold", 30, 462, BRAND, rtl,
             char_space=0 if rtl else 2)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.5)
    rule = 438 if rtl else 448  # under Amiri's deeper descenders in Arabic
    canvas.line(WIDTH / 2 - 60, rule, WIDTH / 2 + 60, rule)
    _centred(canvas, wording["certify"], "Sans", 13, CERTIFY_Y, MUTED, rtl)
    if branding.donor_line:
        _centred(canvas, branding.donor_line, "Sans", 10, DONOR_Y, MUTED, rtl, width=DONOR_WIDTH)
    _draw_signatures(canvas, branding.signatures, rtl)
    canvas.setFillColor(MUTED)
    _side_text(canvas, wording["serial"], 9, FOOTER_BOTTOM + 28, rtl, reading_side=True)
    _side_text(canvas, wording["verify"], 9, URL_Y + 10, rtl, reading_side=False)


def _draw_page(canvas: Canvas, page: CertificatePage) -> None:
    """What changes from one certificate to the next, drawn over the shared form."""
    wording, rtl = WORDING.get(page.language, WORDING["en"]), page.language == "ar"
    names = [page.participant_name, page.participant_name_ar]
    if rtl and page.participant_name_ar:
        names.reverse()  # their own script first in an Arabic certificate
    first, second = names
    blocks = [_block(first, "Serif-Bold", 32, INK, 0, rtl, one_line_floor=16, two_lines_size=24)]
    if second:
        blocks.append(_block(second, "Serif-Bold", 24, INK, 6, rtl, one_line_floor=14, two_lines_size=20))
    blocks += [
        _block(wording["completed"], "Sans", 13, MUTED, 12, rtl, max_lines=1),
        _block(page.workshop_title, "Serif-Bold", 18, INK, 8, rtl),
        _block(f"{page.workshop_dates}  ·  {page.place}", "Sans", 13, INK, 9, rtl, max_lines=1),
        _block(wording["project"], "Sans", 11, MUTED, 16, rtl, max_lines=1),
        _block(page.project_title, "Sans", 13, BRAND, 3, rtl),
    ]
    certify = _block(wording["certify"], "Sans", 13, MUTED, 0, rtl, max_lines=1)
    top = min(BODY_TOP, CERTIFY_Y - certify.descent - blocks[0].ascent - 4)  # a name in Amiri reaches higher
    _draw_blocks(canvas, blocks, top, BODY_FLOOR_UNDER_DONOR if page.branding.donor_line else BODY_FLOOR)
    _draw_footer(canvas, page, wording, rtl)


@dataclass(frozen=True)
class _Block:
    """Centred lines, already shaped, in one font and size, `space` points clear of the block above."""

    lines: tuple[str, ...]
    font: str
    size: float
    colour: Color
    space: float

    @property
    def ascent(self) -> float:
        return INK_EXTENT.get(self.font, LATIN_INK_EXTENT)[0] * self.size

    @property
    def descent(self) -> float:
        return INK_EXTENT.get(self.font, LATIN_INK_EXTENT)[1] * self.size

    @property
    def line_height(self) -> float:
        return LINE_HEIGHT.get(self.font, LATIN_LINE_HEIGHT) * self.size


def _block(text: str, font: str, size: float, colour: Color, space: float, rtl: bool, *, max_lines: int = 2,
           one_line_floor: float | None = None, two_lines_size: float | None = None, floor: float = 8) -> _Block:
    """The text on one line if it fits there at `one_line_floor` (default: its full size) or more, else on two.

    Two lines break at the word that balances them best and share one size, at most `two_lines_size`; either
    way the size is found in one step, and nothing is cut off. Lines are split in logical order and each is
    then shaped, so an Arabic title wraps at the right word.
    """
    drawn, drawn_font = shaped(text, font, rtl)
    one_line = _fitted_size(drawn, drawn_font, size, TEXT_WIDTH, floor)
    words = text.split()
    if max_lines == 1 or len(words) < 2 or one_line >= (one_line_floor or size):
        return _Block((drawn,), drawn_font, one_line, colour, space)
    size = min(size, two_lines_size or size)
    widths = [pdfmetrics.stringWidth(shaped(word, font, rtl)[0], drawn_font, size) for word in words]
    space_width = pdfmetrics.stringWidth(" ", drawn_font, size)
    total = sum(widths) + space_width * (len(words) - 1)
    left, wider, cut = -space_width, total, 1
    for index, width in enumerate(widths[:-1], start=1):
        left += width + space_width
        if max(left, total - left - space_width) < wider:
            wider, cut = max(left, total - left - space_width), index
    lines = tuple(shaped(" ".join(part), font, rtl)[0] for part in (words[:cut], words[cut:]))
    return _Block(lines, drawn_font, max(floor, min(size, size * TEXT_WIDTH / wider)), colour, space)


def _draw_blocks(canvas: Canvas, blocks: list[_Block], top: float, floor: float) -> None:
    """Top-down from the name's baseline at `top`, the last baseline no lower than `floor`, all in one step.

    Between two blocks: the ink of both (descent above, ascent below) and a flexible space. The spaces stretch
    (up to MAX_SPREAD) when the body is short and shrink (down to MIN_SQUEEZE) when it is long; a body too long
    even then is drawn smaller as a whole.
    """
    ink = sum(block.line_height * (len(block.lines) - 1) for block in blocks)
    ink += sum(above.descent + below.ascent for above, below in pairwise(blocks))
    spaces = sum(block.space for block in blocks[1:]) or 1
    room = top - floor
    squeeze = min(MAX_SPREAD, (room - ink) / spaces)
    scale = 1.0
    if squeeze < MIN_SQUEEZE:
        squeeze, scale = MIN_SQUEEZE, room / (ink + spaces * MIN_SQUEEZE)
    y, above = top, None
    for block in blocks:
        if above is not None:
            y -= scale * (above.descent + block.ascent + block.space * squeeze)
        canvas.setFillColor(block.colour)
        canvas.setFont(block.font, block.size * scale)
        for number, line in enumerate(block.lines):
            if number:
                y -= scale * block.line_height
            canvas.drawCentredString(WIDTH / 2, y, line)
        above = block


def _draw_stamp(canvas: Canvas, page: CertificatePage) -> None:
    """REVOKED on <date> or SUPERSEDED by <serial>, large and see-through, corner to corner over the page."""
    wording = WORDING.get(page.language, WORDING["en"])
    if page.superseded_by is not None:
        text = wording["superseded"].format(serial=page.superseded_by)
    elif page.revoked_on is not None:
        text = wording["revoked"].format(date=page.revoked_on)
    else:
        return
    drawn, font = shaped(text, "Serif-Bold", page.language == "ar")
    canvas.saveState()
    canvas.translate(WIDTH / 2, HEIGHT / 2)
    canvas.rotate(math.degrees(math.atan2(HEIGHT, WIDTH)))
    canvas.setFillColor(VOID)
    canvas.setFillAlpha(0.3)
    canvas.setFont(font, _fitted_size(drawn, font, 72, 0.75 * math.hypot(WIDTH, HEIGHT), floor=24))
    canvas.drawCentredString(0, -20, drawn)
    canvas.restoreState()


def _draw_frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(7)
    canvas.rect(20, 20, WIDTH - 40, HEIGHT - 40)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.rect(32, 32, WIDTH - 64, HEIGHT - 64)
    canvas.setLineWidth(0.5)
    canvas.rect(36, 36, WIDTH - 72, HEIGHT - 72)


def _draw_logos(canvas: Canvas, logos: tuple[bytes, ...], rtl: bool) -> None:
    """Up to three logos in a centred row, each scaled to the same height."""
    if not logos:
        return
    pictures = [picture_file(logo) for logo in (reversed(logos) if rtl else logos)]
    sizes = [_scaled(picture, LOGO_WIDTH, LOGO_HEIGHT) for picture in pictures]
    gap = 36
    x = (WIDTH - sum(width for width, _height in sizes) - gap * (len(sizes) - 1)) / 2
    for (path, _pixels_wide, _pixels_high), (width, height) in zip(pictures, sizes, strict=True):
        canvas.drawImage(path, x, 500 + (LOGO_HEIGHT - height) / 2, width, height)
        x += width + gap


def _scaled(picture: tuple[str, int, int], box_width: float, box_height: float) -> tuple[float, float]:
    _path, width, height = picture
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale


def _draw_footer(canvas: Canvas, page: CertificatePage, wording: dict[str, str], rtl: bool) -> None:
    """Serial and date on the reading side; the QR code, with the link printed above it, on the far side."""
    canvas.setFillColor(MUTED)
    _side_text(canvas, f"{wording['issued']} {page.issued_on}", 9, FOOTER_BOTTOM, rtl, reading_side=True)
    canvas.setFillColor(INK)
    _side_text(canvas, page.serial, 13, FOOTER_BOTTOM + 12, rtl, reading_side=True, font="Serif-Bold")
    _draw_qr(canvas, page.verify_url, MARGIN if rtl else WIDTH - MARGIN - QR_SIZE, QR_BOTTOM, QR_SIZE)
    canvas.setFillColor(MUTED)
    size = _fitted_size(page.verify_url, "Sans", 7, 200, floor=5)
    _side_text(canvas, page.verify_url, size, URL_Y, rtl, reading_side=False)


def _side_text(canvas: Canvas, text: str, size: float, y: float, rtl: bool, *, reading_side: bool,
               font: str = "Sans") -> None:
    """Text against the left or right margin: the reading side is the left in LTR and the right in RTL."""
    drawn, font = shaped(text, font, rtl)
    canvas.setFont(font, size)
    if reading_side != rtl:
        canvas.drawString(MARGIN, y, drawn)
    else:
        canvas.drawRightString(WIDTH - MARGIN, y, drawn)


def _draw_signatures(canvas: Canvas, signatures: tuple[Signature, ...], rtl: bool) -> None:
    """Each signatory on a line: signature above it, name and title under it; centred between serial and QR."""
    if not signatures:
        return
    ordered = list(reversed(signatures)) if rtl else list(signatures)
    slot = 138
    left = WIDTH / 2 - slot * len(ordered) / 2
    for index, signature in enumerate(ordered):
        centre = left + slot * (index + 0.5)
        if signature.image:
            picture = picture_file(signature.image)
            width, height = _scaled(picture, SIGNATURE_WIDTH, SIGNATURE_HEIGHT)
            canvas.drawImage(picture[0], centre - width / 2, 92, width, height)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.6)
        canvas.line(centre - 60, 90, centre + 60, 90)
        for text, font, size, y in ((signature.name, "Serif-Bold", 9, 78), (signature.title, "Sans", 8, 67)):
            drawn, drawn_font = shaped(text, font, rtl)
            canvas.setFillColor(INK if font == "Serif-Bold" else MUTED)
            canvas.setFont(drawn_font, _fitted_size(drawn, drawn_font, size, 128, floor=5))
            canvas.drawCentredString(centre, y, drawn)


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The verify URL as a QR code: one filled path, a rectangle per run of dark modules in a row.

    Mask 0 instead of segno's search over eight masks: five times faster, and the code still scans. The path
    is written in module units (one unit per module, rows counting down from the top), so every rectangle is
    four small integers: far cheaper than formatting hundreds of floats per page.
    """
    matrix = segno.make_qr(url, error="m", mask=0).matrix
    cell = size / len(matrix)
    quiet = QUIET_MODULES * cell
    canvas.setFillColor(WHITE)
    canvas.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.saveState()
    canvas.transform(cell, 0, 0, -cell, x, y + size)
    canvas.addLiteral(" ".join(f"{run.start()} {row} {run.end() - run.start()} 1 re"
                               for row, modules in enumerate(matrix) for run in DARK_RUN.finditer(modules)) + " f")
    canvas.restoreState()


def _fitted_size(text: str, font: str, size: float, width: float, floor: float = 8) -> float:
    """The largest size up to `size` at which the text fits `width`, found in one step."""
    natural = pdfmetrics.stringWidth(text, font, size)
    return max(floor, min(size, size * width / natural)) if natural else size


def _centred(canvas: Canvas, text: str, font: str, size: float, y: float, colour, rtl: bool, *,
             floor: float = 8, char_space: float = 0, width: float = TEXT_WIDTH) -> None:
    drawn, font = shaped(text, font, rtl)
    canvas.setFillColor(colour)
    canvas.setFont(font, _fitted_size(drawn, font, size, width, floor))
    canvas.drawCentredString(WIDTH / 2, y, drawn, charSpace=char_space)
