"""Certificate PDFs read back: the text of every page, the QR code decoded, the layout inside its frame.

Plain data in, PDF bytes out: no app, no database, no fixture from tests/conftest.py.
"""
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from workshops.certificates.pdf import Branding, CertificatePage, Signature, render_certificates

LONG_NAME = "Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr Idrissou"
PAGES = [
    CertificatePage(
        participant_name="Fatima Mansour", participant_name_ar=None,
        workshop_title="National workshop on investigating trafficking in persons", workshop_dates="3–6 March 2025",
        place="Cairo, Egypt", project_title="Building National Capacities to Combat Human Trafficking",
        serial="K7Q2-9XMB-3FZ4", issued_on="10 March 2025",
        verify_url="https://workshops.example.org/verify/K7Q2-9XMB-3FZ4"),
    CertificatePage(
        participant_name="Hélène Çelik-Doğan Şahin", participant_name_ar=None,
        workshop_title="Regional training of trainers on victim identification and referral",
        workshop_dates="28 February – 2 March 2025", place="Niamey, Niger",
        project_title="Strengthening Responses to Smuggling of Migrants in the Sahel", serial="ABCD-EFGH-JKMN",
        issued_on="4 March 2025", verify_url="https://workshops.example.org/verify/ABCD-EFGH-JKMN"),
    CertificatePage(
        participant_name=LONG_NAME, participant_name_ar="محمد عبد الرحمن عبد الله عثمان",
        workshop_title="National workshop on investigating and prosecuting trafficking in persons and smuggling "
                       "of migrants cases for judges and prosecutors",
        workshop_dates="12–16 May 2025", place="Nouakchott, Mauritania",
        project_title="Building National Capacities to Combat Human Trafficking and Smuggling of Migrants in North "
                      "Africa and the Sahel Region through Specialised Training (BUILD-CT)",
        serial="Z9Y8-X7W6-V5T4", issued_on="20 May 2025",
        verify_url="https://workshops.example.org/verify/Z9Y8-X7W6-V5T4"),
]
WIDTH, HEIGHT = landscape(A4)
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
#: The inner gold line of the frame; nothing printed may cross it.
INNER_FRAME = 36
needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                   reason="needs poppler-utils")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_certificates(PAGES)


def _flat(text: str) -> str:
    """Wrapped lines joined back: a title on two lines still reads as the title."""
    return " ".join(text.split())


