"""Runs of paragraphs that are the family's parts, found before the tables are mapped.

Each is recognised by the words the renderers write (:mod:`family_labels`), in either
language: the status word (*UPDATED*) and the line naming the original, what a correction
corrects, a single problem (*Description*, *Scope*, *Interim workaround*, *Fix date:*),
numbered paragraphs (*1.*, *2.*, … continuing through subheadings and from one run to the
next), the references and the earlier messages. A run that does not fit stays paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing.blocks import Block, Chunk, to_markdown
from bulletin_builder.importing.draft import Draft
from bulletin_builder.importing.family_draft import NumberedDraft, SingleProblemDraft
from bulletin_builder.importing.labels import fix_date

NUMBER = re.compile(r"^(\d{1,3})\.\s+")
REFERENCE = re.compile(r"^(?P<title>.+?)(?:\s+\((?P<number>[^()]*\d[^()]*)\))?$", re.S)
LINK = re.compile(r"^\[(?P<title>.+)\]\((?P<url>https://[^)\s]+)\)(?P<rest>.*)$", re.S)


@dataclass
class Part:
    """A recognised run: a block for the body, or parts of the edition."""

    what: str
    block: object | None = None
    edition: dict[str, object] = field(default_factory=dict)

    def apply(self, draft: Draft) -> None:
        if self.block is not None:
            draft.items.append(self.block)
        for name, value in self.edition.items():
            current = getattr(draft.edition, name)
            both = isinstance(current, list) and isinstance(value, list)
            setattr(draft.edition, name, current + value if both else value)


Item = Block | Part
Found = tuple[Part, int] | None


@dataclass
class Scan:
    blocks: list[Block]
    next_number: int = 1

    def chunk(self, index: int) -> Chunk | None:
        block = self.blocks[index] if index < len(self.blocks) else None
        return block if isinstance(block, Chunk) else None

    def heading(self, index: int, msgid: str | None = None) -> bool:
        chunk = self.chunk(index)
        if chunk is None or chunk.kind != "heading":
            return False
        return msgid is None or F.is_label(msgid, chunk.text)

    def body(self, index: int, stop: Callable[[int], bool] = lambda _: False) -> int:
        """The end of the paragraphs and lists from ``index`` (before a heading or a table)."""
        while (c := self.chunk(index)) is not None and c.kind != "heading" and not stop(index):
            index += 1
        return index

    def markdown(self, start: int, end: int) -> str:
        return to_markdown([b for b in self.blocks[start:end] if isinstance(b, Chunk)])


def _line(scan: Scan, i: int) -> Found:
    """The status word, the line naming the original, the one naming what it replaces."""
    chunk = scan.chunk(i)
    if chunk is None or chunk.kind != "p":
        return None
    text = " ".join(chunk.text.split())
    if (
        text.endswith(":")
        and chunk.markdown.startswith("**")
        and F.is_label("Correction", text[:-1])
    ):
        end = scan.body(i + 1)
        if end > i + 1:
            return Part("correction", edition={"correction": scan.markdown(i + 1, end)}), end
    if chunk.markdown.startswith("**") and (status := F.status_of(text)):
        return Part("status", edition={"status": status}), i + 1
    if found := F.edition_line(text):
        return Part("updates", edition={"status": found[0], "updates": found[1]}), i + 1
    if number := F.filled("This bulletin replaces %(number)s", text, "number"):
        return Part("supersedes", edition={"supersedes": number}), i + 1
    return None


def _fix_line(chunk: Chunk | None) -> tuple[str, str, str | None] | None:
    """'Fix date: TBD' → ('TBD', 'TBD', None); 'Fix date: Resolved …' → (date, read, date)."""
    if chunk is None or chunk.kind != "p":
        return None
    head, colon, value = " ".join(chunk.text.split()).partition(":")
    if not colon or not F.is_label("Fix date", head):
        return None
    read = value.strip()
    if day := F.dated("Resolved %(date)s", read):
        return day.isoformat(), read, day.isoformat()
    return fix_date(read) or read, read, None


def _problem(scan: Scan, i: int) -> Found:
    if not scan.heading(i, "Description"):
        return None
    texts: dict[str, str] = {}
    at, name = i, "description"
    while True:
        end = scan.body(at + 1, lambda j: _fix_line(scan.chunk(j)) is not None)
        texts[name] = scan.markdown(at + 1, end)
        if (fix := _fix_line(scan.chunk(end))) is not None and "workaround" in texts:
            problem = SingleProblemDraft(
                texts["description"],
                texts["workaround"],
                fix[0],
                fix[1],
                texts.get("scope"),
                fix[2],
            )
            return Part("problem", block=problem), end + 1
        following = [n for n, m in (("scope", "Scope"), ("workaround", "Interim workaround"))
                     if n not in texts and scan.heading(end, m)]  # fmt: skip
        if not following:
            return None
        at, name = end, following[0]


def _numbered(scan: Scan, i: int) -> Found:
    chunk = scan.chunk(i)
    first = NUMBER.match(chunk.text) if chunk is not None and chunk.kind == "p" else None
    if first is None or int(first[1]) not in (1, scan.next_number):
        return None
    expected, items, at = int(first[1]), [], i

    def numbered(index: int) -> bool:
        c = scan.chunk(index)
        found = NUMBER.match(c.text) if c is not None and c.kind == "p" else None
        return found is not None and int(found[1]) == expected

    while True:
        if numbered(at):
            lead = scan.chunk(at)
            assert lead is not None
            lead.markdown, lead.text = NUMBER.sub("", lead.markdown), NUMBER.sub("", lead.text)
            expected += 1
            end = scan.body(at + 1, numbered)
            end = end if numbered(end) else at + 1  # further paragraphs only before the next
            items.append(("text", scan.markdown(at, end)))
            at = end
        elif scan.heading(at) and numbered(at + 1) and items:
            heading = scan.chunk(at)
            assert heading is not None
            items.append(("heading", " ".join(heading.text.split())))
            at += 1
        else:
            break
    scan.next_number = expected
    return Part("numbered", block=NumberedDraft(items)), at


def _reference(chunk: Chunk) -> tuple[str, str | None, str | None]:
    link = LINK.match(chunk.markdown.strip())
    text = " ".join(chunk.text.split())
    url = link["url"] if link else None
    found = REFERENCE.match(text)
    assert found is not None
    return found["title"], found["number"], url


def _references(scan: Scan, i: int) -> Found:
    if not scan.heading(i, "References"):
        return None
    end = i + 1
    while (c := scan.chunk(end)) is not None and c.kind == "bullet":
        end += 1
    refs = [_reference(c) for c in scan.blocks[i + 1 : end] if isinstance(c, Chunk)]
    return (Part("references", edition={"references": refs}), end) if refs else None


def _history(scan: Scan, i: int) -> Found:
    if not scan.heading(i, "Previous messages"):
        return None
    entries, at = [], i + 1
    while (c := scan.chunk(at)) is not None and c.kind == "heading":
        found = F.history_heading(c.text)
        end = scan.body(at + 1)
        if found is None or end == at + 1:
            break
        entries.append((found[1].isoformat(), scan.markdown(at + 1, end)))
        at = end
    return (Part("history", edition={"history": entries}), at) if entries else None


READERS = (_line, _problem, _numbered, _references, _history)


def find_parts(blocks: list[Block]) -> list[Item]:
    """``blocks`` with each recognised run replaced by its :class:`Part`."""
    scan = Scan(blocks)
    out: list[Item] = []
    index = 0
    while index < len(blocks):
        for reader in READERS:
            if (found := reader(scan, index)) is not None:
                out.append(found[0])
                index = found[1]
                break
        else:
            out.append(blocks[index])
            index += 1
    return out
