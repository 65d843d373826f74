"""The PDF text machinery shared by certificates, sign-in sheets and personal-data exports (workshops.pdf_text)."""
import subprocess
import sys

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workshops.certificates.pdf import Branding, CertificatePage, Signature, render_certificates
from workshops.pdf_text import FONT_FILES, FONTS, SubsetCachingFont, register_fonts


def _pages() -> list[CertificatePage]:
    branding = Branding(donor_line="With the support of the Government of the Netherlands",
                        signatures=(Signature("Dr Amal Saleh", "Director"),))
    common = {"workshop_title": "Atelier national sur les enquêtes", "workshop_dates": "3–6 mars 2025",
              "place": "Niamey, Niger", "project_title": "Renforcer les capacités nationales",
              "issued_on": "4 mars 2025", "branding": branding}
    return [CertificatePage(participant_name=name, participant_name_ar=name_ar, serial=serial, language=language,
                            verify_url=f"https://workshops.example.org/verify/{serial}", **common)
            for name, name_ar, serial, language in (
                ("Hélène Çelik-Doğan", None, "K7Q2-9XMB-3FZ4", "fr"), ("Ayşe Şahin", None, "ABCD-EFGH-JKMN", "en"),
                ("Mohamed Abdelrahman", "محمد عبد الرحمن", "Z9Y8-X7W6-V5T4", "ar"))]


def test_cached_subsets_write_exactly_what_reportlab_writes(monkeypatch):
    """Subsets made once per process: the same bytes as ReportLab's own TrueType embedding, PDF after PDF."""
    register_fonts()
    assert all(isinstance(pdfmetrics.getFont(name), SubsetCachingFont) for name in FONT_FILES)
    separate = [render_certificates([page]) for page in _pages()]
    assert [render_certificates([page]) for page in _pages()] == separate  # from the cache this time
    for name, file_name in FONT_FILES.items():
        monkeypatch.setitem(pdfmetrics._fonts, name, TTFont(name, str(FONTS / file_name)))
    assert [render_certificates([page]) for page in _pages()] == separate


def test_the_sign_in_sheet_does_not_reach_into_certificates():
    """Training depends on the neutral text module, not on the certificate PDF's internals."""
    probe = ("import sys, workshops.training.sign_in_sheet; "
             "print(sorted(name for name in sys.modules if name.startswith('workshops.certificates')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
