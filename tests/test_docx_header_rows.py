"""Which rows of the Word tables repeat at the top of a page: the label rows, and only them.

The contact table has no label row. A body row ("Hours of service") must never be repeated
as a header when the table breaks across pages, in Word (``w:tblHeader`` on the row or in the
table style) or in LibreOffice (which reads the table style's ``w:tblHeader`` even where
``w:tblLook`` turns the first row off).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table

from bulletin_builder.model.edition import Edition
from bulletin_builder.render import get_renderer
from validators import libreoffice_convert

HEADER_ROWS = re.compile(r"<table:table-header-rows>(.*?)</table:table-header-rows>", re.DOTALL)
TABLE = re.compile(r"<table:table [^>]*>.*?</table:table>", re.DOTALL)


def _write(edition: Edition, folder: Path) -> Path:
    path = folder / f"{edition.slug}.{edition.language}.docx"
    path.write_bytes(get_renderer("docx").render(edition))
    return path


def _tables(path: Path) -> list[Table]:
    return list(docx.Document(str(path)).tables)


def _style_marks_header(path: Path) -> bool:
    """True when a table style of the document itself makes a row a repeated header."""
    styles = docx.Document(str(path)).styles.element
    return any(
        cond.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        for cond in styles.iter(qn("w:tblStylePr"))
    )


def _marked_rows(table: Table) -> list[int]:
    return [
        index
        for index, row in enumerate(table.rows)
        if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_only_label_rows_are_header_rows(
    seed_editions: dict[str, Edition], tmp_path: Path, lang: str
) -> None:
    path = _write(seed_editions[lang], tmp_path)
    tables = _tables(path)
    assert not _style_marks_header(path), "the table style would mark body rows as headers"
    *labelled, contact = tables
    assert all(_marked_rows(table) == [0] for table in labelled)
    assert _marked_rows(contact) == []


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.validator
def test_libreoffice_repeats_no_contact_row(
    seed_editions: dict[str, Edition], tmp_path: Path, lang: str
) -> None:
    edition = seed_editions[lang]
    fodt = libreoffice_convert(_write(edition, tmp_path), tmp_path / "lo", "fodt", b"<?xml")
    tables = TABLE.findall(fodt.read_text(encoding="utf-8"))
    assert len(tables) == 2 + len(edition.bulletin.sections)
    *labelled, contact = tables
    assert all(HEADER_ROWS.search(table) for table in labelled)
    assert HEADER_ROWS.search(contact) is None, "LibreOffice repeats a contact row on each page"
