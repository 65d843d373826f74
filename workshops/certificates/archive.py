"""A print run as a ZIP of one PDF per person, named so that every file system accepts the names."""
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable

from workshops.certificates.pdf import CertificatePage, render_certificates

#: Windows refuses these names whatever the extension; a serial prefix already avoids them, but be sure.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{digit}" for digit in range(10)),
             *(f"LPT{digit}" for digit in range(10))}


def safe_file_name(serial: str, name: str, *, limit: int = 80) -> str:
    """'<serial>-<name>.pdf' in ASCII letters, digits and hyphens: accents dropped, anything else a hyphen.

    Arabic-only names leave just the serial, which is unique anyway.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:limit].strip("-")
    stem = f"{serial}-{slug}" if slug and slug.upper() not in _RESERVED else serial
    return f"{stem}.pdf"


def zip_of_certificates(pages: Iterable[CertificatePage]) -> bytes:
    """One PDF per certificate, stored uncompressed: the PDFs are compressed already."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for page in pages:
            archive.writestr(safe_file_name(page.serial, page.participant_name), render_certificates([page]))
    return buffer.getvalue()
