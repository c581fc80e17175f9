"""HTML (a saved web page, an e-mail's HTML part, a fragment in a text cell) → blocks.

Parsed with lxml's HTML parser; nothing is fetched and no script runs. Scripts, styles and
embedded objects are removed before reading, and so is the site's chrome: only ``<main>``
is read when the page has one, otherwise the body without its navigation, banner and footer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from bulletin_builder.importing.blocks import (
    Block,
    Chunk,
    Document,
    Kind,
    Table,
    escape,
    squeeze,
)
from bulletin_builder.importing.html_inline import inline, inline_children
from bulletin_builder.importing.inline import Piece, join_pieces, notices

IGNORED = (
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
    "svg", "math", "canvas", "button", "select", "input", "textarea",
)  # fmt: skip
CHROME = "//nav | //header | //footer | //aside | //*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary' or @role='search']"  # noqa: E501
PAGE_DETAILS = (
    ".//*[@id='wb-dtmd'] | .//*[contains(concat(' ', @class, ' '), ' pagedetails ')]"
    " | .//*[contains(concat(' ', @class, ' '), ' date-modified ')]"
)
"""Canada.ca's "Date modified" block (``wb-dtmd``, ``pagedetails``) and ours: page furniture."""
BLOCKS = {
    "p", "div", "ul", "ol", "li", "table", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
    "h6", "blockquote", "section", "article", "main", "header", "footer", "nav", "aside",
    "pre", "hr", "figure", "figcaption", "address", "center", "form", "fieldset", "caption",
    "tr", "td", "th", "thead", "tbody", "tfoot",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BULLET = "•"
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
WORD_BULLET = re.compile(r"^[·•o§▪\-]\s+")
WORD_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+")


def _parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, encoding=encoding
    )


def _encoding(data: bytes) -> str:
    """The page's declared charset, else UTF-8 if it decodes as such, else Windows-1252."""
    if declared := CHARSET.search(data[:4096]):
        return declared.group(1).decode("ascii").lower()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "windows-1252"
    return "utf-8"


def _strip(root: etree._Element, notes: list[str]) -> None:
    """Remove what is never read (scripts, styles, objects), naming it in ``notes``."""
    found: dict[str, int] = {}
    for element in list(root.iter(*IGNORED)):
        found[str(element.tag)] = found.get(str(element.tag), 0) + 1
        element.drop_tree()
    for tag, count in sorted(found.items()):
        if tag != "head":
            notes.append(f"ignored {count} <{tag}> element(s); nothing in them was run or read")
    for element in root.xpath("//*[@aria-hidden='true']"):
        element.drop_tree()  # shown to the eye only (e.g. a stacked cell's column label)


def read_html(data: bytes, encoding: str | None = None) -> Document:
    """A whole page: its main content as blocks (``encoding``: known, whatever it declares)."""
    document = Document()
    root = lxml.html.document_fromstring(data, parser=_parser(encoding or _encoding(data)))
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    document.language = lang.split("-")[0].lower() or None
    _strip(root, document.notes)
    mains = root.xpath("//main | //*[@role='main']")
    if mains:
        content = mains[0]
        document.notes.append("read the page's <main> only (menus, banner and footer skipped)")
    else:
        content = root.find("body") if root.find("body") is not None else root
        chrome = content.xpath(CHROME)
        for element in chrome:
            element.drop_tree()
        if chrome:
            document.notes.append(f"skipped {len(chrome)} menu, banner or footer element(s)")
    details = content.xpath(PAGE_DETAILS)
    for element in details:
        element.drop_tree()
    if details:
        document.notes.append("skipped the page details (date modified)")
    document.blocks = Walker().blocks(content)
    return document


