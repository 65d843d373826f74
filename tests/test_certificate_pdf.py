"""The certificate PDF read back: its text, its QR code, its pictures."""
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from workshops.certificates.pdf import CertificatePage, render_certificates

URL = "https://workshops.example.org/verify/K7Q2-9XMB-3FZ4"


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


def test_long_name_shrinks_and_is_still_whole():
    name = "Mohamed Abdelrahman Abdallah Othman Farouk Khalil Nasser Bakr Idris Toure Diallo"
    assert len(name) > 60
    assert name in _texts(render_certificates([_page(participant_name=name)]))[0]


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
