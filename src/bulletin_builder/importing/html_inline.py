"""Inline HTML → Markdown: emphasis, links, line breaks; other inline tags as their text."""

from __future__ import annotations

from lxml import etree

from bulletin_builder.importing.blocks import HARD_BREAK, escape
from bulletin_builder.importing.inline import Piece, join_pieces, link, strong_or_em
from bulletin_builder.markdown import LONG_TOKEN, LONG_TOKEN_LENGTH


def inline_children(element: etree._Element) -> Piece:
    pieces = [Piece(escape(element.text), element.text)] if element.text else []
    for child in element:
        pieces.append(inline(child))
        if child.tail:
            pieces.append(Piece(escape(child.tail), child.tail))
    return join_pieces(pieces, strip=False)


def inline(element: etree._Element) -> Piece:
    """One inline element as Markdown: emphasis, links, line breaks; other tags as their text."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("br", "img"):
        alt = element.get("alt", "")
        return Piece(HARD_BREAK, "\n") if tag == "br" else Piece(escape(alt), alt)
    inner = inline_children(element)
    if tag in ("strong", "b"):
        return strong_or_em(inner, "**")
    if tag in ("em", "i"):
        return strong_or_em(inner, "*")
    if tag == "code":
        return _code(inner)
    if tag == "a" and element.get("href"):
        return link(inner, element.get("href", ""))
    return inner


def _code(inner: Piece) -> Piece:
    """A code span; a long dotted identifier stays plain text, as a writer types it (the
    renderers set it as code themselves)."""
    text = inner.text
    if len(text) >= LONG_TOKEN_LENGTH and LONG_TOKEN.fullmatch(text):
        return inner
    return Piece(f"`{text}`", text) if "`" not in text else inner