def _texts(pdf: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_one_landscape_a4_page_per_certificate(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(PAGES)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((WIDTH, HEIGHT))


def test_every_field_is_printed_on_its_own_page(pdf):
    texts = _texts(pdf)
    for page, text in zip(PAGES, texts, strict=True):
        for value in (page.participant_name, page.workshop_title, page.workshop_dates, page.place,
                      page.project_title, page.serial, page.issued_on):
            assert _flat(value) in text
        assert "Certificate of Completion".upper() in text.upper()
    assert PAGES[1].participant_name in texts[1]  # é ç ğ ş survive the embedded subset font


def test_long_name_is_still_whole(pdf):
    assert len(LONG_NAME) == 70
    assert LONG_NAME in _texts(pdf)[2]


def test_arabic_name_is_shaped_and_printed_under_the_latin_one(pdf):
    """Drawn as joined letter forms (presentation forms), which read back as the name itself."""
    lines = [line.strip() for line in PdfReader(io.BytesIO(pdf)).pages[2].extract_text().splitlines()]
    shaped = [number for number, line in enumerate(lines) if ARABIC.search(line)]
    assert [unicodedata.normalize("NFKC", lines[number]) for number in shaped] == [PAGES[2].participant_name_ar]
    assert shaped[0] > max(number for number, line in enumerate(lines) if "Idrissou" in line)
    assert not ARABIC.search(_texts(pdf)[0])


def test_same_pages_give_identical_bytes(pdf):
    assert render_certificates(PAGES) == pdf
    assert render_certificates(iter(PAGES)) == pdf  # any iterable, a generator included


@pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("zbarimg"), reason="needs poppler-utils, zbar")
@pytest.mark.parametrize(("page", "resolution"), [(1, 60), (1, 150), (2, 60), (3, 60)])
def test_qr_code_decodes_to_the_verify_url(pdf, tmp_path, page, resolution):
    """Scans even from a coarse 60 dpi rendering of the page."""
    image = _png(pdf, tmp_path, page=page, resolution=resolution)
    assert image.read_bytes().startswith(b"\x89PNG")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == PAGES[page - 1].verify_url


@needs_poppler
@pytest.mark.parametrize("name", [LONG_NAME, "Maria " * 33 + "Touré", "Abdelrahmanabdallahothmanfaroukkhalil" * 2])
def test_long_names_stay_inside_the_frame(tmp_path, name):
    assert len(name) >= 60
    pages = [replace(PAGES[2], participant_name=name)]
    boxes = _word_boxes(render_certificates(pages), tmp_path)
    assert _flat(name) in " ".join(word for word, *_box in boxes)
    _assert_inside_frame(boxes)


@needs_poppler
def test_crowded_page_keeps_every_line_apart(tmp_path):
    """Two-line name, Arabic name, two-line titles, a donor line: twelve lines of ink, 2pt or more apart.

    Counted on the rendered page, row by row across the text column: two lines that touched, or came closer
    than 2pt, would count as one. (Closer than that is a vowel mark over its Arabic letter, not a new line.)
    """
    branding = Branding(donor_line="Funded by the European Union and implemented by the International Organization "
                                   "for Migration",
                        signatures=(Signature("Dr. Amina El-Sayed", "Programme Manager"),
                                    Signature("John Smith", "Chief of Mission")))
    page = replace(PAGES[2], participant_name=LONG_NAME + " Touré", branding=branding)
    pdf = render_certificates([page])
    _assert_inside_frame(_word_boxes(pdf, tmp_path))
    # certify, name (2), Arabic name, "has completed", title (2), dates, "held under", project (2), donor line
    assert _ink_lines(_png(pdf, tmp_path, page=1, resolution=100), 100, left=105, right=733, bottom=155,
                      top=446) == 12


def _png(pdf: bytes, directory: Path, *, page: int, resolution: int) -> Path:
    source = directory / "certificates.pdf"
    source.write_bytes(pdf)
    stem = directory / f"page{page}-{resolution}dpi"
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(source), str(stem)], check=True)
    return stem.with_suffix(".png")


def _word_boxes(pdf: bytes, directory: Path) -> list[tuple[str, float, float, float, float]]:
    """Every word of page 1 with its box in points, as poppler lays it out."""
    source = directory / "boxes.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(source), "-"], capture_output=True,
                          text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [(unescape(word), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, word in re.findall(pattern, html)]


def _ink_lines(png: Path, resolution: int, *, left: float, right: float, bottom: float, top: float,
               apart: float = 2) -> int:
    """Bands of pixel rows holding dark ink, `apart` points or more from each other, within a box in PDF points."""
    scale = resolution / 72
    with Image.open(png) as image:
        box = image.convert("L").crop((round(left * scale), round((HEIGHT - top) * scale), round(right * scale),
                                       round((HEIGHT - bottom) * scale)))
    pixels, width = box.tobytes(), box.width
    inked = [row for row in range(box.height) if min(pixels[row * width:(row + 1) * width]) < 140]
    return sum(1 for above, row in zip([-box.height, *inked], inked, strict=False) if row - above > apart * scale)


def _assert_inside_frame(boxes) -> None:
    assert boxes
    for word, x0, y0, x1, y1 in boxes:
        assert INNER_FRAME < x0 < x1 < WIDTH - INNER_FRAME, word
        assert INNER_FRAME < y0 < y1 < HEIGHT - INNER_FRAME, word
