"""The certificate PDF read back: its text, its QR code, its pictures."""
import io
import re
import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from workshops.certificates.pdf import WIDTH, Branding, CertificatePage, Signature, render_certificates

URL = "https://workshops.example.org/verify/K7Q2-9XMB-3FZ4"
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _page(**overrides) -> CertificatePage:
    return CertificatePage(**{
        "participant_name": "Fatima Mansour", "participant_name_ar": None,
        "workshop_title": "National workshop on investigating trafficking in persons",
        "workshop_dates": "3–6 March 2025",
        "place": "Cairo, Egypt", "project_title": "Building National Capacities to Combat Human Trafficking",
        "serial": "K7Q2-9XMB-3FZ4", "issued_on": "10 March 2025", "verify_url": URL, **overrides})


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_field_is_printed_one_page_each():
    pages = [_page(), _page(participant_name="Hélène Benali-Çelik", place="Niamey, Niger"),
             _page(participant_name="Ayşe Yılmaz Doğan Şahin", serial="ABCD-EFGH-JKMN")]
    texts = _texts(render_certificates(pages))
    assert len(texts) == 3
    for page, text in zip(pages, texts, strict=True):
        for value in (page.participant_name, page.workshop_title, page.workshop_dates, page.place,
                      page.project_title, page.serial, page.issued_on):
            assert value in text


@pytest.mark.parametrize("name", ["Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr",
                                  "Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr Idris Toure Diallo "
                                  "Haddad Mansour Saleh Benali Khalil Traoré Sawadogo Ouédraogo Nikiéma Zongo"])
def test_long_names_are_printed_whole(name):
    assert len(name) > 60
    text = " ".join(_texts(render_certificates([_page(participant_name=name)]))[0].split())
    assert name in text


def test_same_input_gives_identical_bytes():
    assert render_certificates([_page()]) == render_certificates([_page()])


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler-utils and zbar")
def test_qr_code_decodes_to_the_verify_url(tmp_path):
    pdf_file = tmp_path / "certificate.pdf"
    pdf_file.write_bytes(render_certificates([_page(participant_name_ar="محمد عبد الرحمن")]))
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf_file), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == URL


def _plumbed_lines(pdf: bytes) -> list[str]:
    """Text as pdfplumber reads it: in visual order, the order the glyphs stand on the page."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].extract_text().splitlines()


@pytest.mark.parametrize("name", ["محمد عبد الله", "فاطمة الزهراء بن علي", "عائشة منت عبد الله"])
def test_arabic_name_is_joined_and_in_right_to_left_order(name):
    lines = _plumbed_lines(render_certificates([_page(participant_name_ar=name)]))
    arabic = [line for line in lines if ARABIC.search(line)]
    assert [unicodedata.normalize("NFKC", line.strip()[::-1]) for line in arabic] == [name]
    assert any("\ufe70" <= character <= "\ufeff" for character in arabic[0])  # shaped: presentation forms


def test_mixed_arabic_title_keeps_numbers_and_acronyms_readable():
    title = "ورشة عمل إقليمية حول الاتجار بالبشر 2025 UNODC"
    lines = _plumbed_lines(render_certificates([_page(workshop_title=title, language="ar")]))
    line = next(line for line in lines if "UNODC" in line)
    assert "2025" in line and "UNODC" in line  # digits and Latin runs keep their own left-to-right order


@pytest.mark.parametrize(("language", "heading", "certify"), [
    ("en", "CERTIFICATE OF COMPLETION", "This is to certify that"),
    ("fr", "CERTIFICAT DE FORMATION", "Nous certifions que"),
])
def test_fixed_wording_follows_the_workshop_language(language, heading, certify):
    text = _texts(render_certificates([_page(language=language)]))[0]
    assert heading in text and certify in text


def test_arabic_certificate_is_mirrored():
    """The serial sits on the right and the QR code on the left, the reverse of an English certificate."""
    def serial_x(pdf: bytes) -> float:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            return next(word["x0"] for word in document.pages[0].extract_words() if word["text"] == "K7Q2-9XMB-3FZ4")

    english, arabic = (render_certificates([_page(language=language)]) for language in ("en", "ar"))
    assert serial_x(english) < WIDTH / 3 < 2 * WIDTH / 3 < serial_x(arabic)
    lines = _plumbed_lines(arabic)
    assert any(unicodedata.normalize("NFKC", line[::-1]).strip() == "شهادة إتمام" for line in lines)


@pytest.mark.parametrize("name", ["Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr Idris",
                                  "Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr Idris Toure Diallo "
                                  "Haddad Mansour Saleh Benali Khalil Traoré Sawadogo Ouédraogo Nikiéma Zongo"])
def test_long_names_never_leave_the_frame(name):
    with pdfplumber.open(io.BytesIO(render_certificates([_page(participant_name=name)]))) as document:
        page = document.pages[0]
        words = [word for word in page.extract_words() if word["text"] in name.split()]
    assert min(word["x0"] for word in words) > 40 and max(word["x1"] for word in words) < WIDTH - 40


def test_branding_appears_on_every_page_of_a_print_run():
    branding = Branding(logos=(_jpeg("#1f4e5f"),), donor_line="With the support of the Government of the Netherlands",
                        signatures=(Signature("Ambassador Ahmed Nabil", "Director General", _jpeg("#000080")),))
    pdf = render_certificates([_page(branding=branding, serial=f"SERIAL-{number}") for number in range(3)])
    for text in _texts(pdf):
        assert "Ambassador Ahmed Nabil" in text and "Government of the Netherlands" in text
    assert pdf.count(b"/Subtype /Image") == 2  # each picture embedded once for the whole run


def _jpeg(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), colour).save(buffer, format="JPEG")
    return buffer.getvalue()
