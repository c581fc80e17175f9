"""The typed model of a bulletin and of a contact block, as writers declare them.

Plain frozen dataclasses, so validation starts fast. Each field is documented where it is
declared (``doc``), and those texts are what ``bulletin schema`` publishes for editor
autocompletion. Field constraints (``min_length``, ``pattern``, ``check``) are declared
with the field too and enforced by :mod:`bulletin_builder.model.convert`, which reports every
problem at its line and column. Values arrive from the reader as strings: YAML is never
allowed to guess types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from bulletin_builder.languages import LanguageCode

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIX_DATE_WORDS = ("TBD", "N/A")


class FieldError(ValueError):
    """A value a writer must correct: a stable code, a message and a hint."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def parse_iso_date(value: str) -> dt.date:
    """A real calendar date written as ``YYYY-MM-DD``; anything else is a writer error."""
    hint = "write the date as YYYY-MM-DD, e.g. 2021-07-15"
    if not ISO_DATE.match(value):
        raise FieldError("BB105", f"not an ISO date (YYYY-MM-DD): {value!r}", hint)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError("BB105", f"{value} is not a date on the calendar", hint) from None


def check_slug(value: str) -> None:
    if not SLUG.match(value):
        raise FieldError(
            "BB305",
            f"{value!r} is not a slug (lowercase words joined by '-')",
            "e.g. emanifest-portal-redirect",
        )


def check_fix_date(value: str) -> None:
    if value not in FIX_DATE_WORDS:
        try:
            parse_iso_date(value)
        except FieldError:
            raise FieldError(
                "BB307",
                f"fix date must be TBD, N/A or a date (YYYY-MM-DD), not {value!r}",
                "write TBD, N/A or a date as YYYY-MM-DD",
            ) from None


def check_date(value: str) -> None:
    parse_iso_date(value)


def spec(
    doc: str,
    *,
    default: Any = dataclasses.MISSING,
    min_length: int = 0,
    pattern: str | None = None,
    check: Callable[[str], None] | None = None,
    example: str | None = None,
) -> Any:
    """Declare a field: its documentation and its constraints, in one place."""
    metadata = {
        "doc": doc,
        "min_length": min_length,
        "pattern": pattern,
        "check": check,
        "example": example,
    }
    if isinstance(default, list):
        return dataclasses.field(default_factory=list, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Base of every record: built only through :mod:`bulletin_builder.model.convert`."""

    def model_dump(self) -> dict[str, Any]:
        """The record as plain data (dicts, lists, strings)."""
        return dataclasses.asdict(self)


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

    @property
    def fix_day(self) -> dt.date | None:
        """The fix date as a date, or None for TBD and N/A."""
        return None if self.fix_date in FIX_DATE_WORDS else dt.date.fromisoformat(self.fix_date)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Section(Record):
    """A table of known problems under one heading."""

    heading: str = spec("The table's heading, e.g. 'CCP problems known to the CBSA'.", min_length=1)
    problems: list[Problem] = spec("The rows of the table, in order.", min_length=1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Bulletin(Record):
    """One bulletin in one language: the front matter of ``bulletins/<name>.<lang>.md``."""

    message_number: str = spec(
        "Series prefix and ISO date, optionally '-N': 'CARM 2021-07-15', "
        "'CARM 2021-07-15-2'. Must match the file name and the date.",
        min_length=1,
    )
    language: LanguageCode = spec("'en' or 'fr'; must match the file name.")
    series: str = spec(
        "The series name in this language, as listed in bulletins/bulletins.toml.", min_length=1
    )
    title: str = spec(
        "The bulletin's title, e.g. 'CARM Client Portal (CCP) – Known Problems'.", min_length=1
    )
    audience: str = spec(
        "The target audience in this language, as listed in bulletins/bulletins.toml.", min_length=1
    )
    date: str = spec("Publication date, YYYY-MM-DD.", check=check_date)
    contact: str = spec(
        "Id of the contact block in bulletins/contacts/ (e.g. 'ccsh').", check=check_slug
    )
    sections: list[Section] = spec("The known-problems tables, in order.", min_length=1)
    supersedes: str | None = spec(
        "Message number of the edition this bulletin replaces, if any.", default=None
    )
    body: str = spec(
        "The Markdown after the front matter: an introduction or closing note.", default=""
    )

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    def problems(self) -> list[Problem]:
        """Every problem of every section, in reading order."""
        return [problem for section in self.sections for problem in section.problems]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Telephone(Record):
    """A telephone number with its note ('Option 2 for CARM')."""

    number: str = spec(
        "e.g. '1-800-461-9999'.", pattern=r"^[0-9+][0-9 ()+-]{5,}[0-9]$", example="1-800-461-9999"
    )
    note: str = spec("What to press or ask for, e.g. 'Option 2 for CARM'.", default="")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class TipGroup(Record):
    """A titled list of tips in the contact block."""

    heading: str = spec("e.g. 'Tips when experiencing a problem in the CCP'.", min_length=1)
    items: list[str] = spec("The tips, one list item each (Markdown).", min_length=1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Contact(Record):
    """A contact block (``bulletins/contacts/<id>.<lang>.md``), shared by bulletins by id."""

    id: str = spec(
        "The id bulletins use in their 'contact' field; matches the file name.", check=check_slug
    )
    language: LanguageCode = spec("'en' or 'fr'; must match the file name.")
    name: str = spec("The helpdesk's name, e.g. 'CARM Client Support Helpdesk'.", min_length=1)
    heading: str = spec(
        "The block's heading, e.g. 'How to contact the CARM Client Support Helpdesk'.", min_length=1
    )
    hours: str = spec(
        "Hours of service, e.g. 'Monday to Friday from 07:00 to 20:00 ET'.", min_length=1
    )
    web_form: str = spec(
        "The web contact form's https URL.",
        pattern=r"^https://",
        example="https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html",
    )
    telephone: list[Telephone] = spec("Telephone numbers with their notes.", min_length=1)
    tips: list[TipGroup] = spec("Titled lists of tips.", default=[])
    body: str = spec("Optional Markdown after the front matter.", default="")
