"""Text in the app's PDFs (certificates, sign-in sheets, personal-data exports): bundled fonts and Arabic shaping.

Fonts are bundled (DejaVu for Latin scripts with accents, Amiri for Arabic; kept under certificates/fonts,
where the package data lists them) and registered once per process. Arabic text is shaped and put in visual
order with arabic_reshaper and python-bidi before drawing, because ReportLab's drawString neither joins
letters nor reorders words.

Importing this module also sets ReportLab to write binary streams: its default ASCII85 armour makes every
embedded JPEG and page a quarter larger and is encoded again in every PDF.
"""
import functools
import re
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

from workshops.text import printable

rl_config.useA85 = 0

FONTS = Path(__file__).resolve().parent / "certificates" / "fonts"
FONT_FILES = {
    "Sans": "DejaVuSans.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Arabic": "Amiri-Regular.ttf",
    "Arabic-Bold": "Amiri-Bold.ttf",
}
ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@functools.cache
def register_fonts() -> None:
    """ReportLab's font registry is process-wide: fill it once, when the first PDF is drawn."""
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(SubsetCachingFont(name, str(FONTS / file_name)))


@functools.lru_cache(maxsize=4096)
def shaped(text: str, font: str, rtl: bool = False) -> tuple[str, str]:
    """Text as it must be drawn, and the font to draw it in.

    Arabic is shaped and reordered, in Amiri; in a right-to-left document every line reads right to left, so a
    Latin acronym or a year inside it lands where an Arabic reader expects it. Right-to-left text is set in
    Amiri throughout (its Latin letters match its Arabic ones), which also embeds two fonts instead of four.

    Every text a PDF draws passes here, so this is where direction overrides, isolates and marks and control
    characters already recorded are dropped (forms refuse them now): python-bidi would obey an override and
    print "exe.live" for what a browser shows as "evil.exe", and no font has a glyph for a control character.
    """
    text = printable(text)
    arabic_font = "Arabic-Bold" if "Bold" in font else "Arabic"
    if not ARABIC_LETTERS.search(text):
        return text, arabic_font if rtl else font
    return get_display(arabic_reshaper.reshape(text), base_dir="R" if rtl else None), arabic_font


def markup(text: str, font: str = "Sans", rtl: bool = False) -> str:
    """Text as Paragraph markup: escaped, and Arabic shaped and set in its font."""
    drawn, drawn_font = shaped(text, font, rtl)
    return escape(drawn) if drawn_font == font else f'<font name="{drawn_font}">{escape(drawn)}</font>'


class _Formatted(pdfdoc.PDFObject):
    """PDF syntax formatted once and written as it is into every document."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def _deflated(content: bytes, **entries) -> pdfdoc.PDFStream:
    """A stream whose content is compressed already: ReportLab applies no filter to a stream that names one."""
    dictionary = pdfdoc.PDFDictionary(entries)
    dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return pdfdoc.PDFStream(dictionary, content)


@functools.lru_cache(maxsize=256)
def _subset_parts(font: "SubsetCachingFont", number: int, subset: tuple[int, ...]):
    """What a subset embeds, subset and compressed once: the same few subsets recur in PDF after PDF."""
    face = font.face
    base_name = b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
    widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset]).format(None)  # numbers need no document
    font_file = face.makeSubset(list(subset))
    return (base_name, widths, zlib.compress(makeToUnicodeCMap(base_name, list(subset)).encode()),
            zlib.compress(font_file), len(font_file))


class SubsetCachingFont(TTFont):
    """A TrueType font whose subsets are made and compressed once per process, not once per PDF.

    ReportLab subsets every font anew in each document: for a ZIP of separate certificates that is most of
    the time spent. Subsets depend only on the characters drawn, in the order first drawn, and a print run
    draws the same wording, digits and letters again and again, so the finished objects are kept and
    reused. The output is byte for byte what ReportLab's TTFont writes (tests/certificates/test_pdf_text.py).
    """

    def addObjects(self, doc) -> None:
        if not doc.compression:
            super().addObjects(doc)
            return
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        for number, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base_name, widths, cmap, font_file, length = _subset_parts(self, number, tuple(subset))
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name, font.BaseFont = internal_name, base_name
            font.FirstChar, font.LastChar = 0, len(subset) - 1
            font.Widths = _Formatted(widths)
            font.ToUnicode = doc.Reference(_deflated(cmap), "toUnicodeCMap:" + base_name)
            descriptor = pdfdoc.PDFDictionary({
                "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
                "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(base_name),
                "ItalicAngle": face.italicAngle, "StemV": face.stemV, "MissingWidth": face.defaultWidth,
                "FontFile2": doc.Reference(_deflated(font_file, Length1=length),
                                           f"fontFile:{face.filename}({base_name})")})
            font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base_name)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]
