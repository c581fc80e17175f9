"""The service-window table: one table per window, a label and a value per row.

As the renderers write it (``templates/blocks/_windows.html.j2``, ``render/docx/blocks.py``):
*Start*, *End* (or *Duration*), *Clients affected*, *Description*, *Action required*; the
system is the table's caption (HTML) or the heading just above it (Word). Start and end are
read back to the source form (``2025-11-08 06:00 ET``); *Unknown: …* is ``end: unknown``;
*Action required: None* is no action.
"""

from __future__ import annotations

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing.blocks import Table, cell_text, to_markdown
from bulletin_builder.importing.draft import TODO, Draft
from bulletin_builder.importing.family_draft import WindowDraft, WindowsDraft
from bulletin_builder.importing.labels import language_of
from bulletin_builder.importing.moments import moment
from bulletin_builder.importing.shapes import Match, _languages, _leave_rows
from bulletin_builder.model.blocks import UNKNOWN

ROWS = (
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
        found = [self._row(t[0]) for t in map(table.texts, range(len(table.rows))) if t]
        known = dict(f for f in found if f is not None)
        if "start" in known and len(known) >= 3:
            return Match(self, 0, _languages(list(known.values())))
        return None

    def apply(self, table: Table, match: Match, draft: Draft, heading: str) -> None:
        window = WindowDraft(" ".join(heading.split()) or TODO)
        for index, cells in enumerate(table.rows):
            texts = table.texts(index)
            known = self._row(texts[0]) if texts else None
            value = cells[1] if len(cells) > 1 else []
            if known is None or known[0] in window.values or not cell_text(value):
                _leave_rows(table, [index], draft, "a row outside a window's fields")
                continue
            name, text = known[0], cell_text(value)
            if name in ("start", "end"):
                window.read[name] = text
                found = UNKNOWN if name == "end" and F.unknown_end(text) else moment(text)
                window.values[name] = found or text
            elif name == "action" and F.is_label("None", text):
                continue
            elif name in MARKDOWN:
                window.values[name] = to_markdown(value)
            else:
                window.values[name] = text
        block = draft.items[-1] if draft.items else None
        if not isinstance(block, WindowsDraft):
            block = WindowsDraft(None, origin=table.where)
            draft.items.append(block)
        block.windows.append(window)
