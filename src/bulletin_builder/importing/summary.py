"""The report of ``bulletin import``: per input file, what became which field, what was left.

Nothing is dropped silently: every leftover is named here and sits in the body of the file
under a TODO marker, which validation reports (BB316) until a writer has looked at it.
"""

from __future__ import annotations

from pathlib import Path

from bulletin_builder import report
from bulletin_builder.importing.run import ImportRun
from bulletin_builder.languages import language_name

SHOWN = 100


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def _file(run: ImportRun, source: Path) -> list[str]:
    lines = [f"{source}:"]
    for note in run.notes.get(source, []):
        lines.append(f"  note: {note}")
    for item in (i for i in run.imported if i.source == source):
        lines.append(f"  → {item.path} ({language_name(item.bulletin.language)})")
        for name, value, origin in item.placed:
            lines.append(f"    {name}: {_short(value)}  [{origin}]")
        for path in item.contacts:
            lines.append(f"    new contact block: {path}")
        for note in item.notes:
            lines.append(f"    check: {note}")
        if item.leftovers:
            lines.append(f"    left over ({len(item.leftovers)}), in the body under TODO:")
            for left in item.leftovers:
                lines.append(f"      - {left.why}:")
                lines.extend(f"          {line}" for line in left.markdown.split("\n") if line)
        else:
            lines.append("    left over: nothing")
    return lines


def as_text(run: ImportRun) -> str:
    """The whole report: each input, then the validation of what was written."""
    out: list[str] = []
    for source in dict.fromkeys(i.source for i in run.imported):
        out.extend(_file(run, source))
    out.append("")
    for diagnostic in run.diagnostics:
        out.append(report.format_text(diagnostic, run.lines.get(diagnostic.location.path, [])))
    out.append(report.summary(run.diagnostics, len(run.written)))
    return "\n".join(out)
