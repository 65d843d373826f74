"""Logos and signatures as files ReportLab can embed without decoding them.

Given an in-memory image, ReportLab decodes it to raw pixels and hashes them on every drawImage call, in
every PDF. Given the path of a JPEG, it copies the file's bytes into the PDF and names it by the path. A
print run of separate PDFs draws the same few pictures hundreds of times, so each distinct picture is
written once per process to a private temporary folder, named by its content's digest.
"""
import functools
import hashlib
import io
import tempfile
from pathlib import Path

from PIL import Image


@functools.cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="workshops-pictures-"))


@functools.lru_cache(maxsize=64)
def picture_file(jpeg: bytes) -> tuple[str, int, int]:
    """(path, width, height) of the JPEG, written on first use."""
    path = _folder() / f"{hashlib.sha256(jpeg).hexdigest()}.jpg"
    if not path.exists():
        path.write_bytes(jpeg)
    with Image.open(io.BytesIO(jpeg)) as image:
        return str(path), image.width, image.height
