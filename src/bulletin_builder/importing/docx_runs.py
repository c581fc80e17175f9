"""The runs of one Word paragraph → inline Markdown: bold, italics, links, line breaks.

Links come from ``w:hyperlink`` relationships and from HYPERLINK fields (older files);
inserted revisions and content controls are read through, field codes are not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from lxml import etree

from bulletin_builder.importing.blocks import HARD_BREAK, escape
from bulletin_builder.importing.inline import Piece, join_pieces, link, strong_or_em

W_R, W_HYPERLINK = qn("w:r"), qn("w:hyperlink")
INLINE_WRAPPERS = {
    qn("w:sdt"),
    qn("w:sdtContent"),
    qn("w:ins"),
    qn("w:smartTag"),
    qn("w:customXml"),
    qn("w:fldSimple"),
}
FIELD_URL = re.compile(r'HYPERLINK\s+"([^"]+)"')
JOINERS = dict.fromkeys(map(ord, "\u2060\ufeff"))
"""Zero-width no-break characters (WORD JOINER, as our Word code runs carry it, and the old
ZWNBSP): layout only, and never allowed in a source, so dropped."""


def _on(props: etree._Element | None, tag: str) -> bool:
    if props is None or (element := props.find(qn(tag))) is None:
        return False
    return element.get(qn("w:val"), "true") not in ("0", "false", "none")


@dataclass
class _Runs:
    """Inline state of one paragraph: pieces so far and an open HYPERLINK field."""

    pieces: list[Piece] = field(default_factory=list)
    field_code: str = ""
    in_code: bool = False
    field_link: list[Piece] | None = None
    field_url: str = ""


@dataclass
class RunReader:
    """Reads the runs of paragraphs of one document."""

    part: DocumentPart
    styles: dict[str, str]
    """Style id → style name."""

    def pieces(self, paragraph: etree._Element) -> list[Piece]:
        state = _Runs()
        self._inline(paragraph, state, False, False)
        return state.pieces

    def _inline(self, element: etree._Element, state: _Runs, bold: bool, italic: bool) -> None:
        for child in element:
            tag = child.tag
            if tag == W_R:
                self._run(child, state, bold, italic)
            elif tag == W_HYPERLINK:
                inner = _Runs()
                self._inline(child, inner, bold, italic)
                rel = child.get(qn("r:id"))
                target = self.part.rels[rel].target_ref if rel and rel in self.part.rels else ""
                state.pieces.append(
                    link(join_pieces(inner.pieces, strip=False), target)
                    if target
                    else join_pieces(inner.pieces, strip=False)
                )
            elif tag in INLINE_WRAPPERS:
                self._inline(child, state, bold, italic)

    def _run(self, run: etree._Element, state: _Runs, bold: bool, italic: bool) -> None:
        props = run.find(qn("w:rPr"))
        style = props.find(qn("w:rStyle")) if props is not None else None
        style_name = (
            self.styles.get(style.get(qn("w:val"), ""), "").lower() if style is not None else ""
        )
        strong = bold or _on(props, "w:b") or style_name == "strong"
        emphasis = italic or _on(props, "w:i") or style_name == "emphasis"
        for part in run:
            self._run_part(part, state, strong, emphasis)

    @staticmethod
    def _field(part: etree._Element, state: _Runs) -> bool:
        """Follow a field (a HYPERLINK field becomes a link); True if ``part`` was field code."""
        if part.tag == qn("w:instrText"):
            state.field_code += part.text or ""
            return True
        if part.tag != qn("w:fldChar"):
            return state.in_code
        kind = part.get(qn("w:fldCharType"))
        if kind == "begin":
            state.in_code, state.field_code = True, ""
        elif kind == "separate":
            state.in_code = False
            if found := FIELD_URL.search(state.field_code):
                state.field_link, state.field_url = [], found.group(1)
        elif kind == "end":
            state.in_code = False
            if state.field_link is not None:
                state.pieces.append(
                    link(join_pieces(state.field_link, strip=False), state.field_url)
                )
                state.field_link = None
        return True

    def _run_part(self, part: etree._Element, state: _Runs, strong: bool, emphasis: bool) -> None:
        if self._field(part, state):
            return
        tag = part.tag
        target = state.field_link if state.field_link is not None else state.pieces
        if tag == qn("w:t"):
            text = (part.text or "").translate(JOINERS)
            piece = Piece(escape(text), text)
            if strong:
                piece = strong_or_em(piece, "**")
            if emphasis:
                piece = strong_or_em(piece, "*")
            target.append(piece)
        elif tag in (qn("w:br"), qn("w:cr")) and part.get(qn("w:type")) in (None, "textWrapping"):
            target.append(Piece(HARD_BREAK, "\n"))
        elif tag == qn("w:tab"):
            target.append(Piece(" ", " "))
        elif tag == qn("w:noBreakHyphen"):
            target.append(Piece("-", "-"))


def all_bold(p: etree._Element) -> bool:
    """Whether every run with text in the paragraph is bold (a heading typed by hand)."""
    runs = [r for r in p.iter(W_R) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    return bool(runs) and all(_on(r.find(qn("w:rPr")), "w:b") for r in runs)
