"""The layout of the plain-text e-mail: headings underlined, labels with their values, indents.

Every block of the plain-text part is made of these few shapes, so a subscriber reads the same
layout throughout: a heading underlined to its length, 'Label: value' on one line when the
value fits, else the label on its line and the value indented under it.
"""

from __future__ import annotations

from bulletin_builder.markdown import typeset
from bulletin_builder.publish.plaintext import WIDTH, to_text, wrap
from bulletin_builder.render.locale import catalog

INDENT = "    "
"""One step of indentation: values under their label, options under their number."""


def label(text: str, language: str) -> str:
    """The catalog's label ``text`` in ``language``, with its colon (typeset: 'Date :')."""
    return typeset(catalog(language).gettext(text) + ":", language)


def heading(text: str, rule: str = "=") -> list[str]:
    """A heading underlined to its length (at most the line width)."""
    lines = wrap(text)
    return [*lines, rule * min(max(len(line) for line in lines), WIDTH)]


def indented(lines: list[str], indent: str = INDENT) -> list[str]:
    """``lines`` moved right by ``indent`` (blank lines stay empty)."""
    return [indent + line if line else "" for line in lines]


def markdown_under(text: str, language: str, indent: str = INDENT) -> list[str]:
    """Markdown ``text`` wrapped to fit under ``indent``."""
    return indented(to_text(text, language, WIDTH - len(indent)), indent)


def labelled(name: str, value: str, indent: str = "") -> list[str]:
    """'Name: value' wrapped at the line width, its next lines one step further in."""
    first, *rest = wrap(f"{name} {value}", WIDTH - len(indent) - len(INDENT))
    return [indent + first, *indented(rest, indent + INDENT)]


def labelled_markdown(name: str, text: str, language: str, indent: str = "") -> list[str]:
    """'Name: value' when the Markdown is one short line, else the name and the text under it."""
    lines = to_text(text, language, WIDTH - len(indent) - len(INDENT))
    if len(lines) == 1 and len(f"{indent}{name} {lines[0]}") <= WIDTH:
        return [f"{indent}{name} {lines[0]}"]
    return [indent + name, *indented(lines, indent + INDENT)]


def bullet(text: str, width: int = WIDTH, marker: str = "- ") -> list[str]:
    """``text`` as a list item: the marker, then the lines hanging under its first word."""
    body = wrap(text, width - len(marker)) or [""]
    return [marker + body[0], *indented(body[1:], " " * len(marker))]
