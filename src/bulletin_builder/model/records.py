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
from typing import Literal

from bulletin_builder.languages import LanguageCode
from bulletin_builder.model.blocks import Block, HistoryEntry, Problem, Reference, Section
from bulletin_builder.model.fields import Record, check_date, check_slug, spec

STATUSES = ("updated", "resolved", "corrected", "cancelled")
"""What a later edition does to the bulletin it names in ``updates``."""


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Bulletin(Record):
    """One bulletin in one language: the front matter of ``bulletins/<name>.<lang>.md``."""

    message_number: str = spec(
        "The agency's message number, as its series writes it (bulletins.toml): "
        "'CARM 2021-07-15', 'TCC25-0112', 'Customs Notice 24-31'. The file name derives from it.",
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
    kind: str | None = spec(
        "The kind of bulletin, as declared in bulletins.toml (default 'known-problems').",
        default=None,
    )
    status: Literal["updated", "resolved", "corrected", "cancelled"] | None = spec(
        "What this edition does to the bulletin named in 'updates': updated, resolved, "
        "corrected or cancelled. Omit it for an original message.",
        default=None,
    )
    updates: str | None = spec(
        "The message number of the original this edition updates, resolves, corrects or cancels.",
        default=None,
    )
    correction: str | None = spec(
        "What a correction corrects (Markdown); required with status: corrected.", default=None
    )
    contact: str | None = spec(
        "Id of the contact block in bulletins/contacts/ shown last (e.g. 'ccsh'); omit it for "
        "none, or place contacts among the blocks.",
        default=None,
        check=check_slug,
    )
    sections: list[Section] = spec(
        "Known-problems tables, shown before the blocks (the shorthand of 'problems' blocks).",
        default=[],
    )
    blocks: list[Block] = spec(
        "The body's typed blocks, in reading order: text, problems, problem, windows, "
        "numbered, contact.",
        default=[],
    )
    history: list[HistoryEntry] = spec(
        "Earlier texts of this bulletin, newest first; the last is the original message.",
        default=[],
    )
    references: list[Reference] = spec(
        "Documents this bulletin refers to (other bulletins, memoranda).", default=[]
    )
    supersedes: str | None = spec(
        "Message number of the edition this bulletin replaces, if any.", default=None
    )
    body: str = spec(
        "The Markdown after the front matter: an introduction or closing note.", default=""
    )

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    def content(self) -> list[Block]:
        """Every block in reading order: the sections, the blocks, then the contact."""
        out = [Block(problems=section) for section in self.sections] + list(self.blocks)
        return out + ([Block(contact=self.contact)] if self.contact else [])

    def problem_paths(self) -> list[tuple[tuple[str | int, ...], Problem]]:
        """Every problem with where it is written (``('sections', 0, 'problems', 2)``)."""
        out: list[tuple[tuple[str | int, ...], Problem]] = [
            (("sections", s, "problems", p), problem)
            for s, section in enumerate(self.sections)
            for p, problem in enumerate(section.problems)
        ]
        for b, block in enumerate(self.blocks):
            if block.problems is not None:
                out += [
                    (("blocks", b, "problems", "problems", p), problem)
                    for p, problem in enumerate(block.problems.problems)
                ]
            if block.problem is not None:
                out.append((("blocks", b, "problem"), block.problem))
        return out

    def problems(self) -> list[Problem]:
        """Every problem of every section and block, in reading order."""
        return [problem for _, problem in self.problem_paths()]

    def contacts(self) -> list[str]:
        """The ids of every contact block the bulletin shows, in order."""
        return [b.contact for b in self.content() if b.contact is not None]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Telephone(Record):
    """A telephone number with its note ('Option 2 for CARM')."""

    number: str = spec(
        "e.g. '1-800-461-9999'.", pattern=r"^[0-9+][0-9 ()+-]{5,}[0-9]$", example="1-800-461-9999"
    )
    note: str = spec("What to press or ask for, e.g. 'Option 2 for CARM'.", default="")
    menu: list[MenuOption] = spec(
        "The phone menu's options, in the order callers hear them.", default=[]
    )


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class SubOption(Record):
    """A choice inside a phone-menu option."""

    press: str = spec("The key to press, e.g. '1'.", pattern=r"^[0-9*#]{1,3}$", example="1")
    label: str = spec("What it is for, e.g. 'Payments'.", min_length=1)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class MenuOption(Record):
    """An option of a phone menu, with its sub-options."""

    press: str = spec("The key to press, e.g. '2'.", pattern=r"^[0-9*#]{1,3}$", example="2")
    label: str = spec("What it is for, e.g. 'CARM'.", min_length=1)
    options: list[SubOption] = spec("Its sub-options, if any.", default=[])


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
    hours: str | None = spec(
        "Hours of service, e.g. 'Monday to Friday from 07:00 to 20:00 ET'.", default=None
    )
    web_form: str | None = spec(
        "The web contact form's https URL.",
        default=None,
        pattern=r"^https://",
        example="https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html",
    )
    email: str | None = spec(
        "An e-mail address, e.g. 'tccu-ustcc@cbsa-asfc.gc.ca'.",
        default=None,
        pattern=r"^[^@\s:/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
        example="tccu-ustcc@cbsa-asfc.gc.ca",
    )
    telephone: list[Telephone] = spec("Telephone numbers with their notes and menus.", default=[])
    response_time: str | None = spec(
        "How soon an answer comes, e.g. 'within 2 business days'.", default=None
    )
    tips: list[TipGroup] = spec("Titled lists of tips.", default=[])
    body: str = spec("Optional Markdown after the front matter.", default="")

    @property
    def name_line(self) -> str | None:
        """The name, shown under the heading when the heading does not already say it."""
        return None if self.name in self.heading else self.name
