"""``bulletin import``: read every file, map it, decide every output, then write and validate.

Every input is read and mapped before anything is written; an unreadable input, or an
output that already exists, stops the run with nothing written. Files are created with
``O_EXCL`` (never over an existing file); if one cannot be created, the ones this run
created are removed again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.errors import BulletinError, Diagnostic, UsageError
from bulletin_builder.importing.contacts import contact_source
from bulletin_builder.importing.family_mapping import map_document
from bulletin_builder.importing.finish import finish
from bulletin_builder.importing.load import ImportFileError, read_document
from bulletin_builder.importing.placing import Context, Imported
from bulletin_builder.model.project import load_project
from bulletin_builder.review.emit import bulletin_source
from bulletin_builder.validate.runner import validate


class ImportErrors(BulletinError):
    """Files that could not be imported; nothing was written."""

    def __init__(self, errors: list[ImportFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors) + "\nnothing was written")


@dataclass
class ImportRun:
    """What one ``bulletin import`` did: the files per input and their diagnostics."""

    imported: list[Imported] = field(default_factory=list)
    notes: dict[Path, list[str]] = field(default_factory=dict)
    """Input → what its reader skipped on purpose."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[Path, list[str]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def _not_a_bulletin(notes: list[str]) -> str:
    reason = (
        "does not look like a bulletin: no header table (Message number / Target audience) "
        "and no known-problems table (Description / Information – Work around / Fix date)"
    )
    if any("<script>" in note for note in notes):
        reason += (
            "; its scripts were not run (a page that builds its content with scripts cannot be "
            "imported: import the bulletin's Word file, or the page saved once it has loaded)"
        )
    return reason


def plan(
    paths: Sequence[Path], folder: Path, language: str | None, kind: str | None = None
) -> tuple[ImportRun, dict[Path, str]]:
    """Everything this import would write (path → text), and the report's material."""
    if not folder.is_dir():
        raise UsageError(f"--out {folder}: no such folder (import into a bulletins folder)")
    ctx = Context(load_project(folder), kind=kind)
    known = sorted(ctx.project.config.kinds)
    if kind is not None and kind not in known:
        raise UsageError(
            f"--kind {kind}: unknown; the kinds of {folder / 'bulletins.toml'} are "
            + ", ".join(known)
        )
    run = ImportRun()
    errors: list[ImportFileError] = []
    for path in paths:
        try:
            document = read_document(path)
            drafts = map_document(document, language)
            if not drafts:
                raise ImportFileError(path, _not_a_bulletin(document.notes))
        except ImportFileError as exc:
            errors.append(exc)
            continue
        run.notes[path] = document.notes
        run.imported.extend(finish(draft, path, folder, ctx) for draft in drafts)
    if errors:
        raise ImportErrors(errors)
    files: dict[Path, str] = {}
    for item in run.imported:
        files[item.path] = bulletin_source(item.bulletin)
        for contact_path, contact in item.contacts.items():
            files[contact_path] = contact_source(contact)
    twice = sorted(
        {str(i.path) for i in run.imported if [j.path for j in run.imported].count(i.path) > 1}
    )
    if twice:
        raise UsageError(
            f"two bulletins of the input would both be {', '.join(twice)} (the same message "
            "number and language; check --lang); nothing was written"
        )
    existing = sorted(str(p) for p in files if p.exists())
    if existing:
        raise UsageError(
            f"refusing to overwrite {', '.join(existing)}; nothing was written "
            "(move it away or import into another folder)"
        )
    return run, files


def _create(files: dict[Path, str]) -> list[Path]:
    created: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            created.append(path)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return created


def import_files(
    paths: Sequence[Path],
    folder: Path,
    *,
    language: str | None = None,
    kind: str | None = None,
) -> ImportRun:
    """Import ``paths`` into the bulletins folder ``folder``; validate what was written.

    ``kind``: the kind to write (one of the folder's ``bulletins.toml``); by default, the kind
    whose required blocks the bulletin has."""
    run, files = plan(paths, folder, language, kind)
    run.written = _create(files)
    result = validate([folder])
    mine = {p.resolve() for p in run.written}
    run.diagnostics = [d for d in result.diagnostics.sorted() if d.location.path.resolve() in mine]
    run.lines = result.sources
    return run
