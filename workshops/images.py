"""Uploaded pictures (logos, signatures): checked, shrunk and re-encoded before anything stores them.

Re-encoding drops whatever else the file carried (metadata, trailing data). Pictures are flattened onto
white and kept as JPEG: certificates are printed on white, and ReportLab embeds a JPEG as it is, where it
would recompress a PNG's pixels in every PDF (five times slower for a print run of separate files).
Dimensions are read from the header before any pixel is decoded, so a decompression bomb (a tiny file
that inflates to gigabytes) is refused without being expanded.
"""
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from workshops.exceptions import DomainError

ACCEPTED_FORMATS = {"PNG", "JPEG"}
MAXIMUM_BYTES = 2 * 1024 * 1024
MAXIMUM_PIXELS = 25_000_000
#: Longest side kept: a logo a few centimetres wide on A4 needs no more at print resolution.
STORED_SIDE = 1000


@dataclass(frozen=True)
class StoredImage:
    jpeg: bytes
    width: int
    height: int


def checked_image(content: bytes, *, field: str) -> StoredImage:
    """The upload as a JPEG no larger than STORED_SIDE, or a refusal that says what is wrong with it."""
    if len(content) > MAXIMUM_BYTES:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit)d MB.", size=len(content) / 1e6,
                            limit=MAXIMUM_BYTES // (1024 * 1024)), field=field)
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise DomainError(_("Upload a PNG or JPEG image."), field=field)
            if image.width * image.height > MAXIMUM_PIXELS:
                raise DomainError(_("The image is %(width)d × %(height)d pixels: too many pixels to be a logo; "
                                    "upload a smaller one.", width=image.width, height=image.height), field=field)
            image.load()
            return _normalised(image)
    except Image.DecompressionBombError as error:
        raise DomainError(_("The image has too many pixels to be a logo; upload a smaller one."),
                          field=field) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DomainError(_("This file is not a readable PNG or JPEG image."), field=field) from error


def _normalised(image: Image.Image) -> StoredImage:
    with_alpha = image.convert("RGBA")
    flattened = Image.new("RGB", with_alpha.size, "white")
    flattened.paste(with_alpha, mask=with_alpha.getchannel("A"))
    flattened.thumbnail((STORED_SIDE, STORED_SIDE))
    buffer = io.BytesIO()
    flattened.save(buffer, format="JPEG", quality=92, optimize=True)
    return StoredImage(buffer.getvalue(), flattened.width, flattened.height)
