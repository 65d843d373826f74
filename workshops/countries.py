"""ISO 3166-1 alpha-2 countries, the only list in the system: codes from pycountry, names from Babel."""
import functools

import pycountry
from babel import Locale


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
    """(code, name) pairs sorted by name in that language, for select boxes."""
    return tuple(sorted(_names(locale).items(), key=lambda item: item[1]))


def code_for_name(text: str, locale: str = "en") -> str | None:
    """The code a typed country (code or name) stands for, or None when it names no ISO country."""
    candidate = text.strip()
    if candidate.upper() in iso_codes():
        return candidate.upper()
    folded = candidate.casefold()
    return next((code for code, name in _names(locale).items() if name.casefold() == folded), None)
