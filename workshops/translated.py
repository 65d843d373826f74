"""Words people type in up to three languages (titles, a donor line, signatories' titles), and place names.

A translatable field keeps its column as given: `title` holds the English form, or, for a record that has
none, the words as they were typed. Beside it, `title_fr` and `title_ar` hold the French and Arabic forms,
empty when nobody gave one. `in_language` picks the form of the language asked and falls back to the one as
given, so a record nobody translated reads as it always did, in every language. English needs no column of
its own: the form as given is the English one wherever an English one exists.

Places: a certificate in Arabic printed "Cairo, مصر". `place` names the city as CLDR names it in the language
where CLDR knows the city (its time zones' exemplar cities: the capitals and large cities where workshops are
held), the country always, joined by the language's own comma.
"""
import functools
import re

from babel import Locale
from flask import Flask
from flask_babel import get_locale

from workshops.countries import country_name

#: The languages that have columns of their own; the form as given serves every other.
TRANSLATED = ("fr", "ar")
#: How a list of words, and a list of phrases, is separated in each language: Arabic has its own comma (U+060C)
#: and semicolon (U+061B).
COMMA = {"ar": "، "}
SEMICOLON = {"ar": "؛ "}
#: What a form's field of each language carries for browsers, screen readers and spell checkers.
INPUT_ATTRIBUTES = {"fr": {"lang": "fr", "dir": "ltr"}, "ar": {"lang": "ar", "dir": "rtl"}}


def language_of(locale=None) -> str:
    """"fr" for fr, fr_FR or a babel Locale of French; the locale in force when none is given ("en" outside one)."""
    locale = get_locale() if locale is None else locale
    return str(locale or "en").replace("-", "_").split("_")[0].lower()


def in_language(record, field: str, locale=None) -> str:
    """The record's `field` in the language of `locale` (the reader's when None), or as given if it has none."""
    language = language_of(locale)
    if language in TRANSLATED:
        translated = getattr(record, f"{field}_{language}", None)
        if translated and translated.strip():
            return translated
    return getattr(record, field)


def columns(field: str) -> tuple[str, ...]:
    """The translation columns of a field, for the lists of what the audit trail records."""
    return tuple(f"{field}_{language}" for language in TRANSLATED)


def comma(locale=None) -> str:
    """The separator of a list of words in the language: "، " in Arabic, ", " otherwise."""
    return COMMA.get(language_of(locale), ", ")


def semicolon(locale=None) -> str:
    """The separator of a list of phrases that hold commas: "؛ " in Arabic, "; " otherwise."""
    return SEMICOLON.get(language_of(locale), "; ")


def place(city: str, country_code: str, locale=None) -> str:
    """"Cairo, Egypt", "Le Caire, Égypte", "القاهرة، مصر": the city in the language where CLDR knows it."""
    language = language_of(locale)
    return f"{city_name(city, language)}{comma(language)}{country_name(country_code, language)}"


def city_name(city: str, language: str) -> str:
    """The city's name in the language, when CLDR knows the city by the name typed (in English or in French)."""
    return _cities().get(city.strip().casefold(), {}).get(language) or city


#: A French exemplar city sometimes says its country: "Tripoli (Libye)".
_QUALIFIED = re.compile(r"\s*\(.*\)$")


@functools.cache
def _cities() -> dict[str, dict[str, str]]:
    """Every exemplar city CLDR names in Arabic, by its English and French names (case folded).

    Read once per process (a quarter of a second, mostly Babel loading the three locales it keeps anyway).
    """
    english, french, arabic = Locale("en"), Locale("fr"), Locale("ar")
    cities: dict[str, dict[str, str]] = {}
    for zone, names in arabic.time_zones.items():
        if not names.get("city"):
            continue
        in_english = (english.time_zones.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        in_french = _QUALIFIED.sub("", (french.time_zones.get(zone) or {}).get("city") or in_english)
        forms = {"en": in_english, "fr": in_french, "ar": names["city"]}
        for name in (in_english, in_french):
            cities.setdefault(name.casefold(), forms)
    return cities


def register_template_helpers(app: Flask) -> None:
    """`{{ workshop|in_language }}`, `{{ project|in_language("donor_acknowledgement") }}`: in the reader's language;
    `comma()` between words listed in a sentence."""
    app.template_filter("in_language")(lambda record, field="title", locale=None: in_language(record, field, locale))
    app.jinja_env.globals["comma"] = comma
