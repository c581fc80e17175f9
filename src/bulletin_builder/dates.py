"""Dates as readers expect them in each language ("July 31, 2021" / "31 juillet 2021")."""

from __future__ import annotations

import datetime as dt

from bulletin_builder.typography import NBSP

LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def locale_for(language: str) -> str:
    """The Babel locale of a bulletin language."""
    return LOCALES[language]


def long_date(day: dt.date, language: str) -> str:
    """The long, spelled-out date used in every output.

    In French, as *Le guide du rédacteur* writes it: "1er août 2021" (ordinal first day) and
    a no-break space between the day and the month, so "31 juillet" never breaks.
    """
    from babel.dates import format_date  # noqa: PLC0415 - keep Babel off the validate path

    if language == "fr":
        day_part = "1er" if day.day == 1 else str(day.day)
        rest = format_date(day, format="MMMM y", locale=locale_for(language))
        return f"{day_part}{NBSP}{rest}"
    return format_date(day, format="long", locale=locale_for(language))
