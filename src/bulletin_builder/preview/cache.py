"""The preview's render cache: outputs by content hash, and each page's last good edition.

An output is keyed by the hash ``bulletin build`` gives it (the edition's every field, the
templates and the tool version), so a save that changes one bulletin renders that bulletin
only, and a PDF is rendered once per content however often it is asked for. Everything is
kept in memory: the preview writes no file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bulletin_builder.preview.pipeline import Edition, content_key, render

Renderer = Callable[[Edition, str], bytes]
PageId = tuple[str, str]
"""(slug, language) of one page."""

KEPT_PER_FORMAT = 32
"""Outputs of other formats than HTML kept (least recently used first out)."""


@dataclass(frozen=True)
class Good:
    """The last edition of a page that validated, and its content key."""

    key: str
    edition: Edition


class RenderCache:
    """Rendered outputs by content key; safe to use from several threads."""

    def __init__(self, renderer: Renderer = render) -> None:
        self._render = renderer
        self._lock = threading.Lock()
        self._format_locks: dict[str, threading.Lock] = {}
        self._good: dict[PageId, Good] = {}
        self._html: dict[str, bytes] = {}
        self._other: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.rendered: list[tuple[str, str, str]] = []
        """(slug, language, format) of every render made, in order (for tests and benchmarks)."""

    def accept(self, edition: Edition) -> str:
        """Record ``edition`` as its page's last good one, render its HTML if new; its key."""
        key = content_key(edition)
        if key not in self._html:
            html = self._render(edition, "html")
            with self._lock:
                self._html[key] = html
                self.rendered.append((edition.slug, edition.language, "html"))
        with self._lock:
            self._good[(edition.slug, edition.language)] = Good(key, edition)
        return key

    def good(self, page: PageId) -> Good | None:
        """The last good edition of ``page`` (None if it never validated)."""
        with self._lock:
            return self._good.get(page)

    def goods(self) -> list[Good]:
        """The last good edition of every page."""
        with self._lock:
            return list(self._good.values())

    def keep_only(self, pages: set[PageId]) -> None:
        """Forget the pages not in ``pages`` and the HTML no page shows any more."""
        with self._lock:
            self._good = {page: good for page, good in self._good.items() if page in pages}
            shown = {good.key for good in self._good.values()}
            self._html = {key: html for key, html in self._html.items() if key in shown}

    def output(self, page: PageId, fmt: str) -> bytes | None:
        """The ``fmt`` output of ``page``'s last good edition, rendered now if not cached."""
        good = self.good(page)
        if good is None:
            return None
        if fmt == "html":
            with self._lock:
                return self._html.get(good.key)
        return self._other_output(good, fmt)

    def _other_output(self, good: Good, fmt: str) -> bytes:
        with self._lock:
            lock = self._format_locks.setdefault(fmt, threading.Lock())
        with lock:  # one render of a format at a time: a second request waits for the first
            with self._lock:
                cached = self._other.get((good.key, fmt))
                if cached is not None:
                    self._other.move_to_end((good.key, fmt))
                    return cached
            data = self._render(good.edition, fmt)
            with self._lock:
                self._other[(good.key, fmt)] = data
                self.rendered.append((good.edition.slug, good.edition.language, fmt))
                while sum(1 for _, f in self._other if f == fmt) > KEPT_PER_FORMAT:
                    oldest = next(k for k in self._other if k[1] == fmt)
                    del self._other[oldest]
            return data
