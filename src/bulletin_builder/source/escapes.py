"""Where each escape sequence of a double-quoted YAML value is written, and what it stands for.

``"a\\u2028b\\Lc"`` holds two line separators written as escapes; the reader reports each one
at its own line and column, as it reports the characters typed in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ESCAPE = re.compile(r'\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|"', re.S)
_SIMPLE = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
"""YAML's one-letter escapes (the others, such as ``\\"`` or ``\\\\``, stand for themselves)."""


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(before) + 1 for before in lines[: line - 1]) + column - 1


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def escapes(text: str, line: int, column: int) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of every escape in the double-quoted value that starts with
    its opening quote at ``line``:``column`` of ``text``."""
    start = _offset(text, line, column)
    if text[start : start + 1] != '"':
        return
    for match in _ESCAPE.finditer(text, start + 1):
        if match.group() == '"':
            return
        code = match.group(1) or match.group(2) or match.group(3)
        char = chr(int(code, 16)) if code else _SIMPLE.get(match.group(4), match.group(4))
        if len(char) == 1:
            yield (*_position(text, match.start()), char)
