"""The seed bulletin as the faithfulness tests read it: its text and its sentences."""

from __future__ import annotations

import os
import re

import pytest

from conftest import SEED_TEXT

NBSP = "\u00a0"


def seed_or_skip() -> str:
    """The seed's text; a missing seed skips the test, or fails it in CI (``CI=true``)."""
    if SEED_TEXT.is_file():
        return SEED_TEXT.read_text(encoding="utf-8")
    reason = f"the seed bulletin {SEED_TEXT} is not here (set BULLETIN_SEED)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def normalize(text: str) -> str:
    """Whitespace (non-breaking spaces too) collapsed, case folded."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip().casefold()


def seed_sentences() -> list[str]:
    """Every sentence, list item and cell of the seed's problem tables and contact block."""
    text = seed_or_skip()
    tables = text[text.index("Description\t") :]
    chunks = re.split(r"<[^>]+>|\t|\n|•", tables)
    sentences = [s for c in chunks for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“])", c)]
    return [normalize(s) for s in sentences if s.strip()]
