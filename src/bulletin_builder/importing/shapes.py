"""One mapper per table shape, each recognised by the labels of its header row or column.

Today: the header table (message number, audience, date), the known-problems table
(Description / Information – Work around / Fix date) and the contact table (hours, web
form, telephone, tips). A new block type plugs in as one more :class:`Shape` in
:data:`SHAPES`; a table no shape recognises goes, as text, into the body with a TODO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing import labels as L
from bulletin_builder.importing.blocks import Chunk, Table, cell_text, escape, to_markdown
from bulletin_builder.importing.draft import TODO, ContactDraft, Draft, ProblemDraft, SectionDraft
from bulletin_builder.importing.phones import read_phones

URL = re.compile(r"https://[^\s<>\"')]+")


@dataclass
class Match:
    """A table recognised: from which row its content starts, in which languages."""

    shape: Shape
    start: int
    languages: set[str]


class Shape(Protocol):
    name: str

    def match(self, table: Table) -> Match | None: ...

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None: ...


def _languages(found: list[set[str]]) -> set[str]:
    """The languages every label agrees on (all of them if the labels say nothing)."""
    common = {"en", "fr"}
    for langs in found:
        common &= langs
    return common


def _leave_rows(table: Table, rows: list[int], draft: Draft, why: str) -> None:
    """Rows of a known table that fit none of its fields: kept as leftovers."""
    chunks = []
    for row in rows:
        line = " | ".join(text for text in table.texts(row) if text)
        if line:
            chunks.append(Chunk("p", escape(line), line))
    if chunks:
        draft.leave(chunks, f"{why} in {table.where}")


def _single(row: list[str]) -> str | None:
    """The text of a heading row (one non-empty cell, or the same text merged across)."""
    filled = {text for text in row if text}
    return filled.pop() if len(filled) == 1 else None


class HeaderShape:
    """MESSAGE NUMBER | TARGET AUDIENCE [| DATE] over a row of values, or as label rows."""

    name = "header table"
    columns = (("message_number", L.MESSAGE_NUMBER), ("audience", L.AUDIENCE), ("date", L.DATE))

    def _fields(self, labels: list[str]) -> dict[int, tuple[str, set[str]]]:
        out = {}
        for index, label in enumerate(labels):
            for name, names in self.columns:
                if langs := L.language_of(names, label):
                    out[index] = (name, langs)
        return out

    def match(self, table: Table) -> Match | None:
        for row in range(len(table.rows)):
            found = self._fields(table.texts(row))
            if "message_number" in {name for name, _ in found.values()} and len(found) > 1:
                return Match(self, row, _languages([langs for _, langs in found.values()]))
        column = self._fields(
            [cells[0] if cells else "" for cells in map(table.texts, range(len(table.rows)))]
        )
        if "message_number" in {name for name, _ in column.values()}:
            return Match(self, -1, _languages([langs for _, langs in column.values()]))
        return None

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None:
        where = f"{table.where or 'header table'}"
        rows = range(len(table.rows))
        if match.start >= 0:  # labels over values
            labels = table.texts(match.start)
            values = table.texts(match.start + 1) if match.start + 1 < len(table.rows) else []
            pairs = list(zip(labels, values, strict=False))
            other = [r for r in rows if r not in (match.start, match.start + 1)]
        else:  # one label per row
            pairs = [(t[0], t[1]) for t in map(table.texts, rows) if len(t) > 1]
            other = [r for r in rows if len(table.texts(r)) < 2]
        _leave_rows(table, other, draft, "a row outside the header's labels and values")
        for label, value in pairs:
            found = self._fields([label])
            if not found:
                draft.leave(
                    [Chunk("p", f"**{label}**: {value}", value)], f"unknown header '{label}'"
                )
                continue
            name = found[0][0]
            day = L.long_date(value) if name == "date" else None
            draft.set(name, day.isoformat() if day else value, f"{where}, '{label}'")
        draft.has_header = True


class ProblemsShape:
    """Description | Information / Work around | Fix date, with its heading row."""

    name = "known-problems table"
    columns = (
        ("description", L.DESCRIPTION),
        ("workaround", L.WORKAROUND),
        ("fix_date", L.FIX_DATE),
    )

    def _columns(self, labels: list[str]) -> tuple[dict[str, int], set[str]] | None:
        where: dict[str, int] = {}
        langs: list[set[str]] = []
        for index, label in enumerate(labels):
            for name, names in self.columns:
                if (found := L.language_of(names, label)) and name not in where:
                    where[name] = index
                    langs.append(found)
        return (where, _languages(langs)) if len(where) == 3 else None

    def match(self, table: Table) -> Match | None:
        for row in range(len(table.rows)):
            if found := self._columns(table.texts(row)):
                return Match(self, row, found[1])
        return None

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None:
        found = self._columns(table.texts(match.start))
        assert found is not None
        columns = found[0]
        for row in range(match.start):  # heading rows above the labels
            if text := _single(table.texts(row)):
                heading = text
            else:
                _leave_rows(table, [row], draft, "a row above the column labels")
        section = SectionDraft(heading or TODO, origin=table.where)
        draft.sections.append(section)
        for row in range(match.start + 1, len(table.rows)):
            texts = table.texts(row)
            if self._columns(texts):
                continue  # the labels repeated
            if texts and texts[0] and not any(texts[1:]):  # a heading row: a new section
                section = SectionDraft(texts[0], origin=table.where)
                draft.sections.append(section)
                continue
            section.problems.append(self._problem(table.rows[row], columns, draft))
        if not section.problems:
            draft.sections.remove(section)

    def _problem(
        self, cells: list[list[Chunk]], columns: dict[str, int], draft: Draft
    ) -> ProblemDraft:
        def cell(name: str) -> list[Chunk]:
            index = columns[name]
            return cells[index] if index < len(cells) else []

        read = cell_text(cell("fix_date"))
        resolved = F.dated("Resolved %(date)s", read)
        fix = resolved.isoformat() if resolved else L.fix_date(read)
        if fix is None:
            draft.notes.append(
                f"fix date {read!r} not understood: written as read, validation flags it"
            )
        extra = [c for i, c in enumerate(cells) if i not in columns.values() and cell_text(c)]
        for chunks in extra:
            draft.leave(chunks, "a cell outside the Description / Work around / Fix date columns")
        return ProblemDraft(
            description=to_markdown(cell("description")) or TODO,
            workaround=to_markdown(cell("workaround")) or TODO,
            fix_date=fix or (read or TODO),
            fix_date_read=read,
            resolved=resolved.isoformat() if resolved else None,
        )


class ContactShape:
    """Hours of service | Web contact form | Telephone rows, then rows of tips."""

    name = "contact table"
    rows = (
        ("hours", L.HOURS),
        ("web_form", L.WEB_FORM),
        ("telephone", L.TELEPHONE),
        ("email", F.EMAIL),
        ("response_time", F.RESPONSE_TIME),
    )

    def _row(self, label: str) -> tuple[str, set[str]] | None:
        for name, names in self.rows:
            if langs := L.language_of(names, label):
                return name, langs
        return None

    def match(self, table: Table) -> Match | None:
        found = [self._row(t[0]) for t in map(table.texts, range(len(table.rows))) if t]
        known = [f for f in found if f is not None]
        if len({name for name, _ in known}) >= 2:
            return Match(self, 0, _languages([langs for _, langs in known]))
        return None

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None:
        contact = ContactDraft(heading=heading, origin=table.where)
        for index, cells in enumerate(table.rows):
            texts = table.texts(index)
            if (text := _single(texts)) and texts[0] == text and index == 0:
                contact.heading = text
                continue
            label, value = texts[0], cells[1] if len(cells) > 1 else []
            known = self._row(label)
            if known is None and (items := _items(value)):
                contact.tips.append((label, items))
            elif known is None:
                _leave_rows(table, [index], draft, "a contact row without a value")
            elif known[0] == "hours":
                contact.hours = cell_text(value)
            elif known[0] == "web_form":
                urls = URL.findall(" ".join(to_markdown(value).split()))
                contact.web_form = urls[0] if urls else cell_text(value)
            elif known[0] in ("email", "response_time"):
                text = cell_text(value) if known[0] == "email" else to_markdown(value)
                setattr(contact, known[0], text.removeprefix("mailto:"))
            else:
                phones, before = read_phones(value)
                contact.telephone.extend(phones)
                if before:
                    draft.leave(value, f"text before the first telephone number in {table.where}")
        draft.contact = contact


def _items(cell: list[Chunk]) -> list[str]:
    items = [c.markdown for c in cell if c.kind in ("bullet", "number")]
    return items or [c.markdown for c in cell if c.markdown.strip()]


SHAPES: list[Shape] = [HeaderShape(), ProblemsShape(), ContactShape()]
"""Every known table shape, tried in order."""


def recognise(table: Table) -> Match | None:
    for shape in SHAPES:
        if found := shape.match(table):
            return found
    return None
