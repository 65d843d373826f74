"""The translation catalogs as the tests see them: compiled when stale, and the strings the code asks for.

`make install-test` compiles the catalogs; a test run started otherwise (pytest alone, an editor) compiles here
whatever .mo is missing or older than its .po, as `pybabel compile` would (fuzzy entries left out).
"""
import os
import tempfile
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "workshops" / "translations"
#: The keywords of `make messages`: gettext's, and the lazy ones of forms and enums.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def catalog_paths() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def compile_stale() -> None:
    for po_path in catalog_paths():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            _compile(po_path, mo_path)


def _compile(po_path: Path, mo_path: Path) -> None:
    """Written aside then renamed, so that another test run reading the catalog meanwhile never sees half of it."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parent.parent.name)
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.chmod(temporary, 0o644)  # mkstemp's file is its owner's alone; a catalog is for every reader
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_catalog(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


def extracted_messages() -> dict:
    """Every msgid the code and the templates ask for (a plural as its (singular, plural) pair), each with the
    files asking for it: what `make messages` extracts, by babel.cfg's method map."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        found.setdefault(message, set()).add(filename)
    return found
