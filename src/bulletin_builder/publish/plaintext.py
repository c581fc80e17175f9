"""Markdown as plain text: wrapped paragraphs, lists with hanging indents, links spelled out.

The plain-text part of the e-mail edition and the summaries of the feeds are written from
the same Markdown the pages render, parsed by the same rendering parser (unsafe links are
already dropped, French typography already applied).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from bulletin_builder import markdown

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

WIDTH = 72
"""Columns of the plain-text e-mail (RFC 3676 suggests no more than 78)."""


def wrap(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns; a word longer than that (a URL) is kept."""
    lines: list[str] = []
    for part in text.split("\n"):
        lines += textwrap.wrap(
            part,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [indent.rstrip()]
    return lines


def _link_target(href: str) -> str:
    return href.removeprefix("mailto:").removeprefix("tel:")


def _inline(node: SyntaxTreeNode) -> str:
    """The text of an inline node: links as 'text <address>' unless the text is the address."""
    out: list[str] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "link":
            text, href = _inline(child), str(child.attrs.get("href", ""))
            shown = _link_target(href)
            out.append(text if shown in text else f"{text} <{shown}>")
        else:  # em, strong, image (its alt text): the words only
            out.append(_inline(child))
    return "".join(out)


def _items(node: SyntaxTreeNode, width: int) -> list[str]:
    start = int(str(node.attrs.get("start", 1)))
    lines: list[str] = []
    for number, item in enumerate(node.children, start):
        marker = f"{number}. " if node.type == "ordered_list" else "- "
        tight = any(child.hidden for child in item.children if child.type == "paragraph")
        body = _blocks(item.children, width - len(marker), tight) or [""]
        pad = " " * len(marker)
        lines += [marker + body[0], *[pad + line if line else "" for line in body[1:]]]
    return lines


def _block(node: SyntaxTreeNode, width: int) -> list[str]:
    if node.type in ("paragraph", "heading"):
        return wrap(_inline(node.children[0]), width)
    if node.type in ("bullet_list", "ordered_list"):
        return _items(node, width)
    if node.type == "blockquote":
        return ["> " + line if line else ">" for line in _blocks(node.children, width - 2)]
    if node.type in ("fence", "code_block"):
        return ["    " + line for line in node.content.rstrip("\n").split("\n")]
    if node.type == "hr":
        return ["-" * min(width, 20)]
    return wrap(node.content, width) if node.content else _blocks(node.children, width)


def _blocks(nodes: list[SyntaxTreeNode], width: int, tight: bool = False) -> list[str]:
    """Blocks separated by one blank line (none inside a tight list item)."""
    lines: list[str] = []
    for node in nodes:
        block = _block(node, width)
        if block:
            lines += ([""] if lines and not tight else []) + block
    return lines


def to_text(text: str, language: str, width: int = WIDTH) -> list[str]:
    """Markdown ``text`` as lines of plain text at most ``width`` columns wide."""
    from markdown_it.tree import SyntaxTreeNode  # noqa: PLC0415 - with the parser, on demand

    return _blocks(SyntaxTreeNode(markdown.tokens(text, language)).children, width)


def one_line(text: str, language: str, limit: int = 120) -> str:
    """Markdown ``text`` as one line of plain words, cut at a word before ``limit`` characters."""
    words = " ".join(" ".join(to_text(text, language, 10_000)).split())
    return words if len(words) <= limit else textwrap.shorten(words, limit, placeholder=" …")
