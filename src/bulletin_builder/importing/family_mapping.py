"""The mapper for the whole family: the known-problems mapper, plus the family's blocks.

Before the walk, runs of paragraphs that are parts of the family (a single problem, numbered
paragraphs, the edition's status, history and references) are found (:mod:`family_parts`).
During the walk, service-window tables join one ``windows`` block (its heading is the one
above the first window; Word puts each system's name in a heading above its table), a
contact table takes the helpdesk's name shown under its heading, and text after the header
is kept in reading order: :mod:`family_finish` decides whether it is a ``text`` block or, in
a known-problems bulletin, the body and leftovers it has always been.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing.blocks import Block, Chunk, Document, Table
from bulletin_builder.importing.draft import Draft
from bulletin_builder.importing.family_draft import TextDraft, WindowsDraft
from bulletin_builder.importing.family_parts import Part, find_parts
from bulletin_builder.importing.family_shapes import WindowShape
from bulletin_builder.importing.mapping import Mapper, _headingish, language_of
from bulletin_builder.importing.shapes import ContactShape, Match, recognise

WINDOWS = WindowShape()


@dataclass
class FamilyMapper(Mapper):
    def run(self) -> list[Draft]:
        items = find_parts(self.document.blocks)
        blocks = cast(list[Block], items)  # the tips reader only looks for chunks
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            if isinstance(item, Part):
                self._place_pending(f"text before the {item.what}")
                item.apply(self.draft)
            elif isinstance(item, Chunk):
                self.pending.append(item)
            else:
                self.tables += 1
                item.where = item.where or f"table {self.tables}"
                index = self._table(item, blocks, index)
        self._place_pending("text after the last table")
        self._finish()
        return [d for d in self.drafts if d.has_header or d.sections or d.contact or _windows(d)]

    def _place_pending(self, why: str) -> None:
        if not self.draft.has_header:
            super()._place_pending(why)
            return
        chunks, self.pending = self.pending, []
        if chunks:
            self.draft.items.append(TextDraft(chunks, why))

    def _table(self, table: Table, blocks: list[Block], index: int) -> int:
        match = recognise(table)
        if match is None and (window := WINDOWS.match(table)) is not None:
            self._window(table, window)
            return index
        draft, sections, contact = self.draft, len(self.draft.sections), self.draft.contact
        name = self._name_line() if match and isinstance(match.shape, ContactShape) else ""
        index = super()._table(table, blocks, index)
        if self.draft is draft:
            for section in draft.sections[sections:]:
                section.heading, section.audience = F.audience_of(section.heading)
            draft.items.extend(draft.sections[sections:])
            if draft.contact is not None and draft.contact is not contact:
                draft.contact.name = name
                draft.items.append(draft.contact)
        return index

    def _name_line(self) -> str:
        """The helpdesk's name, shown under the contact block's heading when it differs."""
        pending = self.pending
        if len(pending) > 1 and pending[-2].kind == "heading" and pending[-1].kind == "p":
            return pending.pop().text.strip() if _headingish(pending[-1]) else ""
        return ""

    def _window(self, table: Table, match: Match) -> None:
        system = table.caption
        if not system and match.start < 0 and self.pending and _headingish(self.pending[-1]):
            system = self.pending.pop().text.strip()
        last = self.draft.items[-1] if self.draft.items else None
        if self.pending or not isinstance(last, WindowsDraft):
            above = self._heading_chunk()
            self._place_pending(f"text before {table.where}")
            heading = " ".join(above.text.split()) if above else None
            if heading and F.is_label("Service notice", heading):
                heading = None
            self.draft.items.append(WindowsDraft(heading, origin=table.where))
        self.evidence.append(match.languages)
        WINDOWS.apply(table, match, self.draft, system)

    def _heading_chunk(self) -> Chunk | None:
        if self.pending and _headingish(self.pending[-1]):
            return self.pending.pop()
        return None


def _windows(draft: Draft) -> bool:
    return any(isinstance(item, WindowsDraft) for item in draft.items)


def map_document(document: Document, forced: str | None = None) -> list[Draft]:
    """Every bulletin found in ``document``, each with its language."""
    drafts = FamilyMapper(document).run()
    for draft in drafts:
        draft.language = language_of(draft, document, forced)
    return drafts
