"""Table-driven rule fixtures: each ``tests/fixtures/rules/<case>.txt`` edits a copy of the
seed bulletins, and ``<case>.expected`` holds the diagnostics ``bulletin validate`` must give.

A case file is a comment line saying what it shows, then blocks:

    @@ carm-2021-07-15.fr.md          edit a file: '-' lines are replaced by the '+' lines
    -        fix_date: 2021-07-31
    +        fix_date: 2021-07-30
    @@ new carm-2021-07-16.en.md      a new file whose lines follow, verbatim
    @@ bytes name.md                  a new file from a Python bytes literal on the next line
    @@ delete carm-2021-07-15.fr.md   remove a file
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Block:
    action: str
    name: str
    lines: list[str] = field(default_factory=list)


def parse_case(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in text.split("\n"):
        if line.startswith("@@ "):
            words = line[3:].split()
            blocks.append(Block(words[0], words[1]) if len(words) == 2 else Block("edit", words[0]))
        elif blocks:
            blocks[-1].lines.append(line)
    return blocks


def _edit(path: Path, lines: list[str]) -> None:
    old = "\n".join(line[1:] for line in lines if line.startswith("-"))
    new = "\n".join(line[1:] for line in lines if line.startswith("+"))
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture edit: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def apply_case(root: Path, text: str) -> None:
    """Apply a case's blocks to the bulletins folder at ``root``."""
    for block in parse_case(text):
        path = root / block.name
        if block.action == "delete":
            path.unlink()
        elif block.action == "new":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(block.lines).rstrip("\n") + "\n", encoding="utf-8")
        elif block.action == "bytes":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ast.literal_eval(block.lines[0]))
        else:
            _edit(path, block.lines)
