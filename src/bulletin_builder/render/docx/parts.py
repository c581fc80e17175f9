"""Low-level Word helpers for :mod:`bulletin_builder.render.docx.renderer`.

Document-wide settings (language tags, the running header, the "Page X of Y" footer with its
``PAGE`` / ``NUMPAGES`` fields), table properties (fixed grid, ``w:tblHeader``,
``w:cantSplit``, caption) and the deterministic re-zipping of the saved file. Nothing here
knows about bulletins: callers pass the translated strings in.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TEXT_WIDTH = 9360
"""Twips between the margins of the reference document's Letter page."""


def fixed_zip(data: bytes, day: dt.date) -> bytes:
    """``data`` re-zipped with every entry stamped ``day`` at midnight, same order, deflated."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.create_system, entry.external_attr = 0, 0
            target.writestr(entry, source.read(info.filename), zipfile.ZIP_DEFLATED, 6)
    return out.getvalue()


def clear_body(document: Document) -> None:
    """Remove every block of the body, keeping its section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_language(document: Document, tag: str) -> None:
    """The default proofing language of the styles and the theme fonts, e.g. ``en-CA``."""
    lang = document.styles.element.find(
        qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:lang")
    )
    if lang is not None:
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def running_header(document: Document, series: str, left: str, right: str) -> None:
    """The series in bold, then a line with ``left`` and ``right`` at the right margin."""
    header = document.sections[0].header
    first = header.paragraphs[0]
    first.style = document.styles["Header"]
    first.add_run(series).bold = True
    line = header.add_paragraph(style="Header")
    line.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(left)
    line.add_run("\t" + right)


def page_footer(document: Document, page: str, of: str) -> None:
    """'Page X of Y' with live ``PAGE`` and ``NUMPAGES`` fields, in the given words."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run(page + " ")
    field(paragraph, "PAGE")
    paragraph.add_run(" " + of + " ")
    field(paragraph, "NUMPAGES")


def field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES) with "1" as its cached result."""
    parts: list[tuple[str, str]] = [
        ("begin", ""),
        ("instr", f" {instruction} \\* MERGEFORMAT "),
        ("separate", ""),
        ("text", "1"),
        ("end", ""),
    ]
    for kind, value in parts:
        run = paragraph.add_run()
        if kind == "text":
            run.text = value
        elif kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = value
            run._r.append(instr)
        else:
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def table_layout(table: Table, widths: tuple[int, ...], caption: str, *, header: bool) -> None:
    """Fixed column widths, the full text width, which conditional styles apply, a caption."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths)))
    for column, twips in zip(table.columns, widths, strict=True):
        column.width = Twips(twips)
    look = tbl_pr.find(qn("w:tblLook"))
    look.set(qn("w:firstRow"), "1" if header else "0")
    look.set(qn("w:firstColumn"), "0" if header else "1")
    look.set(qn("w:val"), "0420" if header else "0480")
    tbl_pr.append(OxmlElement("w:tblCaption", {qn("w:val"): caption}))


def add_row(table: Table) -> list[_Cell]:
    """A new row that may not split across pages, its cells sized like the grid."""
    row = table.add_row()  # type: ignore[no-untyped-call]  # unannotated in python-docx 1.2
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    for cell, column in zip(row.cells, table.columns, strict=True):
        cell.width = column.width
    return list(row.cells)


def repeat_header(table: Table) -> None:
    """Mark the first row as the header row Word repeats on every page."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def cell_text(cell: _Cell, text: str, style: str = "Table Text") -> None:
    """Put ``text`` in the cell's first paragraph, in ``style``."""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text)


def drop_first_paragraph(cell: _Cell) -> None:
    """Remove the empty paragraph a new cell starts with, once others follow it."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        cell._tc.remove(paragraphs[0]._p)
