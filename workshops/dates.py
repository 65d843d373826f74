"""Dates as people write them on certificates and lists, and the one "today" the app goes by."""
from datetime import date

from babel.dates import format_date
from flask import current_app, has_app_context


def today() -> date:
    """The day the app takes for today: the clock's, or the app's TODAY setting when one is given.

    Whatever follows the calendar (a workshop's status, which sessions have happened) asks here and nowhere
    else, so that a test can move the whole app to another day: set TODAY, or patch this function.
    """
    fixed = current_app.config.get("TODAY") if has_app_context() else None
    return fixed or date.today()


def date_span(first: date, last: date, locale: str = "en") -> str:
    """'3–6 March 2025', '28 February–2 March 2025', '30 December 2025–2 January 2026'; one day as one date."""
    if first == last:
        return format_date(first, "d MMMM y", locale=locale)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, 'd MMMM y', locale=locale)}"
    start_pattern = "d MMMM" if first.year == last.year else "d MMMM y"
    return f"{format_date(first, start_pattern, locale=locale)}–{format_date(last, 'd MMMM y', locale=locale)}"
