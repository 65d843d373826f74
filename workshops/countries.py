"""ISO 3166-1 alpha-2 countries, the only list in the system: codes from pycountry, names from Babel."""
import functools
import unicodedata

import pycountry
from babel import Locale

from workshops.i18n import collation_key


@functools.cache
def iso_codes() -> frozenset[str]:
    """Babel knows CLDR-only territories (XK, EA, ...); only ISO 3166-1 codes are valid here."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country(code: str | None) -> bool:
    return bool(code) and code in iso_codes()


@functools.cache
def _names(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    return {code: territories.get(code) or pycountry.countries.get(alpha_2=code).name for code in iso_codes()}


def country_name(code: str, locale: str = "en") -> str:
    """The country's name in the reader's language; an unknown code is shown as it is rather than hidden."""
    return _names(locale).get(code, code)


@functools.cache
def country_choices(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name) pairs in that language's alphabetical order (Åland Islands among the A's), for select boxes;
    sorted once per language and process."""
    return tuple(sorted(_names(locale).items(), key=lambda item: collation_key(item[1])))


#: Languages whose country names an imported spreadsheet may use.
NAME_LANGUAGES = ("en", "fr", "ar")
#: Names people write that neither CLDR nor ISO spells that way.
ALIASES = {"palestine": "PS", "فلسطين": "PS", "usa": "US", "uk": "GB", "drc": "CD", "ivory coast": "CI",
           "republic of the sudan": "SD", "north sudan": "SD", "etats unis": "US"}


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing set aside: "Égypte", "EGYPTE" and "egypte" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(" " if not character.isalnum() else character for character in decomposed
                   if not unicodedata.combining(character))
    return " ".join(kept.split())


@functools.cache
def _codes_by_folded_name() -> dict[str, str]:
    index = {fold(code): code for code in iso_codes()}
    for language in NAME_LANGUAGES:
        index.update({fold(name): code for code, name in _names(language).items()})
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)):
            if name:
                index.setdefault(fold(name), country.alpha_2)
    return index | ALIASES


def code_for_name(text: str) -> str | None:
    """The ISO code a typed country stands for (a code, or a name in English, French or Arabic), else None."""
    return _codes_by_folded_name().get(fold(text or ""))
