"""A document's blocks → one :class:`Draft` per bulletin found (per language).

Paragraphs before the header table are the series and title lines; the paragraph just
before a table (or the table's own first row, or its caption) is its heading; paragraphs
between the header and the first problems table are the body's introduction. Everything
else — a table of an unknown shape, text between or after the tables — is kept as a
leftover: it goes into the body under a TODO marker and the report names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin_builder.importing.blocks import Block, Chunk, Document, Table, escape
from bulletin_builder.importing.draft import Draft
from bulletin_builder.importing.shapes import ContactShape, HeaderShape, recognise

HEADING_LENGTH = 120
TITLE_STYLES = {"title", "h1"}
SERIES_STYLES = {"subtitle", "series"}


def _headingish(chunk: Chunk) -> bool:
    text = chunk.text.strip()
    if chunk.kind == "heading" or chunk.style in ("bold", "title", "subtitle"):
        return True
    return chunk.kind == "p" and len(text) <= HEADING_LENGTH and not text.endswith((".", ":"))


def table_chunks(table: Table) -> list[Chunk]:
    """An unknown table as text: one paragraph per row, cells joined by ' | '."""
    out = []
    for row in range(len(table.rows)):
        texts = [t for t in table.texts(row) if t]
        if texts:
            line = " | ".join(texts)
            out.append(Chunk("bullet", escape(line), line))
    return out


@dataclass
class Mapper:
    """Walks the blocks once, filling drafts."""

    document: Document
    drafts: list[Draft] = field(default_factory=list)
    draft: Draft = field(default_factory=Draft)
    pending: list[Chunk] = field(default_factory=list)
    evidence: list[set[str]] = field(default_factory=list)
    tables: int = 0

    def run(self) -> list[Draft]:
        blocks = self.document.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            index += 1
            if isinstance(block, Chunk):
                self.pending.append(block)
                continue
            self.tables += 1
            block.where = block.where or f"table {self.tables}"
            index = self._table(block, blocks, index)
        self._place_pending("text after the last table")
        self._finish()
        return [d for d in self.drafts if d.has_header or d.sections or d.contact]

    def _table(self, table: Table, blocks: list[Block], index: int) -> int:
        match = recognise(table)
        if match is None:
            self._place_pending(f"text before {table.where}")
            first = " | ".join(t for t in table.texts(0) if t)[:60] if table.rows else ""
            self.draft.leave(
                table_chunks(table),
                f"{table.where} ('{first}') has a shape the importer does not know",
            )
            return index
        shape = match.shape
        if isinstance(shape, HeaderShape):
            if self.draft.has_header:
                self._finish()
            self._title_lines()
        above = None if table.caption else self._heading()
        if isinstance(shape, ContactShape) and above is not None:
            above = self._heading_over_name(above)
        heading = table.caption or (above.text.strip() if above else "")
        self._place_pending(f"text before {table.where}")
        self.evidence.append(match.languages)
        shape.apply(table, match, self.draft, heading)
        used = {s.heading for s in self.draft.sections}
        used |= {self.draft.contact.heading} if self.draft.contact else set()
        if above is not None and heading not in used:
            self.draft.leave([above], f"a heading above {table.where}, which has its own")
        if isinstance(shape, ContactShape):
            index = self._tips(blocks, index)
        return index

    def _heading(self) -> Chunk | None:
        """The paragraph just above a table, if it reads as the table's heading."""
        if self.pending and _headingish(self.pending[-1]):
            return self.pending.pop()
        return None

    def _heading_over_name(self, above: Chunk) -> Chunk:
        """The contact's heading when ``above`` is the helpdesk's name shown under it ('How to
        contact the CARM Client Support Helpdesk', then 'CARM Client Support Helpdesk')."""
        name = above.text.strip()
        if self.pending and self.pending[-1].kind == "heading" and name in self.pending[-1].text:
            return self.pending.pop()
        return above

    def _title_lines(self) -> None:
        """Series and title from the lines above the header table (by style, else by order)."""
        lines = [
            Chunk(c.kind, line, line, level=c.level, style=c.style)
            for c in self.pending
            for line in c.lines()
        ]
        self.pending = []
        styled = {c.style.lower(): c for c in lines if c.style}
        series = next((styled[s] for s in SERIES_STYLES if s in styled), None)
        title = next((styled[s] for s in TITLE_STYLES if s in styled), None)
        title = title or next((c for c in lines if c.kind == "heading" and c.level == 1), None)
        rest = [c for c in lines if c is not series and c is not title]
        if title is None and rest:
            title = rest.pop(1 if series is None and len(rest) > 1 else 0)
        if series is None and rest:
            series = rest.pop(0)
        if series is not None:
            self.draft.set("series", series.text, "the line above the title")
        if title is not None:
            self.draft.set("title", title.text, "the title line")
        if rest:
            self.draft.leave(rest, "text above the header table")

    def _tips(self, blocks: list[Block], index: int) -> int:
        """Headings each followed by a list, after the contact table (as web pages show tips)."""
        contact = self.draft.contact
        while contact is not None and index + 1 < len(blocks):
            heading, first = blocks[index], blocks[index + 1]
            if not (isinstance(heading, Chunk) and heading.kind == "heading"):
                break
            if not (isinstance(first, Chunk) and first.kind in ("bullet", "number")):
                break
            items: list[str] = []
            index += 1
            while (
                index < len(blocks)
                and isinstance(b := blocks[index], Chunk)
                and b.kind in ("bullet", "number")
            ):
                items.append(b.markdown)
                index += 1
            contact.tips.append((heading.text.strip(), items))
        return index

    def _place_pending(self, why: str) -> None:
        chunks, self.pending = self.pending, []
        if not chunks:
            return
        if self.draft.has_header and not self.draft.sections and self.draft.contact is None:
            self.draft.body.extend(chunks)
        else:
            self.draft.leave(chunks, why)

    def _finish(self) -> None:
        self.draft.evidence = list(self.evidence)
        self.drafts.append(self.draft)
        self.draft, self.evidence = Draft(), []


def language_of(draft: Draft, document: Document, forced: str | None) -> str:
    """The draft's language: --lang, else its labels, else the page's lang, else English."""
    common = {"en", "fr"}
    for found in draft.evidence:
        common &= found
    if forced:
        if len(common) == 1 and forced not in common:
            draft.notes.append(f"--lang {forced} given, but the table labels are in {common.pop()}")
        return forced
    if len(common) == 1:
        return common.pop()
    return document.language if document.language in ("en", "fr") else "en"


def map_document(document: Document, forced: str | None = None) -> list[Draft]:
    """Every bulletin found in ``document``, each with its language."""
    drafts = Mapper(document).run()
    for draft in drafts:
        draft.language = language_of(draft, document, forced)
    return drafts
