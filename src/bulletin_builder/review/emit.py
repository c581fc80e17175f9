"""Write a bulletin back as Markdown with YAML front matter, in the style writers use.

Short values are written plain when YAML would read them back unchanged, otherwise in
double quotes; multi-line or long texts as ``|`` blocks. The reader
(:mod:`bulletin_builder.source.yamltree`) reads every value back exactly as it was.
"""

from __future__ import annotations

import json
import re

from bulletin_builder.model.records import Bulletin, Problem, Section

PLAIN = re.compile(r"^[\w(À-ÿ][^\n]*$")
BLOCK_AFTER = 72
"""Texts longer than this (or with a line break) are written as '|' blocks."""


def scalar(value: str) -> str:
    """A one-line value: plain if it reads back unchanged, else double-quoted."""
    risky = ": " in value or " #" in value or value.endswith((":", " ")) or '"' in value
    if PLAIN.match(value) and not risky:
        return value
    return json.dumps(value, ensure_ascii=False)


def text(value: str, indent: int) -> str:
    """The part after 'key:' for a text: ' value' or ' |' and the indented lines."""
    if "\n" not in value and len(value) <= BLOCK_AFTER:
        return " " + scalar(value)
    pad = " " * indent
    lines = [f"{pad}{line}" if line.strip() else "" for line in value.strip("\n").split("\n")]
    return " |\n" + "\n".join(lines)


def _problem(problem: Problem) -> list[str]:
    return [
        f"      - id: {scalar(problem.id)}",
        f"        description:{text(problem.description, 10)}",
        f"        workaround:{text(problem.workaround, 10)}",
        f"        fix_date: {scalar(problem.fix_date)}",
        "",
    ]


def _section(section: Section) -> list[str]:
    lines = [f"  - heading:{text(section.heading, 6)}", "    problems:"]
    for problem in section.problems:
        lines += _problem(problem)
    return lines


def bulletin_source(bulletin: Bulletin) -> str:
    """The whole source file of ``bulletin``: front matter, then the body if it has one."""
    lines = ["---"]
    for name in (
        "message_number",
        "language",
        "series",
        "title",
        "audience",
        "date",
        "contact",
        "supersedes",
    ):
        value = getattr(bulletin, name)
        if value is not None:
            lines.append(f"{name}: {scalar(value)}")
    lines.append("sections:")
    for section in bulletin.sections:
        lines += _section(section)
    while lines[-1] == "":
        lines.pop()
    lines.append("---")
    if bulletin.body:
        lines += ["", bulletin.body.strip("\n")]
    return "\n".join(lines) + "\n"
