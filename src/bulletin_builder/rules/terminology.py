"""BB209, BB210: the agency's French terms (``bulletins/terms.toml``) in the French files.

Where an English file uses a term of the base and its French file never writes the agency's
French term, a warning at the French file names the English line. A forbidden French variant
is an error at its own line and column. Each file is scanned once per scanner; keys of the
front matter are blanked first, so the field ``workaround:`` is not the term "workaround".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bulletin_builder import yamltree
from bulletin_builder.convert import field_name
from bulletin_builder.errors import Diagnostic, Location, Severity
from bulletin_builder.project import Project, SourceFile
from bulletin_builder.terms import Terms, entry_of


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
        if is_key:
            chars[offset : offset + len(node.value or "")] = " " * len(node.value or "")
        else:
            values.append((offset, path))
    if source.body:
        values.append((line_starts[min(source.body_line, len(line_starts)) - 1], ("body",)))
    values.sort(key=lambda v: v[0])
    return Scanned("".join(chars), line_starts, [v[0] for v in values], [v[1] for v in values])


def _forbidden(file: SourceFile[Any], scanned: Scanned, terms: Terms) -> Iterator[Diagnostic]:
    if terms.forbidden is None:
        return
    allowed = [m.span() for m in terms.french.finditer(scanned.text)] if terms.french else []
    for match in terms.forbidden.finditer(scanned.text):
        if any(a <= match.start() and match.end() <= b for a, b in allowed):
            continue  # part of the agency's own term ('date de correction' in '… prévue')
        term, written = terms.entries[entry_of(match)], " ".join(match.group().split())
        yield Diagnostic(
            "BB210",
            f"{written!r} is not the agency's French term: write {term.french!r}",
            Location(file.source.path, *scanned.position(match.start())),
            field=field_name(scanned.path(match.start())) or None,
            hint=f"terms.toml: {' / '.join(term.english)} = {term.french}",
        )


def _missing(
    fr: SourceFile[Any], en: SourceFile[Any], fr_text: Scanned, terms: Terms
) -> Iterator[Diagnostic]:
    if terms.english is None or terms.french is None:
        return
    en_text = scan(en)
    used: dict[int, re.Match[str]] = {}
    for match in terms.english.finditer(en_text.text):
        used.setdefault(entry_of(match), match)
    present = {entry_of(m) for m in terms.french.finditer(fr_text.text)}
    for index, match in used.items():
        if index in present:
            continue
        term, (line, _) = terms.entries[index], en_text.position(match.start())
        path = en_text.path(match.start())
        written = " ".join(match.group().split())
        yield fr.diagnostic(
            "BB209",
            f"English line {line} writes {written!r}, but this file never writes {term.french!r}",
            *path,
            hint=f"translate it as {term.french!r} (terms.toml)",
            severity=Severity.WARNING,
        )


def check_terms(project: Project) -> Iterator[Diagnostic]:
    """Forbidden French variants in every French file; French terms missing from a translation."""
    terms, reference = project.config.terms, project.config.reference_language
    # French is the language the base describes; a third language would need its own column.
    if not terms.entries:
        return
    for files in (project.bulletins, project.contacts):
        by_key = {(f.stem, f.language): f for f in files}
        for file in files:
            if file.language != "fr" or file.source.tree is None:
                continue
            scanned = scan(file)
            yield from _forbidden(file, scanned, terms)
            en = by_key.get((file.stem, reference))
            if file.language == "fr" and en is not None and en.source.tree is not None:
                yield from _missing(file, en, scanned, terms)
