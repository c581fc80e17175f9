"""The typed model of a bulletin and of a contact block, as writers declare them.

Every field is documented where it is declared; the descriptions are also what
``bulletin schema`` publishes for editor autocompletion. Values arrive from the reader as
strings (YAML is never allowed to guess types), and the validators below turn them into
dates and checked identifiers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIX_DATE_WORDS = ("TBD", "N/A")


def parse_iso_date(value: str) -> dt.date:
    """A real calendar date written as ``YYYY-MM-DD``; anything else is a writer error."""
    if not ISO_DATE.match(value):
        raise PydanticCustomError("bb_date", "not an ISO date (YYYY-MM-DD): {value!r}", {"value": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "bb_date", "{value} is not a date on the calendar", {"value": value}
        ) from None


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise PydanticCustomError(
            "bb_slug", "problem id {value!r} is not a slug (lowercase words joined by '-')",
            {"value": value},
        )
    return value


def _check_fix_date(value: str) -> str:
    if value not in FIX_DATE_WORDS:
        try:
            parse_iso_date(value)
        except PydanticCustomError as exc:
            raise PydanticCustomError(
                "bb_fix_date", "fix date must be TBD, N/A or a date (YYYY-MM-DD), not {value!r}",
                {"value": value},
            ) from exc
    return value


def _check_date(value: str) -> str:
    parse_iso_date(value)
    return value


Text = Annotated[str, Field(min_length=1)]
"""A non-empty CommonMark text (paragraphs, lists, emphasis, links)."""

Slug = Annotated[str, AfterValidator(_check_slug)]
IsoDate = Annotated[str, AfterValidator(_check_date)]
FixDate = Annotated[str, AfterValidator(_check_fix_date)]
Language = Literal["en", "fr"]


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values never change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Problem(Record):
    """One known problem: a row of a known-problems table."""

    id: Slug = Field(
        description="Stable slug naming this problem across editions and languages "
        "(e.g. emanifest-portal-redirect). The diff and the EN/FR parity check key on it."
    )
    description: Text = Field(description="What clients see (Markdown): the 'Description' column.")
    workaround: Text = Field(
        description="Information and work-around (Markdown): the 'Information / Work around' column."
    )
    fix_date: FixDate = Field(
        description="TBD, N/A or the ISO date of the fix (2021-07-31), "
        "shown as 'July 31, 2021' / '31 juillet 2021'."
    )

    @property
    def fix_day(self) -> dt.date | None:
        """The fix date as a date, or None for TBD and N/A."""
        return None if self.fix_date in FIX_DATE_WORDS else dt.date.fromisoformat(self.fix_date)


class Section(Record):
    """A table of known problems under one heading."""

    heading: Text = Field(description="The table's heading, e.g. 'CCP problems known to the CBSA'.")
    problems: list[Problem] = Field(min_length=1, description="The rows of the table, in order.")


class Bulletin(Record):
    """One bulletin in one language: the front matter of ``bulletins/<name>.<lang>.md``."""

    message_number: str = Field(
        description="Series prefix and ISO date, optionally '-N': 'CARM 2021-07-15', 'CARM 2021-07-15-2'. "
        "Must match the file name and the date."
    )
    language: Language = Field(description="'en' or 'fr'; must match the file name.")
    series: Text = Field(description="The series name in this language, as listed in bulletins/bulletins.toml.")
    title: Text = Field(description="The bulletin's title, e.g. 'CARM Client Portal (CCP) – Known Problems'.")
    audience: Text = Field(description="The target audience in this language, as listed in bulletins/bulletins.toml.")
    date: IsoDate = Field(description="Publication date, YYYY-MM-DD.")
    contact: Slug = Field(description="Id of the contact block in bulletins/contacts/ (e.g. 'ccsh').")
    supersedes: str | None = Field(
        default=None, description="Message number of the edition this bulletin replaces, if any."
    )
    sections: list[Section] = Field(min_length=1, description="The known-problems tables, in order.")
    body: str = Field(
        default="", description="The Markdown after the front matter: an introduction or closing note."
    )

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    def problems(self) -> list[Problem]:
        """Every problem of every section, in reading order."""
        return [problem for section in self.sections for problem in section.problems]


class Telephone(Record):
    """A telephone number with its note ('Option 2 for CARM')."""

    number: str = Field(pattern=r"^[0-9+][0-9 ()+-]{5,}[0-9]$", description="e.g. '1-800-461-9999'.")
    note: str = Field(default="", description="What to press or ask for, e.g. 'Option 2 for CARM'.")


class TipGroup(Record):
    """A titled list of tips in the contact block."""

    heading: Text = Field(description="e.g. 'Tips when experiencing a problem in the CCP'.")
    items: list[Text] = Field(min_length=1, description="The tips, one list item each (Markdown).")


class Contact(Record):
    """A contact block (``bulletins/contacts/<id>.<lang>.md``), shared by bulletins by id."""

    id: Slug = Field(description="The id bulletins use in their 'contact' field; matches the file name.")
    language: Language = Field(description="'en' or 'fr'; must match the file name.")
    name: Text = Field(description="The helpdesk's name, e.g. 'CARM Client Support Helpdesk'.")
    heading: Text = Field(description="The block's heading, e.g. 'How to contact the CARM Client Support Helpdesk'.")
    hours: Text = Field(description="Hours of service, e.g. 'Monday to Friday from 07:00 to 20:00 ET'.")
    web_form: str = Field(pattern=r"^https://", description="The web contact form's https URL.")
    telephone: list[Telephone] = Field(min_length=1, description="Telephone numbers with their notes.")
    tips: list[TipGroup] = Field(default_factory=list, description="Titled lists of tips.")
    body: str = Field(default="", description="Optional Markdown after the front matter.")
