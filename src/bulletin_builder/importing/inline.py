"""Inline Markdown built piece by piece: text, emphasis, links and line breaks.

Shared by the HTML and Word readers, so both write emphasis and links the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin_builder.importing.blocks import HARD_BREAK, escape
from bulletin_builder.markdown import link_scheme

SAFE_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
_SPACE_RUN = re.compile(r"[ \t\r\n\u00a0\u202f\u2007]+")
_AROUND_BREAK = re.compile(r" *\\\n *")


@dataclass
class Piece:
    """A stretch of inline content: its Markdown and its plain text."""

    markdown: str
    text: str


notices: list[str] = []
"""What the readers noticed deep inside a cell (a refused link), for the report; per file."""


def join_pieces(pieces: list[Piece], *, strip: bool = True) -> Piece:
    """Pieces as one: white space squeezed (not line breaks), trimmed unless ``strip=False``."""
    markdown = _SPACE_RUN.sub(" ", "".join(p.markdown for p in pieces).replace(HARD_BREAK, "\0"))
    text = _SPACE_RUN.sub(" ", "".join(p.text for p in pieces).replace("\n", "\0"))
    markdown = _AROUND_BREAK.sub(HARD_BREAK, markdown.replace("\0", HARD_BREAK))
    text = re.sub(r" *\n *", "\n", text.replace("\0", "\n"))
    if strip:
        markdown, text = _trim_breaks(markdown.strip()), text.strip()
    return Piece(markdown, text)


def _trim_breaks(markdown: str) -> str:
    while markdown.endswith(HARD_BREAK) or markdown.endswith("\\"):
        markdown = markdown.removesuffix(HARD_BREAK).removesuffix("\\").rstrip()
    while markdown.startswith(HARD_BREAK):
        markdown = markdown.removeprefix(HARD_BREAK).lstrip()
    return markdown


def strong_or_em(inner: Piece, marker: str) -> Piece:
    """``inner`` wrapped in ``**`` or ``*``, spaces moved outside the markers."""
    core = inner.markdown.strip()
    if not core or HARD_BREAK in core:
        return inner
    lead = inner.markdown[: len(inner.markdown) - len(inner.markdown.lstrip())]
    trail = inner.markdown[len(inner.markdown.rstrip()) :]
    return Piece(f"{lead}{marker}{core}{marker}{trail}", inner.text)


def link(inner: Piece, href: str) -> Piece:
    """A Markdown link; an unsafe scheme (``javascript:``) keeps only the text."""
    href = href.strip()
    scheme = link_scheme(href)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        notices.append(
            f"link to {href[:60]!r} dropped (only https, http, mailto and tel links are kept); "
            "its text is kept"
        )
        return inner
    if href.startswith("#") or not href:
        return inner  # an anchor inside the original page means nothing in the bulletin
    if inner.text.strip() == href and " " not in href:
        return Piece(f"<{href}>", inner.text)
    target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
    label = inner.markdown.strip() or escape(href)
    return Piece(f"[{label}]({target})", inner.text)
