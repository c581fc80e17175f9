"""BB409: the size budgets that keep every build fast and small ("too large" errors).

A bulletin is a short document; these limits are far above any real one (the seed has 7
problems, its longest text about 600 characters) and well below what would make a build
slow or memory-hungry. The numbers are documented in ``docs/security.md``:

- at most :data:`MAX_PROBLEMS` problems, windows and numbered paragraphs in one bulletin (the
  PDF of 300 problems renders in about 15 seconds and under 300 MB; 5,000 would take many
  minutes and gigabytes);
- at most :data:`MAX_TEXT` characters in one text value or body;
- lists and block quotes nested at most :data:`MAX_NESTING` deep (CommonMark parsers stop
  nesting further and would silently drop the deeper text).

Files above 2 MB are refused before they are read (``BB008``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bulletin_builder.errors import Diagnostic, Location
from bulletin_builder.markdown import inspecting_parser
from bulletin_builder.model.project import Project, SourceFile
from bulletin_builder.source import yamltree
from bulletin_builder.source.yamltree import field_name

MAX_PROBLEMS = 300
"""Problems, service windows and numbered paragraphs in one bulletin, all blocks together."""
MAX_TEXT = 5_000
"""Characters in one text value (a description, a work-around, the body, ...): a paragraph
is laid out in time that grows faster than its length."""
MAX_NESTING = 8
"""Lists and block quotes inside one another."""
MAX_MARKS = 100
"""Markup marks (``* _ ` [ \\``) in one text value: each may open an inline box, and a
paragraph of hundreds of them (``*a*a*a…``, ``[a](`` runs) takes minutes to lay out."""
MAX_BULLETIN_TEXT = 100_000
"""Characters of text in one bulletin, every value and the body together."""
MAX_BULLETIN_MARKS = 2_000
"""Markup marks in one bulletin, every value and the body together."""
MARKS = re.compile(r"[*_`\[\\]")
"""What :data:`MAX_MARKS` counts."""

_OPENS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})
_CLOSES = frozenset({"bullet_list_close", "ordered_list_close", "blockquote_close"})
_MAYBE_DEEP = re.compile(
    r"^(?:[ \t>*+\-]|\d{1,9}[.)]){" + str(MAX_NESTING + 1) + ",}", re.MULTILINE
)
"""A line whose indentation and container markers are long enough to nest more than the limit
(every level adds at least one: a space of indentation, a '>', a bullet or '1.')."""


def nesting_too_deep(text: str) -> int | None:
    """The 0-based line where lists or quotes nest deeper than :data:`MAX_NESTING`, if any."""
    if not _MAYBE_DEEP.search(text):
        return None
    depth = 0
    for token in inspecting_parser().parse(text):
        depth += (token.type in _OPENS) - (token.type in _CLOSES)
        if depth > MAX_NESTING:
            return token.map[0] if token.map else 0
    return None


def _text_problem(value: str) -> tuple[str, int] | None:
    """(message, line offset) when ``value`` is over a budget."""
    if len(value) > MAX_TEXT:
        return f"the text is too large ({len(value):,} characters; at most {MAX_TEXT:,})", 0
    marks = len(MARKS.findall(value))
    if marks > MAX_MARKS:
        return (
            f"the text has too much markup ({marks:,} of * _ ` [ \\; at most {MAX_MARKS})",
            0,
        )
    if len(value) <= MAX_NESTING:  # too short to hold that many list or quote markers
        return None
    deep = nesting_too_deep(value)
    if deep is not None:
        return f"lists or quotes nested too deep (at most {MAX_NESTING} levels)", deep
    return None


def _check_texts(file: SourceFile[Any]) -> Iterator[Diagnostic]:
    hint = "split the text; a bulletin is read on one page"
    source = file.source
    for scalar in source.texts:
        if len(scalar.value or "") <= MAX_NESTING:
            continue  # too short to be too large or too deep
        found = _text_problem(scalar.value or "")
        if found:
            path = yamltree.path_to(source.tree, scalar)
            line = scalar.content_line + found[1]
            column = scalar.column if line == scalar.line else _indent(source.line(line))
            location = Location(source.path, line, column)
            yield Diagnostic("BB409", found[0], location, field=field_name(path), hint=hint)
    found = _text_problem(source.body)
    if found:
        line = source.body_line + found[1]
        location = Location(source.path, line, _indent(source.line(line)))
        yield Diagnostic("BB409", found[0], location, field="body", hint=hint)


def _indent(line: str) -> int:
    """The column of the first character written on ``line``."""
    return len(line) - len(line.lstrip()) + 1


def _items(node: yamltree.Node | None, *path: str) -> list[yamltree.Node]:
    """The items of the list at ``path`` under ``node`` ([] when it is not a list)."""
    for key in path:
        node = node.values.get(key) if isinstance(node, yamltree.Mapping) else None
    return node.items if isinstance(node, yamltree.Sequence) else []


def _row_count(tree: yamltree.Node | None) -> int:
    """Problems (in ``sections`` and in blocks), service windows and numbered paragraphs:
    each a table row or a numbered box of the PDF."""
    count = sum(len(_items(s, "problems")) for s in _items(tree, "sections"))
    for block in _items(tree, "blocks"):
        count += len(_items(block, "problems", "problems")) + len(_items(block, "numbered"))
        count += len(_items(block, "windows", "windows"))
        count += isinstance(block, yamltree.Mapping) and "problem" in block.values
    return count


def _check_totals(file: SourceFile[Any]) -> Iterator[Diagnostic]:
    """All the text of one bulletin, and all its markup, against the bulletin's budgets."""
    texts = [scalar.value or "" for scalar in file.source.texts] + [file.source.body]
    texts = [t for t in texts if not _text_problem(t)]  # one diagnostic per cause
    size, marks = sum(map(len, texts)), sum(len(MARKS.findall(t)) for t in texts)
    hint = "split it into several bulletins, or shorten the texts"
    if size > MAX_BULLETIN_TEXT:
        message = f"the bulletin is too large ({size:,} characters of text; at most "
        yield file.diagnostic("BB409", f"{message}{MAX_BULLETIN_TEXT:,})", "sections", hint=hint)
    elif marks > MAX_BULLETIN_MARKS:
        message = f"the bulletin has too much markup ({marks:,} of * _ ` [ \\; at most "
        yield file.diagnostic("BB409", f"{message}{MAX_BULLETIN_MARKS:,})", "sections", hint=hint)


def check_limits(project: Project) -> Iterator[Diagnostic]:
    """Every file's texts, and every bulletin's size and number of problems, against the
    budgets."""
    for file in project.files():
        yield from _check_texts(file)
    for bulletin in project.bulletins:
        yield from _check_totals(bulletin)
        count = _row_count(bulletin.source.tree)
        if count > MAX_PROBLEMS:
            what = "problems, windows and numbered paragraphs"
            yield bulletin.diagnostic(
                "BB409",
                f"the bulletin is too large ({count:,} {what}; at most {MAX_PROBLEMS})",
                "sections",
                hint="split it into several bulletins, or remove resolved problems",
            )
