"""CommonMark parsing shared by validation and every renderer, and French typography.

Two parsers: the *inspecting* parser keeps raw HTML and every link so validation can name
what is wrong; the *rendering* parser escapes raw HTML and refuses unsafe link schemes, a
second layer behind validation.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bulletin_builder import typography

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


SAFE_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
"""The only link schemes a bulletin may use."""
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
"""Characters a browser strips from a URL before reading it (controls and spaces)."""
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
LONG_TOKEN = re.compile(r"(?<![\w/:.@-])[!#$%&*]?\w[\w-]*(?:\.[\w-]+)+(?![\w/:@-]|\.\w)")
"""A dotted identifier (``!errors.carm.invalid.client.id.message``); set as code when long."""
LONG_TOKEN_LENGTH = 25
"""From this many characters, a dotted identifier in plain text is set as code."""


def link_scheme(url: str) -> str | None:
    """The scheme a browser would see: entities, percent-escapes, tabs and case undone."""
    cleaned = IGNORED_IN_URL.sub("", unquote(url)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def safe_link(url: str) -> bool:
    """True for a link whose scheme is https, http, mailto or tel. A relative link is not: a
    published bulletin has nowhere relative to link to (the PDF would point into the build
    machine's folders)."""
    return link_scheme(url) in SAFE_SCHEMES


def local_image(src: str) -> bool:
    """True for an image path relative to its folder: no scheme, not absolute, no '..'."""
    path = IGNORED_IN_URL.sub("", unquote(src)).replace("\\", "/")
    return (
        bool(path)
        and link_scheme(src) is None
        and not path.startswith("/")
        and ".." not in path.split("/")
    )


def bare_address(text: str) -> bool:
    """True when linkify may find an address in ``text`` (``https://``, ``www.``, ``mailto:``)."""
    lowered = text.lower()
    return "//" in lowered or "mailto:" in lowered or "www." in lowered


def may_hold_markup(text: str) -> bool:
    """False when ``text`` provably parses as plain text: no '[' or '<' (links, images, HTML)
    and no bare address."""
    return "[" in text or "<" in text or bare_address(text)


def _linkify(md: MarkdownIt) -> MarkdownIt:
    """Bare ``https://`` (and ``www.``) addresses become links; bare domains stay text."""
    md.options["linkify"] = True
    md.enable("linkify")
    linkify = md.linkify
    assert linkify is not None  # linkify-it-py is a dependency
    linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    return md


@cache
def inspecting_parser() -> MarkdownIt:
    """CommonMark with raw HTML kept as tokens and every link kept, for validation."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - most texts never need a full parse

    md = _linkify(MarkdownIt("commonmark", {"html": True}))
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # validation reports unsafe links itself
    return md


@cache
def rendering_parser() -> MarkdownIt:
    """CommonMark with raw HTML shown as text and every link but https/http/mailto/tel dropped."""
    from markdown_it import MarkdownIt  # noqa: PLC0415

    md = _linkify(MarkdownIt("commonmark", {"html": False}))
    md.validateLink = safe_link  # type: ignore[method-assign]  # stricter than markdown-it's own
    return md


def french_typography(text: str) -> str:
    """The spacing of *Le guide du rédacteur* (see :mod:`bulletin_builder.typography`)."""
    return typography.french(text)


def typeset(text: str, language: str) -> str:
    """A plain string (title, heading, label) as readers see it: French typography in French."""
    return french_typography(text) if language == "fr" else text


def _typeset(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type == "text":
            token.content = french_typography(token.content)
        if token.children:
            _typeset(token.children)


def _neutralize_images(tokens: list[Token]) -> None:
    """An image that is not a local relative file becomes its alt text (nothing is fetched)."""
    for token in tokens:
        if token.type == "image" and not local_image(str(token.attrGet("src") or "")):
            token.type, token.tag, token.attrs, token.children = "text", "", {}, None
        if token.children:
            _neutralize_images(token.children)


def _split_long(token: Token) -> list[Token]:
    """A text run with its long dotted identifiers cut out as ``code_inline`` tokens."""
    pieces, start = [], 0
    for match in LONG_TOKEN.finditer(token.content):
        if len(match.group()) < LONG_TOKEN_LENGTH:
            continue
        if match.start() > start:
            pieces.append(_text_like(token, "text", token.content[start : match.start()]))
        pieces.append(_text_like(token, "code_inline", match.group()))
        start = match.end()
    if not pieces:
        return [token]
    if start < len(token.content):
        pieces.append(_text_like(token, "text", token.content[start:]))
    return pieces


def _text_like(token: Token, kind: str, content: str) -> Token:
    from markdown_it.token import Token  # noqa: PLC0415

    return Token(
        kind, "code" if kind == "code_inline" else "", 0, content=content, level=token.level
    )


def _code_long_tokens(tokens: list[Token]) -> None:
    """Long identifiers written as plain text become code spans, outside links only."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children, in_link = [], 0
        for child in token.children:
            in_link += (child.type == "link_open") - (child.type == "link_close")
            children.extend(_split_long(child) if child.type == "text" and not in_link else [child])
        token.children = children


def _https_links_only(tokens: list[Token]) -> None:
    """A bare address becomes a link only if it is https; any other stays the text it was."""
    for token in tokens:
        if token.children:
            _https_links_only(token.children)
        if token.markup != "linkify" or token.type not in ("link_open", "link_close"):
            continue
        href = str(token.attrGet("href") or "") if token.type == "link_open" else ""
        if token.type == "link_open" and href.startswith("https://"):
            continue
        if token.type == "link_close" and getattr(token, "meta", {}).get("https"):
            continue
        token.type, token.tag, token.attrs, token.nesting = "text", "", {}, 0


def _pair_linkify(tokens: list[Token]) -> None:
    """Mark the closing token of every https bare link, so both ends are kept together."""
    for token in tokens:
        if token.children:
            opened = False
            for child in token.children:
                if child.type == "link_open" and child.markup == "linkify":
                    opened = str(child.attrGet("href") or "").startswith("https://")
                elif child.type == "link_close" and child.markup == "linkify":
                    child.meta = {**child.meta, "https": opened}


def tokens(text: str, language: str) -> list[Token]:
    """Parse ``text`` for rendering; French text gets its typography applied to text runs only;
    long dotted identifiers in text runs become code spans (see :data:`LONG_TOKEN`)."""
    parsed = rendering_parser().parse(text)
    _pair_linkify(parsed)
    _https_links_only(parsed)
    _neutralize_images(parsed)
    if language == "fr":
        _typeset(parsed)
    _code_long_tokens(parsed)
    return parsed
