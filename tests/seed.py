"""The seed bulletin as the faithfulness tests read it: its text and its sentences."""

from __future__ import annotations

import re

from conftest import SEED_TEXT

NBSP = "\u00a0"


def seed_text() -> str:
    """The seed's text, from the copy in ``tests/data/``."""
    return SEED_TEXT.read_text(encoding="utf-8")


def normalize(text: str) -> str:
    """Whitespace (non-breaking spaces too) collapsed, case folded."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip().casefold()


def seed_sentences() -> list[str]:
    """Every sentence, list item and cell of the seed's problem tables and contact block."""
    text = seed_text()
    tables = text[text.index("Description\t") :]
    chunks = re.split(r"<[^>]+>|\t|\n|•", tables)
    sentences = [s for c in chunks for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“])", c)]
    return [normalize(s) for s in sentences if s.strip()]
