"""Dates and times of service windows, as each language's government style guide writes them.

English (Canada.ca style): "Saturday, November 8, 2025, 6:00 a.m. ET", noon and midnight
as "12:00 p.m." and "12:00 a.m.". French (*Le guide du rédacteur*): "samedi 8 novembre
2025, 6 h HE", "18 h 30 HE", with no-break spaces around the "h" and before the zone.
"""

from __future__ import annotations

import datetime as dt

from bulletin_builder.languages import language
from bulletin_builder.model.blocks import parse_moment

NBSP = "\u00a0"
FRENCH_ZONES = {"NT": "HT", "AT": "HA", "ET": "HE", "CT": "HC", "MT": "HR", "PT": "HP"}
"""Heure de Terre-Neuve, de l'Atlantique, de l'Est, du Centre, des Rocheuses, du Pacifique."""
DAY_FORMAT = {"en": "EEEE, MMMM d, y", "fr": "EEEE d MMMM y"}


def _day(day: dt.date, language_code: str) -> str:
    from babel.dates import format_date  # noqa: PLC0415 - keep Babel off the validate path

    pattern = DAY_FORMAT.get(language_code, DAY_FORMAT["en"])
    return format_date(day, format=pattern, locale=language(language_code).locale)


def _time(moment: dt.datetime, language_code: str) -> str:
    if language_code == "fr":
        minutes = f"{NBSP}{moment.minute:02d}" if moment.minute else ""
        return f"{moment.hour}{NBSP}h{minutes}"
    hour = moment.hour % 12 or 12
    suffix = "a.m." if moment.hour < 12 else "p.m."
    return f"{hour}:{moment.minute:02d}{NBSP}{suffix}"


def zone_name(zone: str, language_code: str) -> str:
    """'ET' in English, 'HE' in French; UTC stays UTC."""
    return FRENCH_ZONES.get(zone, zone) if language_code == "fr" else zone


def format_moment(value: str, language_code: str) -> str:
    """'2025-11-08 06:00 ET' → 'Saturday, November 8, 2025, 6:00 a.m. ET' or
    'samedi 8 novembre 2025, 6 h HE'."""
    moment, zone = parse_moment(value)
    day = _day(moment.date(), language_code)
    return f"{day}, {_time(moment, language_code)}{NBSP}{zone_name(zone, language_code)}"


def iso_moment(value: str) -> str:
    """The moment for a ``<time datetime>`` attribute: '2025-11-08T06:00'."""
    return parse_moment(value)[0].isoformat(timespec="minutes")
