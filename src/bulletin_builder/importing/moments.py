"""A window's start and end as readers see them → the source form ``2025-11-08 06:00 ET``.

English: "Saturday, November 8, 2025, 6:00 a.m. ET" (the weekday optional, "noon" style
"12:00 p.m."); French: "samedi 8 novembre 2025, 6 h HE", "18 h 30 HE". The source form itself
(``2025-11-08 06:00 ET``) is read as written.
"""

from __future__ import annotations

import re

from bulletin_builder.importing.blocks import squeeze
from bulletin_builder.importing.labels import long_date
from bulletin_builder.model.blocks import MOMENT, ZONES
from bulletin_builder.render.moments import FRENCH_ZONES

ZONE_OF = {**{z: z for z in ZONES}, **{fr: en for en, fr in FRENCH_ZONES.items()}}
_ENGLISH = re.compile(
    r"^(?:[A-Za-z]+,\s*)?(?P<day>[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}),?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<half>a\.?m\.?|p\.?m\.?)\s*(?P<zone>[A-Z]{2,3})$",
    re.IGNORECASE,
)
_FRENCH = re.compile(
    r"^(?:[^\W\d]+\s+)?(?P<day>\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+\d{4}),?\s+"
    r"(?P<hour>\d{1,2})\s*h\s*(?P<minute>\d{2})?\s*(?P<zone>[A-Z]{2,3})$"
)
_ISO_FRENCH = re.compile(
    r"^(?P<day>\d{4}-\d{2}-\d{2}),?\s+(?P<hour>\d{1,2})\s*h\s*(?P<minute>\d{2})?\s*(?P<zone>[A-Z]{2,3})$"
)


def _hour(hour: int, half: str) -> int:
    afternoon = half.lower().startswith("p")
    return hour % 12 + (12 if afternoon else 0)


def moment(text: str) -> str | None:
    """The source form of a date, time and zone as written in either language; None if not one."""
    plain = squeeze(text).strip().rstrip(".")
    if MOMENT.match(plain):
        return plain
    hour: int
    if match := _ENGLISH.match(plain):
        hour = _hour(int(match["hour"]), match["half"])
    elif match := _FRENCH.match(plain) or _ISO_FRENCH.match(plain):
        hour = int(match["hour"])
    else:
        return None
    day = long_date(match["day"])
    zone = ZONE_OF.get(match["zone"].upper())
    if day is None or zone is None or hour > 23:
        return None
    return f"{day.isoformat()} {hour:02d}:{int(match['minute'] or 0):02d} {zone}"
