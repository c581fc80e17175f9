"""A Word document (.docx, python-docx) → blocks, walking the body's XML in reading order.

Paragraphs keep bold, italics, hyperlinks (relationships and HYPERLINK fields) and line
breaks; list paragraphs (numbering or a List style) become list items, bullet or numbered
as the numbering definition says; content controls are read through; deleted revisions
are not. Page headers and footers are named in the report, not read into the bulletin.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx
from docx.oxml.ns import qn
from lxml import etree

from bulletin_builder.importing.blocks import (
    Block,
    Chunk,
    Document,
    Kind,
    Table,
)
from bulletin_builder.importing.docx_runs import INLINE_WRAPPERS, RunReader, all_bold
from bulletin_builder.importing.inline import join_pieces

W_P, W_TBL, TEXT_BOX = qn("w:p"), qn("w:tbl"), qn("w:txbxContent")
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


@dataclass
class DocxReader:
    document: docx.document.Document
    styles: dict[str, str] = field(default_factory=dict)
    formats: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for style in self.document.styles.element.findall(qn("w:style")):
            name = style.find(qn("w:name"))
            self.styles[style.get(qn("w:styleId"), "")] = (
                name.get(qn("w:val"), "") if name is not None else ""
            )
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None or (definition := abstract.get(ref.get(qn("w:val")))) is None:
                continue
            for lvl in definition.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                value = fmt.get(qn("w:val"), "bullet") if fmt is not None else "bullet"
                self.formats[(num.get(qn("w:numId"), ""), lvl.get(qn("w:ilvl"), "0"))] = value

    def blocks(self, container: etree._Element, in_cell: bool = False) -> list[Block]:
        out: list[Block] = []
        counters: dict[tuple[str, int], int] = {}
        for element in self._children(container):
            if element.tag == W_P:
                chunk = self.paragraph(element, counters)
                if chunk is not None:
                    out.append(chunk)
                for box in _text_boxes(element):  # their text follows the paragraph
                    out.extend(b for b in self.blocks(box, in_cell=True) if isinstance(b, Chunk))
            elif element.tag == W_TBL:
                table = self.table(element)
                if in_cell:
                    out.extend(c for row in table.rows for cell in row for c in cell)
                else:
                    out.append(table)
        return out

    def _children(self, container: etree._Element) -> list[etree._Element]:
        found = []
        for child in container:
            if child.tag in (W_P, W_TBL):
                found.append(child)
            elif child.tag in INLINE_WRAPPERS:
                found.extend(self._children(child))
        return found

    def table(self, element: etree._Element) -> Table:
        rows = []
        for tr in element.findall(qn("w:tr")):
            cells: list[list[Chunk]] = []
            for tc in tr.iter(qn("w:tc")):
                if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                    continue  # a cell of a nested table
                merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                if merge is not None and merge.get(qn("w:val")) != "restart":
                    cells.append([])  # the continuation of a cell merged from above
                    continue
                cells.append([b for b in self.blocks(tc, in_cell=True) if isinstance(b, Chunk)])
            rows.append(cells)
        return Table(rows)

    def paragraph(self, p: etree._Element, counters: dict[tuple[str, int], int]) -> Chunk | None:
        props = p.find(qn("w:pPr"))
        style_id = (
            props.find(qn("w:pStyle")).get(qn("w:val"), "")
            if props is not None and props.find(qn("w:pStyle")) is not None
            else ""
        )
        style = self.styles.get(style_id, style_id)
        piece = join_pieces(RunReader(self.document.part, self.styles).pieces(p))
        if not piece.text.strip():
            return None
        kind, level, number = self._kind(props, style, counters)
        chunk = Chunk(
            kind, piece.markdown, piece.text, level=level, start=number, style=style.lower()
        )
        indent = props.find(qn("w:ind")) if props is not None else None
        if indent is not None and (indent.get(qn("w:left")) or "").isdigit():
            chunk.indent = int(indent.get(qn("w:left")))
        if kind == "p" and style.lower().startswith("list continue"):
            chunk.continued = True
        if kind == "p" and chunk.style in ("", "normal", "table text") and all_bold(p):
            chunk.style = "bold"
        return chunk

    def _kind(
        self, props: etree._Element | None, style: str, counters: dict[tuple[str, int], int]
    ) -> tuple[Kind, int, int]:
        lowered = style.lower()
        if lowered.startswith("heading"):
            digits = re.findall(r"\d", lowered)
            return "heading", int(digits[0]) if digits else 1, 1
        if lowered == "title":
            return "heading", 1, 1
        num = props.find(qn("w:numPr")) if props is not None else None
        if num is not None and num.find(qn("w:numId")) is not None:
            num_id = num.find(qn("w:numId")).get(qn("w:val"), "0")
            ilvl = num.find(qn("w:ilvl"))
            level = int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
            if num_id != "0":
                fmt = self.formats.get(
                    (num_id, str(level)), "bullet" if "bullet" in lowered else "decimal"
                )
                return self._item(
                    "bullet" if fmt in ("bullet", "none") else "number", num_id, level, counters
                )
        if lowered.startswith("list bullet"):
            return self._item("bullet", lowered, 0, counters)
        if lowered.startswith("list number"):
            return self._item("number", lowered, 0, counters)
        counters.clear()
        return "p", 0, 1

    @staticmethod
    def _item(
        kind: Kind, list_id: str, level: int, counters: dict[tuple[str, int], int]
    ) -> tuple[Kind, int, int]:
        for deeper in [k for k in counters if k[0] == list_id and k[1] > level]:
            del counters[deeper]
        counters[(list_id, level)] = counters.get((list_id, level), 0) + 1
        return kind, level, counters[(list_id, level)]


def header_footer_text(document: docx.document.Document) -> list[str]:
    texts: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if part.is_linked_to_previous:
                continue
            text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            if text and text not in texts:
                texts.append(text)
    return texts


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in a paragraph (once: not the fallback copy Word adds)."""
    return [
        box
        for box in paragraph.iter(TEXT_BOX)
        if not any(a.tag == MC_FALLBACK for a in box.iterancestors())
    ]


def footnotes_text(document: docx.document.Document) -> str:
    """The text of the document's footnotes and endnotes, if it has any."""
    texts = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        root = etree.fromstring(rel.target_part.blob, SAFE_XML)
        texts += [t.text or "" for t in root.iter(qn("w:t"))]
    return " ".join(" ".join(texts).split())


def read_docx(data: bytes) -> Document:
    document = docx.Document(io.BytesIO(data))
    reader = DocxReader(document)
    out = Document(blocks=reader.blocks(document.element.body))
    for text in header_footer_text(document):
        out.notes.append(f"page header or footer not read into the bulletin: {text[:80]!r}")
    if notes := footnotes_text(document):
        out.notes.append(f"footnotes or endnotes not read into the bulletin: {notes[:80]!r}")
    return out
