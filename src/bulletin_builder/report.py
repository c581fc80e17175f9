"""Diagnostics for people and machines: compiler-style text, GitHub annotations, JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bulletin_builder.errors import Diagnostic, Severity

FORMATS = ("text", "github", "json")
SHOWN = 200
"""Characters of a source line shown under a diagnostic; a longer line is cut around the caret."""
LONGEST = 300
"""Characters of a message (or field name) shown; the rest is cut with '…'."""


def clip(text: str | None, limit: int = LONGEST) -> str | None:
    """``text`` cut to ``limit`` characters with '…', so no report echoes a huge value."""
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def window(line: str, column: int) -> tuple[str, int]:
    """At most :data:`SHOWN` characters of ``line`` around ``column`` ('…' where cut), and
    the caret's column in what is shown."""
    if len(line) <= SHOWN:
        return line, column
    start = max(0, min(column - 1 - SHOWN // 2, len(line) - SHOWN))
    prefix = "…" if start else ""
    suffix = "…" if start + SHOWN < len(line) else ""
    return prefix + line[start : start + SHOWN] + suffix, column - start + len(prefix)


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _style(text: str, color: bool, **styles: object) -> str:
    if not color:
        return text
    import click  # noqa: PLC0415 - colour only when printing to a terminal

    return click.style(text, **styles)  # type: ignore[arg-type]


def format_text(
    d: Diagnostic, lines: Sequence[str], *, color: bool = False, strict: bool = False
) -> str:
    """``path:line:col: error BB101: message``, the source line with a caret, and the hint."""
    loc = d.location
    severity = "error" if strict or d.severity is Severity.ERROR else "warning"
    tint = "red" if severity == "error" else "yellow"
    head = (
        f"{_relative(loc.path)}:{loc.line}:{loc.column}: "
        f"{_style(severity, color, fg=tint, bold=True)} {d.code}: {clip(d.message)}"
    )
    out = [head]
    if 0 < loc.line <= len(lines) and lines[loc.line - 1].strip():
        gutter = str(loc.line).rjust(5)
        shown, column = window(lines[loc.line - 1], loc.column)
        out.append(f"{gutter} | {shown}")
        out.append(f"{' ' * 5} | {' ' * (column - 1)}{_style('^', color, fg=tint)}")
    if d.hint:
        out.append(f"  hint: {d.hint}")
    return "\n".join(out)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def format_github(d: Diagnostic, strict: bool = False) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line."""
    level = "error" if strict or d.severity is Severity.ERROR else "warning"
    loc = d.location
    props = (
        f"file={_escape(_relative(loc.path), prop=True)},line={loc.line},col={loc.column},"
        f"title={_escape(d.code, prop=True)}"
    )
    message = f"{clip(d.message)}" + (f"\nhint: {d.hint}" if d.hint else "")
    return f"::{level} {props}::{_escape(message)}"


def _severity(d: Diagnostic, strict: bool) -> str:
    """The severity a run reports: under ``--strict`` every warning fails, so it is an error."""
    return Severity.ERROR.value if strict else d.severity.value


def as_dict(d: Diagnostic, *, strict: bool = False) -> dict[str, Any]:
    """One diagnostic as the JSON object tools read (``validate`` and ``diff`` alike)."""
    return {
        "code": d.code,
        "severity": _severity(d, strict),
        "message": clip(d.message),
        "path": _relative(d.location.path),
        "line": d.location.line,
        "column": d.location.column,
        "field": clip(d.field),
        "hint": d.hint,
    }


def as_json(diagnostics: Sequence[Diagnostic], files: int, *, strict: bool = False) -> str:
    """Every diagnostic as a JSON object, with a summary, for tools."""
    items = [as_dict(d, strict=strict) for d in diagnostics]
    report = {"files": files, "diagnostics": items, "summary": counts(diagnostics, strict=strict)}
    return json.dumps(report, indent=2, ensure_ascii=False)


def counts(diagnostics: Sequence[Diagnostic], *, strict: bool = False) -> dict[str, int]:
    """How many errors and warnings (under ``strict``, warnings count as errors)."""
    errors = sum(_severity(d, strict) == Severity.ERROR.value for d in diagnostics)
    return {"errors": errors, "warnings": len(diagnostics) - errors}


def summary(diagnostics: Sequence[Diagnostic], files: int, *, strict: bool = False) -> str:
    """One line closing a text report."""
    n = counts(diagnostics, strict=strict)
    if not diagnostics:
        return f"{files} file(s) checked: no problems"
    return f"{files} file(s) checked: {n['errors']} error(s), {n['warnings']} warning(s)"
