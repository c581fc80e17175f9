"""What ``bulletin new`` writes: the next free number of any series, and each kind's skeleton.

The next number follows the series' pattern: for ``{date}`` the date, then ``-2``, ``-3``…
when taken; for ``{serial}`` one more than the highest serial of the series (in the same
year when the pattern has ``{yy}`` or ``{yyyy}``), written with the pattern's digits. A
kind's skeleton has one placeholder block of each type the kind requires (``bulletins.toml``),
so a new kind needs no code here.
"""

from __future__ import annotations

from bulletin_builder.model.blocks import Block, NumberedItem, Problem, Section, Window, WindowTable
from bulletin_builder.model.project import Project
from bulletin_builder.source.family import DEFAULT_KIND

PLACEHOLDER = "TODO"


def _taken(project: Project, key: str) -> list[dict[str, str]]:
    """The parts of every number of series ``key`` in the folder (any language)."""
    found = []
    for file in project.bulletins:
        if file.record is None:
            continue
        parts = project.config.number_parts(file.record.message_number, file.record.language, key)
        if parts is not None and parts[0] == key:
            found.append(parts[1])
    return found


def next_parts(project: Project, key: str, day: str) -> dict[str, str]:
    """The parts of the next free number of series ``key`` for a bulletin dated ``day``."""
    pattern = project.config.patterns[key][project.config.reference_language]
    taken = _taken(project, key)
    parts = {"date": day, "yyyy": day[:4], "yy": day[2:4]}
    if "date" in pattern.fields:
        used = {(p["date"], p.get("n", "1")) for p in taken}
        n = 1
        while (day, str(n)) in used:
            n += 1
        return {**parts, **({"n": str(n)} if n > 1 else {})}
    same_year = [
        p
        for p in taken
        if not ({"yy", "yyyy"} & pattern.fields) or p.get("yy", p.get("yyyy", "")[2:]) == day[2:4]
    ]
    serial = max((int(p["serial"]) for p in same_year), default=0) + 1
    return {**parts, "serial": str(serial).zfill(pattern.width)}


def number_in(project: Project, key: str, parts: dict[str, str], language: str) -> str:
    """The number these parts make in ``language``."""
    return project.config.patterns[key][language].format(parts)


def placeholder_problem() -> Problem:
    return Problem(
        id="todo-problem-id",
        description=f"{PLACEHOLDER}: what clients see.",
        workaround=f"{PLACEHOLDER}: the information or work-around.",
        fix_date="TBD",
    )


def _block(kind_type: str, day: str, contact: str) -> Block:
    if kind_type == "problems":
        return Block(problems=Section(heading=PLACEHOLDER, problems=[placeholder_problem()]))
    if kind_type == "problem":
        return Block(problem=placeholder_problem())
    if kind_type == "windows":
        window = Window(
            system=f"{PLACEHOLDER}: the system",
            start=f"{day} 00:00 ET",
            end=f"{day} 01:00 ET",
            clients_affected=f"{PLACEHOLDER}: who is affected",
            description=f"{PLACEHOLDER}: what happens.",
        )
        return Block(windows=WindowTable(windows=[window]))
    if kind_type == "numbered":
        return Block(numbered=[NumberedItem(text=f"{PLACEHOLDER}: the first paragraph.")])
    if kind_type == "contact":
        return Block(contact=contact)
    return Block(text=f"{PLACEHOLDER}: the text.")


def skeleton(project: Project, kind: str, day: str, contact: str) -> dict[str, object]:
    """The body fields of a new bulletin of ``kind``: sections (the seed's shape) or blocks."""
    requires = project.config.kinds[kind].requires
    if kind == DEFAULT_KIND and requires == ("problems",):
        return {
            "sections": [Section(heading=PLACEHOLDER, problems=[placeholder_problem()])],
            "contact": contact,
        }
    blocks = [_block(name, day, contact) for name in requires] or [_block("text", day, contact)]
    fields: dict[str, object] = {"kind": kind, "blocks": blocks}
    if "contact" not in requires and contact != PLACEHOLDER:
        fields["contact"] = contact
    return fields
