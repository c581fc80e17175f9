"""Diagnostics and the small exception hierarchy every stage reports through.

A :class:`Diagnostic` is one problem a writer must fix: where it is (file, line, column),
which field, a stable code (``BB101``), a severity, the message and a hint. Stages collect
diagnostics and never stop at the first one; the caller decides when to abort.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(enum.StrEnum):
    """How bad a diagnostic is; ``--strict`` turns warnings into failures."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A position in a source file: 1-based line and column, as editors count them."""

    path: Path
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the sources, with everything needed to fix it."""

    code: str
    message: str
    location: Location
    severity: Severity = Severity.ERROR
    field: str | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (str(loc.path), loc.line, loc.column, self.code)


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics gathered across the pipeline."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: list[Diagnostic] | Diagnostics) -> None:
        self.items.extend(
            diagnostics.items if isinstance(diagnostics, Diagnostics) else diagnostics
        )

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)

    def errors(self, *, strict: bool = False) -> list[Diagnostic]:
        """The diagnostics that fail a run (warnings too under ``strict``)."""
        return [d for d in self.items if strict or d.severity is Severity.ERROR]

    def __len__(self) -> int:
        return len(self.items)


class BulletinError(Exception):
    """Base of every error the tool raises on purpose."""


class UsageError(BulletinError):
    """The command was called wrongly (bad path, bad option): exit code 2."""


class ContentError(BulletinError):
    """The sources are invalid; carries every diagnostic found: exit code 1."""

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        *,
        strict: bool = False,
        sources: dict[Path, list[str]] | None = None,
    ) -> None:
        self.diagnostics = diagnostics
        self.strict = strict
        """Whether warnings count as errors (``--strict``)."""
        self.sources = sources or {}
        """Path → the lines read, to show under each diagnostic (never read again)."""
        super().__init__(f"{len(diagnostics)} problem(s) in the bulletins")
