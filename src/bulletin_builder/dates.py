"""Dates as readers expect them in each language ("July 31, 2021" / "31 juillet 2021")."""

from __future__ import annotations

import datetime as dt

LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def locale_for(language: str) -> str:
    """The Babel locale of a bulletin language."""
    return LOCALES[language]


def long_date(day: dt.date, language: str) -> str:
    """The long, spelled-out date used in every output."""
    from babel.dates import format_date  # noqa: PLC0415 - keep Babel off the validate path

    return format_date(day, format="long", locale=locale_for(language))
