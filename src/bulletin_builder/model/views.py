"""What the renderers walk: a bulletin's blocks in reading order, numbered for display.

Tables and sections of one type are numbered 1, 2, … (their ids in HTML); numbered
paragraphs get their numbers here, continuing through subheadings and from one numbered
block to the next, so every output shows the same numbers (4, 5, 6 after a subheading).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bulletin_builder.model.blocks import Block, NumberedItem
from bulletin_builder.model.records import Bulletin


@dataclass(frozen=True)
class Run:
    """Consecutive numbered paragraphs (``texts`` from number ``start``), or a subheading."""

    start: int = 1
    texts: list[str] = field(default_factory=list)
    heading: str | None = None


@dataclass(frozen=True)
class BlockView:
    """A block, its rank among the blocks of its type, and its numbered runs (if numbered)."""

    block: Block
    number: int
    runs: list[Run] = field(default_factory=list)


def _runs(items: list[NumberedItem], first: int) -> tuple[list[Run], int]:
    runs: list[Run] = []
    number = first
    for item in items:
        if item.heading is not None:
            runs.append(Run(heading=item.heading))
        elif item.text is not None:
            if not runs or runs[-1].heading is not None:
                runs.append(Run(start=number))
            runs[-1].texts.append(item.text)
            number += 1
    return runs, number


def block_views(bulletin: Bulletin) -> list[BlockView]:
    """Every block of ``bulletin`` in reading order, ready to render."""
    seen: Counter[str] = Counter()
    views, paragraph = [], 1
    for block in bulletin.content():
        seen[block.type] += 1
        runs: list[Run] = []
        if block.numbered is not None:
            runs, paragraph = _runs(block.numbered, paragraph)
        views.append(BlockView(block, seen[block.type], runs))
    return views


STATUS_WORDS = {
    "updated": "UPDATED",
    "resolved": "RESOLVED",
    "corrected": "CORRECTION",
    "cancelled": "CANCELLED",
}
"""The word readers see in the header for each status (a label of the catalog)."""

EDITION_LINES = {
    "updated": "This message updates %(number)s.",
    "resolved": "This message resolves %(number)s.",
    "corrected": "This message corrects %(number)s.",
    "cancelled": "This message cancels %(number)s.",
}
"""The line under the header naming the original (a label of the catalog)."""
