"""The typed blocks a bulletin's body is made of, and the records of editions and references.

A bulletin is a header and an ordered list of :class:`Block`; each block is exactly one of
free Markdown (``text``), a known-problems table (``problems``), a single problem
(``problem``), a table of service windows (``windows``), numbered paragraphs
(``numbered``) or a contact block (``contact``). Each type has its own template in
``templates/blocks/`` and its own Word writer in ``render/docx/blocks.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import ClassVar

from bulletin_builder.model.fields import (
    FIX_DATE_WORDS,
    FieldError,
    Record,
    check_date,
    check_fix_date,
    check_slug,
    parse_iso_date,
    spec,
)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Problem(Record):
    """One known problem: a row of a known-problems table."""

    id: str = spec(
        "Stable slug naming this problem across editions and languages "
        "(e.g. emanifest-portal-redirect). The diff and the EN/FR parity check key on it.",
        check=check_slug,
    )
    description: str = spec("What clients see (Markdown): the 'Description' column.", min_length=1)
    workaround: str = spec(
        "Information and work-around (Markdown): the 'Information / Work around' column.",
        min_length=1,
    )
    fix_date: str = spec(
        "TBD, N/A or the ISO date of the fix (2021-07-31), shown as 'July 31, 2021' / "
        "'31 juillet 2021'.",
        check=check_fix_date,
    )
    scope: str | None = spec(
        "What is not affected, or who is (Markdown): 'Release prior to payment is not affected.'",
        default=None,
    )
    resolved: str | None = spec(
        "The date the problem was resolved (YYYY-MM-DD); a fix date in the past is then right.",
        default=None,
        check=check_date,
    )

    @property
    def fix_day(self) -> dt.date | None:
        """The fix date as a date, or None for TBD and N/A."""
        return None if self.fix_date in FIX_DATE_WORDS else dt.date.fromisoformat(self.fix_date)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Section(Record):
    """A table of known problems under one heading."""

    heading: str = spec("The table's heading, e.g. 'CCP problems known to the CBSA'.", min_length=1)
    problems: list[Problem] = spec("The rows of the table, in order.", min_length=1)
    audience: str | None = spec(
        "The clients this table is for, when a bulletin speaks to several groups.", default=None
    )


ZONES = ("NT", "AT", "ET", "CT", "MT", "PT", "UTC")
"""Time zones a window may name (English abbreviations; French ones are derived)."""
MOMENT = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}) (?P<zone>[A-Z]+)$")
UNKNOWN = "unknown"
"""A window's end while an investigation is under way (no estimated time of resolution)."""


def parse_moment(value: str) -> tuple[dt.datetime, str]:
    """'2025-11-08 06:00 ET' → (the date and time, the zone); FieldError otherwise."""
    hint = "write the date, the 24-hour time and the zone, e.g. 2025-11-08 06:00 ET"
    match = MOMENT.match(value)
    if match is None:
        raise FieldError("BB108", f"not a date, time and time zone: {value!r}", hint)
    if match["zone"] not in ZONES:
        raise FieldError(
            "BB108", f"unknown time zone {match['zone']!r}", f"one of {', '.join(ZONES)}"
        )
    day = parse_iso_date(match["date"])
    try:
        time = dt.time.fromisoformat(match["time"])
    except ValueError:
        raise FieldError("BB108", f"{match['time']} is not a time of day", hint) from None
    return dt.datetime.combine(day, time), match["zone"]


def check_moment(value: str) -> None:
    parse_moment(value)


def check_end(value: str) -> None:
    if value != UNKNOWN:
        parse_moment(value)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Window(Record):
    """One service window: a system's scheduled maintenance or unscheduled outage."""

    system: str = spec("The system, e.g. 'eManifest Portal'.", min_length=1)
    start: str = spec(
        "Start: date, 24-hour time and zone, e.g. '2025-11-08 06:00 ET'.", check=check_moment
    )
    end: str | None = spec(
        "End, like start; 'unknown' while no end is estimated. Omit it when 'duration' says "
        "how long the window lasts.",
        default=None,
        check=check_end,
    )
    duration: str | None = spec(
        "How long, in words, when there is no end time: 'approximately a few minutes'.",
        default=None,
    )
    clients_affected: str = spec("Who is affected, e.g. 'EDI clients'.", min_length=1)
    description: str = spec("What happens (Markdown).", min_length=1)
    action: str | None = spec(
        "What clients must do (Markdown); omit it when no action is required.", default=None
    )

    @property
    def start_moment(self) -> tuple[dt.datetime, str]:
        return parse_moment(self.start)

    @property
    def end_moment(self) -> tuple[dt.datetime, str] | None:
        return None if self.end is None or self.end == UNKNOWN else parse_moment(self.end)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class WindowTable(Record):
    """Service windows: one table per window, under an optional heading."""

    heading: str | None = spec("e.g. 'Scheduled maintenance'.", default=None)
    windows: list[Window] = spec("The windows, in order.", min_length=1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class NumberedItem(Record):
    """A numbered paragraph (``text``) or an unnumbered subheading (``heading``)."""

    ONE_FIELD: ClassVar[bool] = True

    text: str | None = spec("A numbered paragraph (Markdown).", default=None)
    heading: str | None = spec(
        "A subheading between paragraphs; numbering continues after it.", default=None
    )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Block(Record):
    """One block of the body: write exactly one of its fields."""

    ONE_FIELD: ClassVar[bool] = True
    """Exactly one field is written (the JSON Schema says so; BB319 checks it)."""

    text: str | None = spec("Free Markdown: an introduction, a closing note.", default=None)
    problems: Section | None = spec("A known-problems table (heading, problems).", default=None)
    problem: Problem | None = spec(
        "A single problem: description, scope, workaround, fix date.", default=None
    )
    windows: WindowTable | None = spec("Service windows (maintenance, outages).", default=None)
    numbered: list[NumberedItem] | None = spec(
        "Numbered paragraphs and subheadings; numbering continues through the bulletin.",
        default=None,
    )
    contact: str | None = spec(
        "Id of a contact block in bulletins/contacts/.", default=None, check=check_slug
    )

    @property
    def type(self) -> str:
        """The block type: the one field written ('text', 'problems', ...)."""
        return next((name for name in BLOCK_FIELDS if getattr(self, name) is not None), "")

    def written(self) -> list[str]:
        return [name for name in BLOCK_FIELDS if getattr(self, name) is not None]


BLOCK_FIELDS = ("text", "problems", "problem", "windows", "numbered", "contact")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry(Record):
    """An earlier text of the bulletin, kept under the current one (newest first)."""

    date: str = spec("When that text was sent, YYYY-MM-DD.", check=check_date)
    text: str = spec("What it said (Markdown).", min_length=1)

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Reference(Record):
    """A document the bulletin refers to: another bulletin (by number) or a page."""

    title: str = spec("What readers see, e.g. 'Memorandum D17-1-4'.", min_length=1)
    bulletin: str | None = spec(
        "The message number of a bulletin of this repository, e.g. 'CARM Bulletin 5368'.",
        default=None,
    )
    url: str | None = spec("The https address of the document.", default=None, pattern=r"^https://")
