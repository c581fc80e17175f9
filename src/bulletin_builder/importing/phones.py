"""A contact block's telephone cell → numbers, each with its note and its phone menu.

The text after a number, and lines without a number, are its note; a line reading like the
renderer's *Option 2: CARM Client Portal (CCP)* (*Option 2 : …* in French) is an option of
the number's menu, and a more deeply nested or indented one is a sub-option of the option
above it. Text before the first number belongs to no number: the caller keeps it.
"""

from __future__ import annotations

import re

from bulletin_builder.importing import family_labels as F
from bulletin_builder.importing.blocks import Chunk
from bulletin_builder.importing.family_draft import PhoneDraft

PHONE = re.compile(r"(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}")
KEY = re.compile(r"^[0-9*#]{1,3}$")


def _option(text: str) -> tuple[str, str] | None:
    """'Option 2: CARM Client Portal (CCP)' → ('2', 'CARM Client Portal (CCP)')."""
    head, colon, label = text.partition(":")
    if not colon or not label.strip():
        return None
    press = F.filled(F.OPTION, head + ":", "key")
    return (press, label.strip()) if press and KEY.match(press) else None


def _note(phones: list[PhoneDraft], line: str) -> None:
    match = PHONE.search(line)
    if match is None:
        if phones:
            phones[-1].note = f"{phones[-1].note} {line}".strip()
        return
    rest = (line[: match.start()] + " " + line[match.end() :]).strip(" -–:")
    phones.append(PhoneDraft(match.group(0), " ".join(rest.split())))


def read_phones(cell: list[Chunk]) -> tuple[list[PhoneDraft], bool]:
    """The numbers of a telephone cell, and whether text came before the first of them."""
    phones: list[PhoneDraft] = []
    before = False
    top: int | None = None
    for chunk in cell:
        option = _option(" ".join(chunk.text.split())) if phones else None
        if option is None:
            for line in chunk.lines():
                before = before or (not phones and PHONE.search(line) is None)
                _note(phones, line)
            top = None
            continue
        depth = chunk.level if chunk.kind in ("bullet", "number") else chunk.indent
        top = depth if top is None else top
        menu = phones[-1].menu
        if depth > top and menu:
            menu[-1][2].append(option)
        else:
            menu.append((option[0], option[1], []))
    return phones, before
