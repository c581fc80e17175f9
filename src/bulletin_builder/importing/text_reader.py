"""Plain text copied out of a bulletin (like the seed): tab-separated rows, HTML in cells.

Consecutive lines holding a tab are the rows of one table. A cell holding HTML tags is read
as an HTML fragment; other text stays text. ``**bold**`` markers that a copy left around the
title lines split those lines where a run of bold text ends.
"""

from __future__ import annotations

import re

from bulletin_builder.importing.blocks import Block, Chunk, Document, Table, escape, squeeze
from bulletin_builder.importing.html_reader import read_fragment

TAG = re.compile(r"</?[a-zA-Z][^>]*>")
BOLD_RUNS = re.compile(r"\*\*(.+?)\*\*")
BULLETS = re.compile(r"^\s*[•·▪◦\-*]\s+")


def _cell(text: str) -> list[Chunk]:
    if TAG.search(text):
        return read_fragment(text)
    text = squeeze(text).strip()
    return [Chunk("p", escape(text), text)] if text else []


def _line(line: str) -> list[Chunk]:
    """A line outside tables: one paragraph, a list item, or the bold runs of a title line."""
    runs = BOLD_RUNS.findall(line)
    if runs and not BOLD_RUNS.sub("", line).strip():
        return [
            Chunk("p", escape(squeeze(r).strip()), squeeze(r).strip(), style="bold") for r in runs
        ]
    if BULLETS.match(line):
        text = squeeze(BULLETS.sub("", line)).strip()
        return [Chunk("bullet", escape(text), text)]
    return _cell(line)


def read_text(data: str) -> Document:
    """The blocks of a text export."""
    document = Document()
    rows: list[list[list[Chunk]]] = []
    blocks: list[Block] = document.blocks

    def close_table() -> None:
        if rows:
            blocks.append(Table(list(rows)))
            rows.clear()

    for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\t" in line:
            rows.append([_cell(cell) for cell in line.split("\t")])
            continue
        close_table()
        if line.strip():
            blocks.extend(_line(line))
    close_table()
    return document
