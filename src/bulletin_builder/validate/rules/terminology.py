"""BB209, BB210: the agency's French terms (``bulletins/terms.toml``) in the French files.

Where an English file uses a term of the base and its French file never writes the agency's
French term, a warning at the French file names the English line. A forbidden French variant
is an error at its own line and column. Each file is scanned once per scanner; keys of the
front matter, and values that are codes (message number, ids, dates, addresses), are blanked
first, so the field ``workaround:`` is not the term "workaround".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bulletin_builder.errors import Diagnostic, Location, Severity
from bulletin_builder.model.project import Project, SourceFile
from bulletin_builder.source import yamltree
from bulletin_builder.source.terms import Hit, Terms, Text
from bulletin_builder.source.yamltree import field_name

IDENTIFIERS = frozenset(
    {"message_number", "language", "date", "contact", "supersedes", "id", "fix_date", "web_form"}
    | {"number"}
)
"""Fields holding codes, dates and addresses, not words: 'CARM 2021-07-15' is not 'CARM'."""


@dataclass(frozen=True)
class Scanned:
    """A file's text with its keys blanked, and where each value starts."""

    text: str
    line_starts: list[int]
    starts: list[int]
    """Offsets where values start, in order (with the body's start last)."""
    paths: list[tuple[str | int, ...]]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def path(self, offset: int) -> tuple[str | int, ...]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.paths[index] if index >= 0 else ()


def _nodes(
    node: yamltree.Node | None, path: tuple[str | int, ...]
) -> Iterator[tuple[yamltree.Scalar, tuple[str | int, ...], bool]]:
    """(scalar, path, is_key) for every key and value below ``node``."""
    if isinstance(node, yamltree.Mapping):
        for name, value in node.values.items():
            yield node.keys[name], (*path, name), True
            yield from _nodes(value, (*path, name))
    elif isinstance(node, yamltree.Sequence):
        for index, item in enumerate(node.items):
            yield from _nodes(item, (*path, index))
    elif isinstance(node, yamltree.Scalar):
        yield node, path, False


def scan(file: SourceFile[Any]) -> Scanned:
    source = file.source
    line_starts = [0, *(m.end() for m in re.finditer("\n", source.text))]
    chars = list(source.text)
    values: list[tuple[int, tuple[str | int, ...]]] = []
    for node, path, is_key in _nodes(source.tree, ()):
        offset = line_starts[node.line - 1] + node.column - 1
        if is_key or path[-1] in IDENTIFIERS:
            chars[offset : offset + len(node.value or "")] = " " * len(node.value or "")
        else:
            values.append((offset, path))
    if source.body:
        values.append((line_starts[min(source.body_line, len(line_starts)) - 1], ("body",)))
    values.sort(key=lambda v: v[0])
    return Scanned("".join(chars), line_starts, [v[0] for v in values], [v[1] for v in values])


_KEY_LINE = re.compile(r"[ \t]*(?:-[ \t]+)*([A-Za-z_][\w-]*):(?:[ \t]|$)")
"""A line that starts a ``name:`` field (outside a block text)."""


class Located:
    """A file's raw text; whether a match is in a text value is answered from its own line,
    and the full scan (field paths) is built only when a diagnostic must be placed."""

    def __init__(self, file: SourceFile[Any]) -> None:
        self.file = file
        self.text = file.source.text
        self._scanned: Scanned | None = None
        self._blocks: list[tuple[int, int]] | None = None

    @property
    def scanned(self) -> Scanned:
        if self._scanned is None:
            self._scanned = scan(self.file)
        return self._scanned

    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def _in_block(self, line: int) -> bool:
        """True when ``line`` is inside a ``|`` or ``>`` text (or the body).

        A block text runs from the line after its indicator to the line before the next
        value (a folded ``>`` text has fewer line breaks than lines, so they cannot be counted).
        """
        if self._blocks is None:
            source = self.file.source
            end = source.body_line - 1 if source.body else source.text.count("\n") + 1
            nexts = [n.line - 1 for n in source.texts[1:]] + [end]
            self._blocks = [
                (n.content_line, last)
                for n, last in zip(source.texts, nexts, strict=True)
                if n.style in ("|", ">")
            ]
            if source.body:
                self._blocks.append((source.body_line, source.text.count("\n") + 1))
        index = bisect.bisect_right(self._blocks, (line, float("inf"))) - 1
        return index >= 0 and line <= self._blocks[index][1]

    def in_text(self, hit: Hit) -> bool:
        """True when the hit is in a text value or the body, not in a key or a code."""
        start = self.text.rfind("\n", 0, hit.start) + 1
        key = _KEY_LINE.match(self.text, start)
        if key is None or hit.start < key.start(1):
            return True
        if self._in_block(self._line(hit.start)):
            return True
        return hit.start >= key.end() and key.group(1) not in IDENTIFIERS


def _forbidden(fr: Located, text: Text, terms: Terms) -> Iterator[Diagnostic]:
    for index, finder, containing in terms.forbidden:
        for hit in text.find(finder):
            spans = (h for i in containing for f in terms.french[i] for h in text.find(f))
            if any(h.start <= hit.start and hit.end <= h.end for h in spans):
                continue
            if not fr.in_text(hit):
                continue
            term, written = terms.entries[index], " ".join(hit.written.split())
            scanned = fr.scanned
            yield Diagnostic(
                "BB210",
                f"{written!r} is not the agency's French term: write {term.french!r}",
                Location(fr.file.source.path, *scanned.position(hit.start)),
                field=field_name(scanned.path(hit.start)) or None,
                hint=f"terms.toml: {' / '.join(term.english)} = {term.french}",
            )


def _first_use(en: Located, text: Text, terms: Terms, skip: set[int]) -> dict[int, Hit]:
    """Entry index → where the English file first uses it (in a text, not a field name);
    entries in ``skip`` are not looked for."""
    used: dict[int, Hit] = {}
    for index, finder in terms.english:
        if index in skip:
            continue
        hit = next((h for h in text.find(finder) if en.in_text(h)), None)
        if hit is not None and (index not in used or hit.start < used[index].start):
            used[index] = hit
    return used


def _missing(fr: Located, fr_text: Text, en: Located, terms: Terms) -> Iterator[Diagnostic]:
    present = {
        i
        for i, forms in enumerate(terms.french)
        if any(next(fr_text.find(f), None) is not None for f in forms)
    }
    used = _first_use(en, Text(en.text), terms, present)
    for index in sorted(used, key=lambda i: (used[i].start, i)):
        hit, term = used[index], terms.entries[index]
        line, _ = en.scanned.position(hit.start)
        written = " ".join(hit.written.split())
        yield fr.file.diagnostic(
            "BB209",
            f"English line {line} writes {written!r}, but this file never writes {term.french!r}",
            *en.scanned.path(hit.start),
            hint=f"translate it as {term.french!r} (terms.toml)",
            severity=Severity.WARNING,
        )


def check_terms(project: Project) -> Iterator[Diagnostic]:
    """Forbidden French variants in every French file; French terms missing from a translation."""
    terms, reference = project.config.terms, project.config.reference_language
    if not terms.entries:
        return
    # French is the language the base describes; a third language would need its own column.
    for files in (project.bulletins, project.contacts):
        by_key = {(f.stem, f.language): f for f in files}
        for file in files:
            if file.language != "fr" or file.source.tree is None:
                continue
            fr = Located(file)
            fr_text = Text(fr.text)
            yield from _forbidden(fr, fr_text, terms)
            en = by_key.get((file.stem, reference))
            if en is not None and en.source.tree is not None:
                yield from _missing(fr, fr_text, Located(en), terms)
