"""Message numbers: their pattern and the file stem each one implies."""

from __future__ import annotations

import re

MESSAGE_NUMBER = re.compile(
    r"^(?P<prefix>[A-Z][A-Z0-9]*) (?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<n>[1-9]\d*))?$"
)


def slug_of(message_number: str) -> str:
    """The file stem a message number implies: 'CARM 2021-07-15-2' → 'carm-2021-07-15-2'."""
    return message_number.lower().replace(" ", "-")
