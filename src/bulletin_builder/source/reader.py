"""Read one source file: text checks, front matter split, positioned YAML tree, Markdown body.

The reader never gives up at the first problem: it returns what it could read together
with every diagnostic, each positioned at the line and column of the source file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.errors import Diagnostic, Location
from bulletin_builder.source import discover, yamltree
from bulletin_builder.source.escapes import escapes
from bulletin_builder.source.yamltree import field_name

MAX_BYTES = discover.MAX_BYTES
"""Sources above this size are refused before parsing ("too large")."""

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufffe\uffff]"
)
"""Control characters, bidi controls, zero-width characters and the Unicode line and
paragraph separators (U+2028, U+2029: line breaks to some programs, not to others):
invisible, or able to disguise text, so never allowed in a bulletin."""

FENCE = "---"


@dataclass
class Source:
    """One file as read: its front matter tree, its body and what was wrong with it."""

    path: Path
    text: str = ""
    tree: yamltree.Node | None = None
    marked: list[yamltree.Scalar] = field(default_factory=list)
    texts: list[yamltree.Scalar] = field(default_factory=list)
    """Every non-empty value of the front matter (not keys), in reading order."""
    """Text values that contain '[' or '<' (candidates for links and raw HTML)."""
    body: str = ""
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def line(self, number: int) -> str:
        """The source line ``number`` (1-based) for showing under a diagnostic."""
        lines = self.text.split("\n")
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def error(
        self,
        code: str,
        message: str,
        line: int = 1,
        column: int = 1,
        *,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        location = Location(self.path, line, column)
        self.diagnostics.append(Diagnostic(code, message, location, field=field, hint=hint))


def _decode(source: Source, raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        source.error("BB007", "the file is not UTF-8 text", line, hint="save the file as UTF-8")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} {name}"


def _check_characters(source: Source) -> None:
    """Report (and blank out, so parsing can go on) every forbidden character."""
    if FORBIDDEN.search(source.text) is None:
        return
    for number, line in enumerate(source.text.split("\n"), start=1):
        for match in FORBIDDEN.finditer(line):
            source.error(
                "BB006",
                f"invisible or control character {_describe(match.group())}",
                number,
                match.start() + 1,
                hint="delete it (retype the text around it)",
            )
    if source.diagnostics:
        source.text = FORBIDDEN.sub(" ", source.text)


def _quoted(node: yamltree.Node | None) -> list[yamltree.Scalar]:
    """Every double-quoted scalar (key or value) under ``node``: only they can hold escapes."""
    if isinstance(node, yamltree.Scalar):
        return [node] if node.style == '"' else []
    if isinstance(node, yamltree.Mapping):
        keys = [k for k in node.keys.values() if k.style == '"']
        return keys + [s for value in node.values.values() for s in _quoted(value)]
    if isinstance(node, yamltree.Sequence):
        return [s for item in node.items for s in _quoted(item)]
    return []


def _check_escapes(source: Source) -> None:
    """Report a forbidden character written as a YAML escape (``"\\x01"``, ``"\\u202e"``)."""
    if "\\" not in source.text:  # no backslash, no escape
        return
    for scalar in _quoted(source.tree):
        if not FORBIDDEN.search(scalar.value or ""):
            continue
        path = yamltree.path_to(source.tree, scalar)
        found = [
            (line, column, char)
            for line, column, char in escapes(source.text, scalar.line, scalar.column)
            if FORBIDDEN.fullmatch(char)
        ] or [(scalar.line, scalar.column, FORBIDDEN.findall(scalar.value or "")[0])]
        for line, column, char in found:  # every one, each where it is written
            source.error(
                "BB006",
                f"invisible or control character {_describe(char)} (written as an escape)",
                line,
                column,
                field=field_name(path) or None,
                hint="delete the escape sequence",
            )


def _split(source: Source) -> str | None:
    """The front matter text; sets the body. None (with a diagnostic) if there is none."""
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        source.error(
            "BB002",
            "the file does not start with front matter ('---' on the first line)",
            hint="start the file with a line '---', the fields, then another '---'",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            rest = "\n".join(lines[index + 1 :])
            source.body = rest.strip("\n")
            source.body_line = index + 2 + len(rest) - len(rest.lstrip("\n"))  # blank lines skipped
            return "\n" + "\n".join(lines[1:index])  # keeps YAML lines equal to file lines
    source.error(
        "BB002",
        "the front matter is not closed: no second '---' line",
        len(lines),
        hint="add a line '---' after the last field",
    )
    return None


def read_text(path: Path, raw: bytes | discover.Refusal) -> Source:
    """Read a source from its bytes (the file or a git revision of it), or report why the
    file was not read (a link, a device, too large: nothing of it is kept)."""
    source = Source(path)
    if isinstance(raw, bytes) and len(raw) > MAX_BYTES:
        raw = discover.too_large(len(raw))
    if isinstance(raw, discover.Refusal):
        source.error(raw.code, raw.message, hint=raw.hint)
        return source
    text = _decode(source, raw)
    if text is None:
        return source
    source.text = text
    _check_characters(source)
    front = _split(source)
    if front is None:
        return source
    document = yamltree.parse(front)
    source.tree, source.marked, source.texts = document.root, document.marked, document.texts
    for p in document.problems:
        source.error(p.code, p.message, p.line, p.column, hint=p.hint)
    _check_escapes(source)
    if source.tree is not None and not isinstance(source.tree, yamltree.Mapping):
        source.error(
            "BB001",
            "the front matter must be a list of 'name: value' fields",
            source.tree.line,
            source.tree.column,
        )
        source.tree = None
    return source


def read(path: Path) -> Source:
    """Read a source file from disk (a regular file only, see :func:`discover.read_source`)."""
    return read_text(path, discover.read_source(path.parent, path))
