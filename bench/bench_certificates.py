"""Benchmark: certificates per second, merged into one PDF and as a ZIP of one PDF per person.

The mix is what a real print run holds: accented Latin names, Arabic names (shaped and reordered), QR codes,
two embedded TrueType fonts or more, and a project's branding (three logos, a donor line, three signatories,
two with signature images). It times the app's own renderer (certificates.pdf and certificates.archive) on
ready-made pages, then runs ../shared/floors/cert_floor.py in the same minute: only the ratio is comparable.

Usage: python bench/bench_certificates.py [N]   (default 500)
"""
import io
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

from workshops.certificates.archive import zip_of_certificates
from workshops.certificates.pdf import Branding, CertificatePage, Signature, render_certificates
from workshops.certificates.serials import new_serial

FLOOR = Path(__file__).resolve().parent.parent.parent / "shared" / "floors" / "cert_floor.py"
NAMES = [("Hélène Benali-Çelik", None), ("Mohamed Abdelrahman", "محمد عبد الرحمن"), ("Ayşe Yılmaz Doğan", None),
         ("Fatima Zahra Ben Ali", "فاطمة الزهراء بن علي"), ("Issoufou Harouna Ouédraogo", None),
         ("Aïcha Mint Abdallahi", "عائشة منت عبد الله")]


def picture(size: tuple[int, int], colour: str, text: str) -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, size[0] - 4, size[1] - 4), radius=20, fill=colour)
    draw.text((24, size[1] // 2 - 6), text, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


def print_run(count: int, language: str = "en") -> list[CertificatePage]:
    branding = Branding(
        logos=tuple(picture((600, 200), colour, text) for colour, text in
                    (("#1f4e5f", "CCCPA"), ("#c8102e", "NETHERLANDS"), ("#009edb", "PARTNER"))),
        donor_line="With the generous support of the Government of the Netherlands",
        signatures=(Signature("Signatory One", "Director General", picture((400, 120), "#000080", "sig")),
                    Signature("Signatory Two", "Project Manager"),
                    Signature("Signatory Three", "Head of Training", picture((400, 120), "#003366", "sig"))))
    pages = []
    for number in range(count):
        name, name_ar = NAMES[number % len(NAMES)]
        serial = new_serial()
        pages.append(CertificatePage(
            participant_name=name, participant_name_ar=name_ar,
            workshop_title="Regional workshop on investigating and prosecuting trafficking in persons cases",
            workshop_dates="3–6 March 2025", place="Cairo, Egypt",
            project_title="Building National Capacities to Combat Human Trafficking and Smuggling of Migrants",
            serial=serial, issued_on="10 March 2025", verify_url=f"https://workshops.example.org/verify/{serial}",
            language=language, branding=branding))
    return pages


def rate(action, pages: list[CertificatePage]) -> float:
    started = time.perf_counter()
    action(pages)
    return len(pages) / (time.perf_counter() - started)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    render_certificates(print_run(10))
    for language in ("en", "ar"):
        pages = print_run(count, language)
        merged = rate(render_certificates, pages)
        separate = rate(zip_of_certificates, pages[: count // 2])
        print(f"workshops ({language}, branded, {count} certificates): merged {merged:.0f} pages/s "
              f"({count / merged:.2f} s for the run), ZIP of separate PDFs {separate:.0f} PDFs/s")
    if FLOOR.exists():
        result = subprocess.run([sys.executable, str(FLOOR), str(count)], capture_output=True, text=True)
        for line in (result.stdout or result.stderr).strip().splitlines():
            print(f"floor cert_floor.py: {line}")


if __name__ == "__main__":
    main()
