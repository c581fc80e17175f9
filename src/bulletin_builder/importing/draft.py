"""What the mapper fills while reading: a bulletin in one language, not yet a record."""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin_builder.importing.blocks import Chunk, escape, to_markdown
from bulletin_builder.importing.family_draft import EditionDraft, PhoneDraft

TODO = "TODO"


@dataclass
class ProblemDraft:
    description: str
    workaround: str
    fix_date: str
    fix_date_read: str
    """The fix date as the document wrote it."""
    resolved: str | None = None


@dataclass
class SectionDraft:
    heading: str
    problems: list[ProblemDraft] = field(default_factory=list)
    origin: str = ""
    audience: str | None = None


@dataclass
class ContactDraft:
    heading: str = ""
    hours: str = ""
    web_form: str = ""
    telephone: list[PhoneDraft] = field(default_factory=list)
    name: str = ""
    email: str = ""
    response_time: str = ""
    tips: list[tuple[str, list[str]]] = field(default_factory=list)
    origin: str = ""


@dataclass
class Leftover:
    """Text the importer could not place: it goes into the body under a TODO marker."""

    markdown: str
    why: str


@dataclass
class Draft:
    """One bulletin in one language as read from a document."""

    language: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    """Field → where its value came from, for the report."""
    sections: list[SectionDraft] = field(default_factory=list)
    contact: ContactDraft | None = None
    body: list[Chunk] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things a writer should check that are not errors (a list without item markers)."""
    has_header: bool = False
    evidence: list[set[str]] = field(default_factory=list)
    """The languages each recognised table's labels allow."""
    items: list[object] = field(default_factory=list)
    """The body's blocks in reading order (sections, contacts and the family's drafts)."""
    edition: EditionDraft = field(default_factory=EditionDraft)

    def set(self, name: str, value: str, origin: str) -> None:
        """Fill a field once; another value for it later is kept as a leftover."""
        if value and name not in self.fields:
            self.fields[name] = value
            self.origins[name] = origin
        elif value and self.fields[name] != value:
            self.leftovers.append(Leftover(escape(value), f"a second {name} ({origin})"))

    def leave(self, chunks: list[Chunk], why: str) -> None:
        markdown = to_markdown(chunks)
        if markdown.strip():
            self.leftovers.append(Leftover(markdown, why))

    def body_markdown(self) -> str:
        """The body: the introduction, then each leftover under its TODO marker."""
        parts = [to_markdown(self.body)] if self.body else []
        for left in self.leftovers:
            parts.append(f"{TODO}: {left.why}; place or delete this text.\n\n{left.markdown}")
        return "\n\n".join(p for p in parts if p.strip())
