"""Dates as people write them on certificates and lists."""
from datetime import date

from babel.dates import format_date


def date_span(first: date, last: date, locale: str = "en") -> str:
    """'3–6 March 2025', '28 February–2 March 2025', '30 December 2025–2 January 2026'; one day as one date."""
    if first == last:
        return format_date(first, "d MMMM y", locale=locale)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, 'd MMMM y', locale=locale)}"
    start_pattern = "d MMMM" if first.year == last.year else "d MMMM y"
    return f"{format_date(first, start_pattern, locale=locale)}–{format_date(last, 'd MMMM y', locale=locale)}"
