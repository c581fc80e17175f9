"""What every reader produces: paragraphs, list items and tables, their text as Markdown.

A :class:`Chunk` is one paragraph or one list item with its inline Markdown (bold, italics,
links, line breaks) and its plain text; a :class:`Table` is rows of cells, each cell a list
of chunks. :func:`to_markdown` joins chunks into the Markdown of one field.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["p", "bullet", "number", "heading"]
HARD_BREAK = "\\\n"
WIDTH = 86
"""Lines of a field are wrapped at this width, as writers wrap them."""
"""A line break inside a paragraph, as Markdown writes it."""

_SPACES = re.compile(r"[ \t\r\n\u00a0\u202f\u2007]+")
_ESCAPE = re.compile(r"([\\`*_\[\]])|(<)(?=[A-Za-z/!?])|(&)(?=#?\w+;)")
_LINE_START = re.compile(
    r"^(#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|=+\s*$|-{3,}\s*$|~{3,})"
)


def squeeze(text: str) -> str:
    """Runs of white space (no-break spaces too) as one space."""
    return _SPACES.sub(" ", text)


def escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text."""
    return _ESCAPE.sub(lambda m: "\\" + m.group(0), text)


def guard_line_start(markdown: str) -> str:
    """Escape what would make a line a heading, quote or list item when it starts a paragraph."""
    match = _LINE_START.match(markdown)
    if match is None:
        return markdown
    head = match.group(0)
    digits = re.match(r"\d+", head)
    if digits:
        return f"{digits.group(0)}\\{markdown[digits.end() :]}"
    return "\\" + markdown


@dataclass
class Chunk:
    """One paragraph, heading or list item."""

    kind: Kind
    markdown: str
    """Inline Markdown: emphasis, links, hard breaks (``\\`` + newline)."""
    text: str
    """The plain text, line breaks kept as newlines."""
    level: int = 0
    """List nesting (0 outside lists and for top-level items), or the heading level."""
    start: int = 1
    """The number of a numbered item."""
    continued: bool = False
    """A further paragraph of the list item before it."""
    style: str = ""
    """What the source called it: a Word style name, an HTML class, 'title', 'subtitle'."""
    indent: int = 0
    """A Word paragraph's left indent (twips): how deep a phone menu's option sits."""

    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.split("\n") if line.strip()]


@dataclass
class Table:
    """A table as its rows of cells; merged cells appear once."""

    rows: list[list[list[Chunk]]]
    caption: str = ""
    where: str = ""
    """Where it was found, for the report ('table 3')."""

    def texts(self, row: int) -> list[str]:
        """The plain text of each cell of ``row``."""
        return [cell_text(cell) for cell in self.rows[row]]


Block = Chunk | Table


@dataclass
class Document:
    """A file read: its blocks in reading order, and what the reader noticed."""

    blocks: list[Block] = field(default_factory=list)
    language: str | None = None
    """The language the file declares (HTML ``lang``), if any."""
    notes: list[str] = field(default_factory=list)
    """What the reader skipped on purpose (scripts, page headers), for the report."""


def cell_text(cell: list[Chunk]) -> str:
    """A cell's plain text on one line."""
    return squeeze(" ".join(chunk.text for chunk in cell)).strip()


def wrap(markdown: str, indent: int = 0) -> str:
    """A paragraph's Markdown in lines of :data:`WIDTH`, unless a line would change its meaning."""
    if "\n" in markdown or len(markdown) + indent <= WIDTH:
        return markdown
    lines = textwrap.wrap(markdown, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if any(_LINE_START.match(line) for line in lines[1:]):
        return markdown
    return "\n".join(lines)


def _marker(chunk: Chunk) -> str:
    return "-" if chunk.kind == "bullet" else f"{chunk.start}."


def _item(chunk: Chunk, indent: int) -> tuple[str, int]:
    """The lines of one list item and the indent of its content."""
    marker = _marker(chunk)
    pad = " " * indent
    inner = indent + len(marker) + 1
    body = wrap(guard_line_start(chunk.markdown), inner).replace("\n", "\n" + " " * inner)
    return f"{pad}{marker} {body}", inner


def to_markdown(chunks: list[Chunk]) -> str:
    """The Markdown of a field: paragraphs apart, items of one list together."""
    out: list[str] = []
    indents: list[int] = []  # content indent of the open item at each level
    previous: Chunk | None = None
    for chunk in chunks:
        if not chunk.markdown.strip():
            continue
        if chunk.kind in ("bullet", "number"):
            del indents[chunk.level :]
            indent = indents[-1] if indents else 0
            line, inner = _item(chunk, indent)
            same_list = (
                previous is not None
                and previous.kind in ("bullet", "number")
                and (previous.kind == chunk.kind or previous.level != chunk.level)
            )
            out.append(line if same_list and out else ("\n" + line if out else line))
            indents.append(inner)
        elif chunk.continued and indents:
            pad = " " * indents[-1]
            text = wrap(guard_line_start(chunk.markdown), len(pad))
            out.append("\n" + pad + text.replace("\n", "\n" + pad))
        else:
            indents.clear()
            text = wrap(guard_line_start(chunk.markdown))
            out.append("\n" + text if out else text)
        previous = chunk
    return "\n".join(out).strip("\n")
