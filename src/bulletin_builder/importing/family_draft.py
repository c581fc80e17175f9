"""What the mapper fills for the family's blocks: windows, numbered text, a single problem,
text between blocks, the parts of a later edition. Not yet records (see ``family_finish``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bulletin_builder.importing.blocks import Chunk


@dataclass
class TextDraft:
    """Text between blocks: a ``text`` block, or a leftover in a known-problems bulletin."""

    chunks: list[Chunk]
    why: str


@dataclass
class WindowDraft:
    system: str
    values: dict[str, str] = field(default_factory=dict)
    """Field of :class:`~bulletin_builder.model.blocks.Window` → its source value."""
    read: dict[str, str] = field(default_factory=dict)
    """Start and end as the document wrote them, for the report."""


@dataclass
class WindowsDraft:
    heading: str | None
    windows: list[WindowDraft] = field(default_factory=list)
    origin: str = ""


@dataclass
class NumberedDraft:
    items: list[tuple[str, str]] = field(default_factory=list)
    """('text' | 'heading', Markdown), in order."""


@dataclass
class SingleProblemDraft:
    description: str
    workaround: str
    fix_date: str
    fix_date_read: str
    scope: str | None = None
    resolved: str | None = None


@dataclass
class PhoneDraft:
    number: str
    note: str = ""
    menu: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    """(key, label, [(key, label)]) in the order callers hear them."""


@dataclass
class EditionDraft:
    """The parts of a later edition around its blocks."""

    status: str | None = None
    updates: str | None = None
    correction: str | None = None
    supersedes: str | None = None
    history: list[tuple[str, str]] = field(default_factory=list)
    """(YYYY-MM-DD, Markdown), newest first."""
    references: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """(title, message number, https address)."""
