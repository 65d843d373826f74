"""One rule for the text and numbers people type or send: which characters are refused, which are stripped.

Refused in form input (with a message naming them in words), stripped or refused per row where data arrives in
bulk, and taken out before anything is printed:

- NUL and the other C0 and C1 control characters (tab, line feed and carriage return allowed where text runs
  over several lines): PostgreSQL cannot store NUL, Excel files cannot hold most of the others, and none of them
  is visible, so nobody meant to type them.
- Unpaired surrogates: half a character, which no encoding can write.
- Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), in any text: they reorder
  what follows, so a name or a title reads differently on screen, on paper and in a spreadsheet ("evil.exe"
  shown as "exe.live").
- Direction marks (U+200E, U+200F, U+061C) in names: invisible, they would make two spellings of one person
  differ. Elsewhere they are harmless and sometimes needed to place punctuation in mixed Arabic and Latin text.

Numbers typed by people are read from ASCII digits, or from Arabic-Indic ones (U+0660-U+0669, and the Eastern
forms U+06F0-U+06F9 used in Persian and Urdu), which Arabic keyboards type; every other character that
str.isdigit accepts (superscripts, circled digits, other scripts) is refused, since int() rejects some of them
and they are never meant as a count or an id.
"""
import re

from flask_babel import gettext as _

CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
LINE_BREAKS = "\t\n\r"
SURROGATES = "\ud800-\udfff"
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
DIRECTION_MARKS = "\u200e\u200f\u061c"

_REFUSED = {(multiline, name): re.compile("[" + CONTROLS + ("" if multiline else LINE_BREAKS) + SURROGATES
                                          + DIRECTION_CONTROLS + (DIRECTION_MARKS if name else "") + "]")
            for multiline in (False, True) for name in (False, True)}
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}{DIRECTION_MARKS}]")
_UNPRINTABLE = re.compile(f"[{CONTROLS}{SURROGATES}{DIRECTION_CONTROLS}{DIRECTION_MARKS}]")

ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def refused(text: str, *, multiline: bool = False, name: bool = False) -> list[str]:
    """The distinct characters of `text` the rule refuses, in the order they first appear."""
    return list(dict.fromkeys(_REFUSED[multiline, name].findall(text)))


def problem(text: str, *, multiline: bool = False, name: bool = False) -> str | None:
    """What is wrong with `text`, naming each refused character in words; None when nothing is."""
    characters = refused_in_words(text, multiline=multiline, name=name)
    if not characters:
        return None
    return _("This holds characters that cannot be saved here: %(characters)s. Remove them and try again.",
             characters=characters)


def refused_in_words(text: str, *, multiline: bool = False, name: bool = False) -> str:
    """The refused characters of `text` named in words ("null character (U+0000), ..."), or "" if none."""
    return ", ".join(describe(character) for character in refused(text, multiline=multiline, name=name)[:4])


def describe(character: str) -> str:
    """A refused character in words, with its code so that the user can find it in an editor."""
    code = ord(character)
    if character == "\x00":
        words = _("null character")
    elif character == "\t":
        words = _("tab")
    elif character in "\n\r":
        words = _("line break")
    elif 0xD800 <= code <= 0xDFFF:
        words = _("half of a character (an unpaired surrogate)")
    elif character in "\u202d\u202e":
        words = _("direction override")
    elif character in "\u202a\u202b":
        words = _("direction embedding")
    elif 0x2066 <= code <= 0x2068:
        words = _("direction isolate")
    elif character in "\u202c\u2069":
        words = _("end of a direction change")
    elif character in DIRECTION_MARKS:
        words = _("direction mark")
    else:
        words = _("control character")
    return f"{words} (U+{code:04X})"


def without_direction_controls(text: str) -> str:
    """Text to print or to take from a sheet: every embedding, override, isolate and mark removed."""
    return _DIRECTION.sub("", text)


def printable(text: str) -> str:
    """What may be written to a page or a workbook cell: control characters and direction changes removed."""
    return _UNPRINTABLE.sub("", text)


def whole_number(text: str | None, largest: int, smallest: int = 0) -> int | None:
    """The number written in `text` when it is one from `smallest` to `largest`; None for anything else.

    The length is checked before int(), which takes quadratic time over thousands of digits and refuses more
    than 4,300 with a ValueError.
    """
    digits = (text or "").strip().translate(ARABIC_INDIC_DIGITS)
    if not digits or not (digits.isascii() and digits.isdigit()):
        return None
    significant = digits.lstrip("0") or "0"  # int() counts leading zeros towards its limit too
    if len(significant) > len(str(largest)):
        return None
    number = int(significant)
    return number if smallest <= number <= largest else None
