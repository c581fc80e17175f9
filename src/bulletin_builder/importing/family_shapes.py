"""The service-window table: one table per window, a label and a value per row.

As the renderers write it (``templates/blocks/_windows.html.j2``, ``render/docx/blocks.py``):
*Start*, *End* (or *Duration*), *Clients affected*, *Description*, *Action required*; the
system is the table's caption (HTML) or the heading just above it (Word). Start and end are
read back to the source form (``2025-11-08 06:00 ET``); *Unknown: …* is ``end: unknown``;
*Action required: None* is no action.
"""

from __future__ import annotations

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing.blocks import Chunk, Table, cell_text, to_markdown
from bulletin_builder.importing.draft import TODO, Draft
from bulletin_builder.importing.family_draft import WindowDraft, WindowsDraft
from bulletin_builder.importing.labels import language_of
from bulletin_builder.importing.moments import moment
from bulletin_builder.importing.shapes import Match, _languages, _leave_rows, _single
from bulletin_builder.model.blocks import UNKNOWN

ROWS = (
    ("system", F.SYSTEM),
    ("start", F.START),
    ("end", F.END),
    ("duration", F.DURATION),
    ("clients_affected", F.CLIENTS),
    ("description", F.DESCRIPTION),
    ("action", F.ACTION),
)
MARKDOWN = ("clients_affected", "description", "action")


class WindowShape:
    """Start | End or Duration | Clients affected | Description | Action required, as rows."""

    name = "service-window table"

    def _row(self, label: str) -> tuple[str, set[str]] | None:
        for name, names in ROWS:
            if langs := language_of(names, label):
                return name, langs
        return None

    def match(self, table: Table) -> Match | None:
        for row in range(len(table.rows)):  # the agency's layout: labels over rows of windows
            found = [f for f in map(self._row, table.texts(row)) if f is not None]
            names = {name for name, _ in found}
            if {"system", "start"} <= names and len(names) >= 3:
                return Match(self, row, _languages([langs for _, langs in found]))
        column = [self._row(t[0]) for t in map(table.texts, range(len(table.rows))) if t]
        known = dict(f for f in column if f is not None)
        if "start" in known and len(known) >= 3:  # the renderers' layout: a label per row
            return Match(self, -1, _languages(list(known.values())))
        return None

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None:
        block = draft.items[-1] if draft.items else None
        if not isinstance(block, WindowsDraft):
            block = WindowsDraft(None, origin=table.where)
            draft.items.append(block)
        if match.start < 0:
            block.windows.append(self._window(table, draft, heading))
            return
        for row in range(match.start):  # a heading row above the labels
            if (text := _single(table.texts(row))) and block.heading is None:
                block.heading = text
            else:
                _leave_rows(table, [row], draft, "a row above the labels")
        labels = [self._row(label) for label in table.texts(match.start)]
        for cells in table.rows[match.start + 1 :]:
            window = WindowDraft(TODO)
            for found, cell in zip(labels, cells, strict=False):
                if found is not None and cell_text(cell):
                    self._value(window, found[0], cell)
            block.windows.append(window)

    def _window(self, table: Table, draft: Draft, heading: str) -> WindowDraft:
        window = WindowDraft(" ".join(heading.split()) or TODO)
        for index, cells in enumerate(table.rows):
            texts = table.texts(index)
            known = self._row(texts[0]) if texts else None
            value = cells[1] if len(cells) > 1 else []
            if known is None or known[0] in window.values or not cell_text(value):
                _leave_rows(table, [index], draft, "a row outside a window's fields")
                continue
            self._value(window, known[0], value)
        return window

    def _value(self, window: WindowDraft, name: str, cell: list[Chunk]) -> None:
        text = cell_text(cell)
        if name == "system":
            window.system = text
        elif name in ("start", "end"):
            window.read[name] = text
            found = UNKNOWN if name == "end" and F.unknown_end(text) else moment(text)
            window.values[name] = found or text
        elif name == "action" and F.is_label("None", text):
            return
        elif name in MARKDOWN:
            window.values[name] = to_markdown(cell)
        else:
            window.values[name] = text
