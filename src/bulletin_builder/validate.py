"""Validation: read every source, type it, run the cross-file rules, gather all diagnostics.

This is the "read → validate" half of the pipeline; ``bulletin validate`` stops here and
``bulletin build`` carries on to render the :class:`Edition` objects it yields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.errors import ContentError, Diagnostic, Diagnostics
from bulletin_builder.project import Project, load_project, project_root
from bulletin_builder.render.edition import Edition
from bulletin_builder.rules import run_rules


@dataclass
class Validation:
    """The projects read and every diagnostic about the requested files."""

    projects: list[Project] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[Path, list[str]] = field(default_factory=dict)
    """Path → lines of each source read, for showing a diagnostic's line."""

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.diagnostics.errors(strict=strict))


def _wanted(paths: Sequence[Path]) -> dict[Path, set[Path] | None]:
    """Project root → the files asked for in it (None: the whole folder)."""
    roots: dict[Path, set[Path] | None] = {}
    for path in paths:
        root = project_root(path)
        if path.is_dir():
            roots[root] = None
        elif root not in roots:
            roots[root] = {path.resolve()}
        elif (files := roots[root]) is not None:
            files.add(path.resolve())
    return roots


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diagnostics:
        key = (d.code, d.location, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def validate(paths: Sequence[Path]) -> Validation:
    """Read and check everything under ``paths``; never raises for content problems."""
    result = Validation()
    for root, only in _wanted(paths).items():
        project = load_project(root)
        result.projects.append(project)
        found = [*project.diagnostics, *(d for s in project.sources() for d in s.diagnostics)]
        found.extend(run_rules(project))
        if only is not None:
            found = [d for d in found if d.location.path.resolve() in only]
        result.diagnostics.extend(_unique(found))
        result.sources.update({s.path: s.text.split("\n") for s in project.sources()})
    return result


def editions(project: Project) -> list[Edition]:
    """The renderable editions of a validated project, in file order."""
    contacts = {(c.stem, c.language): c.record for c in project.contacts if c.record}
    languages = project.config.languages
    out = []
    for file in project.bulletins:
        bulletin = file.record
        if bulletin is None:
            continue
        present = [
            lang
            for lang in languages
            if any(f.stem == file.stem and f.language == lang for f in project.bulletins)
        ]
        alternates = {lang: f"{file.stem}.{lang}.html" for lang in present if lang != file.language}
        contact = contacts[(bulletin.contact, bulletin.language)]
        assert contact is not None
        out.append(Edition(bulletin, contact, file.stem, tuple(present), alternates))
    return out


def load_editions(paths: Sequence[Path], *, strict: bool = False) -> list[Edition]:
    """Validate ``paths`` and return their editions; :class:`ContentError` if anything fails."""
    result = validate(paths)
    if result.failed(strict=strict):
        raise ContentError(result.diagnostics.sorted(), strict=strict)
    return [edition for project in result.projects for edition in editions(project)]
