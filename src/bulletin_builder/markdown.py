"""CommonMark parsing shared by validation and every renderer, and French typography.

Two parsers: the *inspecting* parser keeps raw HTML and every link so validation can name
what is wrong; the *rendering* parser escapes raw HTML and refuses unsafe link schemes, a
second layer behind validation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

NBSP = "\u00a0"
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t\u00a0\u202f]+([:;?!])(?!\w)")
_GLUED_PUNCT = re.compile(r"(?<=[^\W\d_])([;?!])(?=\s|$)|(?<=[^\W\d_])(:)(?=\s|$)")
_OPEN_GUILLEMET = re.compile(r"«[ \t\u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"[ \t\u00a0\u202f]*»")


@cache
def inspecting_parser() -> MarkdownIt:
    """CommonMark with raw HTML kept as tokens and every link kept, for validation."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - most texts never need a full parse

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # validation reports unsafe links itself
    return md


@cache
def rendering_parser() -> MarkdownIt:
    """CommonMark with raw HTML shown as text and unsafe link schemes dropped."""
    from markdown_it import MarkdownIt  # noqa: PLC0415

    return MarkdownIt("commonmark", {"html": False})


def french_typography(text: str) -> str:
    """Non-breaking spaces before ``: ; ? !`` and inside « guillemets », as French requires."""
    text = _SPACE_BEFORE_PUNCT.sub(NBSP + r"\1", text)
    text = _GLUED_PUNCT.sub(lambda m: NBSP + (m.group(1) or m.group(2)), text)
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    return _CLOSE_GUILLEMET.sub(NBSP + "»", text)


def _typeset(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type == "text":
            token.content = french_typography(token.content)
        if token.children:
            _typeset(token.children)


def tokens(text: str, language: str) -> list[Token]:
    """Parse ``text`` for rendering; French text gets its typography applied to text runs only."""
    parsed = rendering_parser().parse(text)
    if language == "fr":
        _typeset(parsed)
    return parsed


def to_html(text: str, language: str) -> str:
    """Render ``text`` to HTML with the rendering parser (and French typography)."""
    md = rendering_parser()
    html: str = md.renderer.render(tokens(text, language), md.options, {})
    return html
