"""Markdown (markdown-it tokens) to Word paragraphs, runs, lists and hyperlinks.

Used only by :mod:`~bulletin_builder.render.docx.renderer`. Paragraphs take the styles of the
reference document: lists get the "List Bullet" / "List Number" styles *and* an explicit ``w:numPr``
(each ordered list gets its own ``w:num`` so its numbering restarts); links become
``w:hyperlink`` elements pointing at external relationships.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.token import Token

from bulletin_builder.markdown import tokens
from bulletin_builder.render.furniture import joined_code

BULLET_NUM_ID = 1
"""The ``w:num`` of bullet lists in the reference document."""
NUMBER_ABSTRACT_ID = 1
"""The ``w:abstractNum`` of numbered lists in the reference document."""
CODE_SIZE = Pt(8.5)
"""Code in running text, also set directly: LibreOffice lets the document default override the
Verbatim Char style's size, and a long identifier must fit its table column."""
LIST_INDENT = 360
"""Twips of indentation per list level (matches the reference numbering)."""


class Flow(Protocol):
    """Where paragraphs go: the document body or a table cell."""

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph: ...


@dataclass
class _List:
    num_id: int
    fresh: bool = False  # the next paragraph is the first of a list item


@dataclass
class _Inline:
    """Formatting state while walking the inline children of one paragraph."""

    paragraph: Paragraph
    bold: int = 0
    italic: int = 0
    link: BaseOxmlElement | None = None


@dataclass
class MarkdownWriter:
    """Writes Markdown into a :class:`Flow` of the document owning ``part``."""

    part: DocumentPart
    language: str
    style: str = "Normal"
    """Paragraph style of plain paragraphs."""
    heading_level: int | None = 2
    """Word heading level of a Markdown ``#``; None writes headings as bold paragraphs."""
    _lists: list[_List] = field(default_factory=list)
    _quotes: int = 0

    def write(self, flow: Flow, text: str) -> list[Paragraph]:
        """Append ``text`` to ``flow``; returns the paragraphs written."""
        written: list[Paragraph] = []
        current: Paragraph | None = None
        for token in tokens(text, self.language):
            if token.type == "inline" and current is not None:
                self._inline(current, token.children or [])
            elif token.type in ("paragraph_open", "heading_open", "fence", "code_block", "hr"):
                current = self._block(flow, token)
                written.append(current)
            else:
                self._structure(token)
        return written

    def write_item(self, flow: Flow, text: str, num_id: int = BULLET_NUM_ID) -> list[Paragraph]:
        """Append ``text`` as one item of the list numbered by ``num_id``."""
        self._lists.append(_List(num_id, fresh=True))
        try:
            return self.write(flow, text)
        finally:
            self._lists.pop()

    def _block(self, flow: Flow, token: Token) -> Paragraph:
        if token.type == "heading_open":
            return self._heading(flow, int(token.tag[1:]))
        if token.type in ("fence", "code_block"):
            paragraph = flow.add_paragraph(style="Source Code")
            paragraph.add_run(token.content.rstrip("\n"))
            return paragraph
        if token.type == "hr":
            return _rule(flow.add_paragraph(style=self.style))
        return self._paragraph(flow)

    def _heading(self, flow: Flow, level: int) -> Paragraph:
        if self.heading_level is None:
            paragraph = flow.add_paragraph(style=self.style)
            paragraph.paragraph_format.keep_with_next = True
            return paragraph
        return flow.add_paragraph(style=f"Heading {min(self.heading_level + level - 1, 3)}")

    def _paragraph(self, flow: Flow) -> Paragraph:
        if not self._lists:
            return flow.add_paragraph(style="Quote" if self._quotes else self.style)
        current = self._lists[-1]
        level = len(self._lists) - 1
        if not current.fresh:
            paragraph = flow.add_paragraph(style="List Continue")
            paragraph.paragraph_format.left_indent = Twips(LIST_INDENT * (level + 1))
            return paragraph
        current.fresh = False
        style = "List Bullet" if current.num_id == BULLET_NUM_ID else "List Number"
        paragraph = flow.add_paragraph(style=style)
        _number(paragraph, current.num_id, level)
        return paragraph

    def _structure(self, token: Token) -> None:
        kind = token.type
        if kind == "bullet_list_open":
            self._lists.append(_List(BULLET_NUM_ID))
        elif kind == "ordered_list_open":
            self._lists.append(_List(self._ordered(int(token.attrGet("start") or 1))))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self._lists.pop()
        elif kind == "list_item_open":
            self._lists[-1].fresh = True
        elif kind == "blockquote_open":
            self._quotes += 1
        elif kind == "blockquote_close":
            self._quotes -= 1

    def _ordered(self, start: int) -> int:
        """A new ``w:num`` for one ordered list, so its numbering starts at ``start``."""
        numbering = self.part.numbering_part.element
        num = numbering.add_num(NUMBER_ABSTRACT_ID)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def _inline(self, paragraph: Paragraph, children: list[Token]) -> None:
        state = _Inline(paragraph)
        for child in children:
            self._child(state, child)

    def _child(self, state: _Inline, child: Token) -> None:
        kind = child.type
        if kind in ("text", "image"):
            self._run(state, child.content)
        elif kind == "softbreak":
            self._run(state, " ")
        elif kind == "hardbreak":
            self._run(state, "").add_break()
        elif kind == "code_inline":
            self._run(state, joined_code(child.content), "Verbatim Char").font.size = CODE_SIZE
        elif kind in ("strong_open", "strong_close"):
            state.bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            state.italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            state.link = self._hyperlink(state.paragraph, str(child.attrGet("href") or ""))
        elif kind == "link_close":
            state.link = None

    def _run(self, state: _Inline, text: str, style: str | None = None) -> Run:
        linked = state.link is not None
        run = state.paragraph.add_run(text, style or ("Hyperlink" if linked else None))
        run.bold = True if state.bold else None
        run.italic = True if state.italic else None
        if state.link is not None:
            state.link.append(run._r)
        return run

    def _hyperlink(self, paragraph: Paragraph, href: str) -> BaseOxmlElement:
        return hyperlink(self.part, paragraph, href)


def hyperlink(part: DocumentPart, paragraph: Paragraph, href: str) -> BaseOxmlElement:
    """An empty ``w:hyperlink`` appended to ``paragraph``; append runs to it."""
    element = OxmlElement("w:hyperlink")
    if href.startswith("#"):
        element.set(qn("w:anchor"), href[1:])
    else:
        element.set(qn("r:id"), part.relate_to(href, RT.HYPERLINK, is_external=True))
    element.set(qn("w:history"), "1")
    paragraph._p.append(element)
    return element


def add_link(part: DocumentPart, paragraph: Paragraph, text: str, href: str) -> None:
    """A working hyperlink showing ``text``."""
    element = hyperlink(part, paragraph, href)
    element.append(paragraph.add_run(text, "Hyperlink")._r)


def _number(paragraph: Paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _rule(paragraph: Paragraph) -> Paragraph:
    """A paragraph drawn as a horizontal rule (a bottom border)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement(
        "w:bottom",
        {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "auto"},
    )
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    return paragraph