def read_fragment(markup: str) -> list[Chunk]:
    """An HTML fragment (a table cell of a text export) as chunks."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=_parser())
    _strip(root, [])
    return [b for b in Walker(in_cell=True).blocks(root) if isinstance(b, Chunk)]


@dataclass
class Walker:
    """Walks block-level HTML, gathering inline content into paragraphs."""

    in_cell: bool = False
    out: list[Block] = field(default_factory=list)
    pending: list[Piece] = field(default_factory=list)

    def blocks(self, element: etree._Element) -> list[Block]:
        self._children(element)
        self._flush()
        return self.out

    def _children(self, element: etree._Element) -> None:
        if element.text:
            self.pending.append(Piece(escape(element.text), element.text))
        for child in element:
            self._node(child)
            if child.tail:
                self.pending.append(Piece(escape(child.tail), child.tail))

    def _flush(self, kind: Kind = "p", style: str = "", level: int = 0) -> None:
        piece = join_pieces(self.pending)
        self.pending = []
        if piece.text.strip():
            self.out.append(Chunk(kind, piece.markdown, piece.text, level=level, style=style))

    def _node(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in BLOCKS:
            self.pending.append(inline(element))
            return
        self._flush()
        if tag in HEADINGS:
            self.pending.append(inline_children(element))
            self._flush("heading", element.get("class", ""), int(tag[1]))
        elif tag in ("ul", "ol"):
            self.out.extend(list_chunks(element, 0))
        elif tag == "table":
            self._table(element)
        elif tag == "dl":
            self._definitions(element)
        elif tag == "hr":
            return
        elif tag == "p" and "msolist" in element.get("class", "").lower():
            self.out.append(word_list_item(element))
        elif tag == "p":
            self.pending.append(inline_children(element))
            self._flush(style=element.get("class") or "p")
        else:
            self._children(element)
            self._flush()

    def _cell(self, element: etree._Element) -> list[Chunk]:
        return [b for b in Walker(in_cell=True).blocks(element) if isinstance(b, Chunk)]

    def _table(self, element: etree._Element) -> None:
        rows = [[self._cell(cell) for cell in _cells(tr)] for tr in _rows(element)]
        caption = element.find("caption")
        title = squeeze(caption.text_content()).strip() if caption is not None else ""
        if self.in_cell:  # a table inside a cell: its rows as paragraphs
            for row in rows:
                for cell in row:
                    self.out.extend(cell)
            return
        self.out.append(Table([r for r in rows if r], caption=title))

    def _definitions(self, element: etree._Element) -> None:
        rows: list[list[list[Chunk]]] = []
        for child in element.iter("dt", "dd"):
            if child.tag == "dt":
                rows.append([self._cell(child), []])
            elif rows:
                rows[-1][1].extend(self._cell(child))
        if self.in_cell:
            for row in rows:
                self.out.extend(row[0] + row[1])
            return
        self.out.append(Table(rows))


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    return (cell for cell in row if cell.tag in ("td", "th"))


def word_list_item(element: etree._Element) -> Chunk:
    """A list paragraph of HTML saved by Word or Outlook: its marker typed as text."""
    piece = inline_children(element)
    text, markdown = piece.text.strip(), piece.markdown.strip()
    if number := WORD_NUMBER.match(text):
        body = (
            markdown[len(number.group(0)) :].lstrip()
            if markdown.startswith(number[1])
            else markdown
        )
        return Chunk("number", body, text[number.end() :], start=int(number[1]))
    if bullet := WORD_BULLET.match(text):
        cut = WORD_BULLET.match(markdown)
        return Chunk("bullet", markdown[cut.end() :] if cut else markdown, text[bullet.end() :])
    return Chunk("p", markdown, text)


def list_chunks(element: etree._Element, level: int) -> list[Chunk]:
    """The items of a ``ul`` or ``ol`` (nested lists one level deeper)."""
    kind: Kind = "number" if element.tag == "ol" else "bullet"
    number = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
    items = [child for child in element if child.tag == "li"]
    if not items:
        return _unmarked_list(element, kind, level)
    out: list[Chunk] = []
    for item in items:
        out.extend(_item(item, kind, level, number))
        number += 1
    return out


def _item(item: etree._Element, kind: Kind, level: int, number: int) -> list[Chunk]:
    out: list[Chunk] = []
    nested: list[Chunk] = []
    body = Walker(in_cell=True)
    for child in list(item):
        if child.tag in ("ul", "ol"):
            nested.extend(list_chunks(child, level + 1))
            tail = child.tail
            child.drop_tree()
            if tail and tail.strip():
                nested.append(Chunk("p", escape(squeeze(tail).strip()), tail, continued=True))
    paragraphs = [b for b in body.blocks(item) if isinstance(b, Chunk)]
    for index, chunk in enumerate(paragraphs or [Chunk("p", "", "")]):
        chunk.kind, chunk.level, chunk.start = (kind, level, number) if index == 0 else ("p", 0, 1)
        chunk.continued = index > 0
        out.append(chunk)
    return out + nested


def _unmarked_list(element: etree._Element, kind: Kind, level: int) -> list[Chunk]:
    """A list written without ``<li>`` (as text exports have it): items split at '•'."""
    out: list[Chunk] = []
    walker = Walker(in_cell=True)
    for block in walker.blocks(element):
        if not isinstance(block, Chunk):
            continue
        if block.kind != "p" or block.style == "p":
            out.append(block)
            continue
        parts = [p for p in block.text.split(BULLET) if p.strip()] if BULLET in block.text else []
        if not parts:
            out.append(Chunk(kind, block.markdown, block.text, level=level))
            notices.append(
                f"a list written without item markers was kept as one item: {block.text[:50]!r}…"
                " (split it where each item starts)"
            )
            continue
        for number, part in enumerate(parts, start=1):
            text = squeeze(part).strip()
            out.append(Chunk(kind, escape(text), text, level=level, start=number))
    return out
