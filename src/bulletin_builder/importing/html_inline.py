"""Inline HTML → Markdown: emphasis, links, line breaks; other inline tags as their text."""

from __future__ import annotations

from lxml import etree

from bulletin_builder.importing.blocks import HARD_BREAK, escape
from bulletin_builder.importing.inline import Piece, join_pieces, link, strong_or_em


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
        return Piece(f"`{inner.text}`", inner.text) if "`" not in inner.text else inner
    if tag == "a" and element.get("href"):
        return link(inner, element.get("href", ""))
    return inner
