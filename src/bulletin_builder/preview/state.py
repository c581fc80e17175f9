"""What the preview shows: every bulletin's pages and diagnostics, after the latest save.

:class:`Preview` validates the served folders, renders the pages whose content changed and
keeps, for a page whose file is now invalid, its last good render with the errors over it.
The e-mail edition of each page is declared from the last good editions and made on demand.
Each refresh gives a new immutable :class:`Snapshot` the routes read without locking.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.preview.cache import PageId, RenderCache
from bulletin_builder.preview.mail import MailCache, messages
from bulletin_builder.preview.pipeline import (
    EMAIL_VIEWS,
    Checked,
    Diagnostic,
    Edition,
    Extra,
    Severity,
    SourceRef,
    check,
)


@dataclass(frozen=True)
class Page:
    """One bulletin in one language, as the preview shows it."""

    slug: str
    language: str
    path: Path
    diagnostics: tuple[Diagnostic, ...]
    """What is wrong with its file, its contact block or the folder's configuration."""
    key: str | None
    """Content key of the render shown; None when the file never validated."""
    current: bool
    """True when the render shown is of the file as saved; False: the last good one."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


@dataclass(frozen=True)
class Entry:
    """One bulletin: its pages by language."""

    slug: str
    title: str
    message_number: str
    pages: dict[str, Page]

    @property
    def errors(self) -> int:
        return sum(len(page.errors) for page in self.pages.values())


@dataclass(frozen=True)
class Snapshot:
    """The whole preview after one refresh."""

    version: int = 0
    entries: dict[str, Entry] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    lines: dict[Path, list[str]] = field(default_factory=dict)
    files: int = 0
    changed: frozenset[str] = frozenset()
    """Slugs whose pages or diagnostics differ from the previous snapshot."""
    emails: dict[PageId, Extra] = field(default_factory=dict)
    """(slug, language) → its e-mail message as the build declares it (its key: a content hash)."""


def _same_file(a: Path, b: Path | None) -> bool:
    return b is not None and a.resolve() == b.resolve()


def _page_diagnostics(ref: SourceRef, checked: Checked) -> tuple[Diagnostic, ...]:
    places = [ref.path, ref.contact, *checked.config_paths]
    return tuple(
        d for d in checked.diagnostics if any(_same_file(d.location.path, p) for p in places)
    )


def _entry(slug: str, pages: dict[str, Page], named: SourceRef | None) -> Entry:
    """A bulletin named after its first file that has a title (the slug until one has)."""
    if named is None:
        return Entry(slug, slug, "", pages)
    return Entry(slug, named.title or slug, named.message_number or "", pages)


class Preview:
    """The served folders, checked and rendered again on every :meth:`refresh`."""

    def __init__(self, paths: Sequence[Path], cache: RenderCache | None = None) -> None:
        self.paths = list(paths)
        self.cache = cache or RenderCache()
        self.mail = MailCache()
        self.snapshot = Snapshot()
        self._lock = threading.Lock()

    def refresh(self) -> Snapshot:
        """Validate everything again, render what changed; the new snapshot."""
        with self._lock:
            checked = check(self.paths)
            entries = self._entries(checked)
            old = self.snapshot.entries
            changed = {
                slug for slug in entries.keys() | old.keys() if entries.get(slug) != old.get(slug)
            }
            self.snapshot = Snapshot(
                self.snapshot.version + 1,
                entries,
                tuple(checked.diagnostics),
                checked.lines,
                checked.files,
                frozenset(changed),
                messages(self.cache.goods(), checked.configs),
            )
            return self.snapshot

    def _entries(self, checked: Checked) -> dict[str, Entry]:
        fresh = {(e.slug, e.language): e for e in checked.editions}
        pages: dict[str, dict[str, Page]] = {}
        named: dict[str, SourceRef] = {}
        for ref in checked.sources:  # in file name order: English first
            pages.setdefault(ref.slug, {})[ref.language] = self._page(ref, checked, fresh)
            if ref.title and ref.slug not in named:
                named[ref.slug] = ref
        self.cache.keep_only({(slug, lang) for slug, by in pages.items() for lang in by})
        return {slug: _entry(slug, by, named.get(slug)) for slug, by in pages.items()}

    def _page(
        self, ref: SourceRef, checked: Checked, fresh: dict[tuple[str, str], Edition]
    ) -> Page:
        """The page of one file: rendered now if it validates, else its last good render."""
        diagnostics = _page_diagnostics(ref, checked)
        edition = fresh.get((ref.slug, ref.language))
        if edition is not None and not any(d.severity is Severity.ERROR for d in diagnostics):
            key = self.cache.accept(edition)
            return Page(ref.slug, ref.language, ref.path, diagnostics, key, current=True)
        good = self.cache.good((ref.slug, ref.language))
        key_shown = good.key if good else None
        return Page(ref.slug, ref.language, ref.path, diagnostics, key_shown, current=False)

    def output(self, slug: str, language: str, fmt: str) -> bytes | None:
        """An output of a page's last good edition (None: no such page, or never valid)."""
        snapshot = self.snapshot
        entry = snapshot.entries.get(slug)
        if entry is None or language not in entry.pages:
            return None
        if fmt in EMAIL_VIEWS:
            extra = snapshot.emails.get((slug, language))
            return None if extra is None else self.mail.output((slug, language), extra, fmt)
        return self.cache.output((slug, language), fmt)
