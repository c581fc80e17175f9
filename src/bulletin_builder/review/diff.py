"""``bulletin diff``: what a change does to the bulletins, read through the model, not as text.

Both revisions are read by the same reader, model and rules as ``bulletin validate``.
Bulletins are matched by file stem, problems by their stable id; each change is found per
language and then merged, so a change made in one language only is called out. A bulletin
that is invalid at either revision is reported with its diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bulletin_builder.errors import Diagnostic, Severity, UsageError
from bulletin_builder.languages import language_name
from bulletin_builder.model.project import Project, SourceFile, load_snapshot
from bulletin_builder.review.compare import KINDS, Found, Side, compare_bulletins, compare_contacts
from bulletin_builder.source.gitsource import Revision, Snapshot, read_revision
from bulletin_builder.source.numbers import slug_of
from bulletin_builder.validate.runner import project_diagnostics

Status = Literal["added", "removed", "changed"]
PROBLEM_CHANGES = ("fix-date", "description", "workaround", "moved")


@dataclass
class Change:
    """One change to a bulletin or contact block, with what it looks like in each language."""

    kind: str
    """One of :data:`~bulletin_builder.review.compare.KINDS`: 'problem-added', 'fix-date', …"""
    subject: str
    """The problem id, header field, section or contact field the change is about."""
    sides: dict[str, Side] = field(default_factory=dict)
    """Language → before / after (and word diff) in that language."""
    detail: str = ""
    missing: tuple[str, ...] = ()
    """Languages compared where this change was not made (a translation not yet updated)."""

    def note(self) -> str | None:
        """'changed in EN only: French not yet updated', or None if every language has it."""
        if not self.missing or not self.sides:
            return None
        verb = {"problem-added": "added", "problem-removed": "removed"}.get(self.kind, "changed")
        done = "/".join(lang.upper() for lang in self.sides)
        pending = " and ".join(language_name(lang) for lang in self.missing)
        return f"{verb} in {done} only: {pending} not yet updated"


@dataclass(frozen=True)
class Finding:
    """A validation error of a file at one side of the diff ('base' or 'head')."""

    side: str
    diagnostic: Diagnostic
    line: str
    """The source line the diagnostic points at."""


@dataclass
class Entry:
    """What changed in one bulletin (by file stem) or one contact block (by id)."""

    kind: Literal["bulletin", "contact"]
    name: str
    title: str
    status: Status
    languages: tuple[str, ...]
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    untranslated: tuple[str, ...] = ()
    """Languages of the configuration with no file at head (for a bulletin still there)."""


@dataclass
class DiffResult:
    """Every entry that differs between two revisions."""

    base: Revision
    head: Revision
    entries: list[Entry] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.entries)

    def summary(self) -> dict[str, int]:
        """Counts for the summary line (and the JSON ``summary``)."""
        bulletins = [e for e in self.entries if e.kind == "bulletin"]
        changes = [c for e in self.entries if e.status == "changed" for c in e.changes]
        problem_changes = {
            (e.name, c.subject)
            for e in self.entries
            for c in e.changes
            if c.kind in PROBLEM_CHANGES
        }
        return {
            "bulletins_added": sum(e.status == "added" for e in bulletins),
            "bulletins_removed": sum(e.status == "removed" for e in bulletins),
            "bulletins_changed": sum(e.status == "changed" for e in bulletins),
            "contacts_changed": sum(e.kind == "contact" for e in self.entries),
            "problems_added": sum(c.kind == "problem-added" for c in changes),
            "problems_removed": sum(c.kind == "problem-removed" for c in changes),
            "problems_changed": len(problem_changes),
            "not_yet_translated": sum(c.note() is not None for c in changes),
            "invalid": sum(any(f.side == "head" for f in e.findings) for e in self.entries),
        }


@dataclass
class _State:
    """One side of the diff: the project read at a revision and its validation errors."""

    side: str
    project: Project
    errors: dict[Path, list[Diagnostic]]

    def files(self, kind: str) -> dict[str, dict[str, SourceFile[Any]]]:
        """Stem → language → file, for bulletins or contact blocks."""
        files: list[SourceFile[Any]] = list(
            self.project.bulletins if kind == "bulletin" else self.project.contacts
        )
        out: dict[str, dict[str, SourceFile[Any]]] = {}
        for f in files:
            out.setdefault(f.stem, {})[f.language] = f
        return out


def _state(side: str, snapshot: Snapshot) -> _State:
    project = load_snapshot(snapshot)
    found = project_diagnostics(project)
    errors: dict[Path, list[Diagnostic]] = {}
    for d in dict.fromkeys(found):
        if d.severity is Severity.ERROR:
            errors.setdefault(d.location.path, []).append(d)
    return _State(side, project, errors)


def _findings(state: _State, files: Iterable[SourceFile[Any]]) -> list[Finding]:
    return [
        Finding(state.side, d, f.source.line(d.location.line))
        for f in files
        for d in sorted(state.errors.get(f.source.path, []), key=Diagnostic.sort_key)
    ]


def _merge(per_language: dict[str, list[Found]], compared: list[str]) -> list[Change]:
    """Per-language findings merged into changes; each knows the languages it is missing in."""
    merged: dict[tuple[str, str], Change] = {}
    for lang, found in per_language.items():
        for kind, subject, side, detail in found:
            change = merged.setdefault((kind, subject), Change(kind, subject, detail=detail))
            change.sides[lang] = side
    for change in merged.values():
        change.missing = tuple(lang for lang in compared if lang not in change.sides)
    return sorted(merged.values(), key=lambda c: KINDS.index(c.kind))


def _title(kind: str, name: str, files: Iterable[SourceFile[Any]]) -> str:
    for f in files:
        if f.record is not None:
            return str(f.record.message_number if kind == "bulletin" else f.record.name)
    return name if kind == "bulletin" else f"contacts/{name}"


def _file_changes(
    status: Status,
    base: dict[str, SourceFile[Any]],
    head: dict[str, SourceFile[Any]],
    order: list[str],
) -> list[Change]:
    """A language file added to or removed from a bulletin that exists at both revisions."""
    if status != "changed":
        return []
    added = [Change("file-added", lang) for lang in order if lang in head and lang not in base]
    removed = [Change("file-removed", lang) for lang in order if lang in base and lang not in head]
    return [*added, *removed]


def _entry(
    kind: Literal["bulletin", "contact"],
    name: str,
    old: _State,
    new: _State,
    languages: tuple[str, ...],
) -> Entry | None:
    base, head = old.files(kind).get(name, {}), new.files(kind).get(name, {})
    if {k: f.source.text for k, f in base.items()} == {k: f.source.text for k, f in head.items()}:
        return None
    status: Status = "added" if not base else "removed" if not head else "changed"
    origin = original(old, new, head) if kind == "bulletin" and status == "added" else {}
    order = [*languages, *sorted((set(base) | set(head)) - set(languages))]
    compare = compare_bulletins if kind == "bulletin" else compare_contacts
    per_language: dict[str, list[Found]] = {}
    compared = []
    for lang in order:
        a, b = (base or origin).get(lang), head.get(lang)
        if (a is not None and a.record is None) or (b is not None and b.record is None):
            continue
        if a is not None and b is not None:
            compared.append(lang)
            per_language[lang] = compare(a.record, b.record)
        elif status == "added" and b is not None:
            per_language[lang] = compare(None, b.record)
    changes = _merge(per_language, compared)
    file_changes = _file_changes(status, base, head, order)
    title = _title(kind, name, [*head.values(), *base.values()])
    if origin:
        title += f" (edition of {_title(kind, name, origin.values())})"
    entry = Entry(
        kind,
        name,
        title,
        status,
        tuple(lang for lang in order if lang in (head or base)),
        [*file_changes, *changes],
    )
    entry.findings = [*_findings(old, base.values()), *_findings(new, head.values())]
    if kind == "bulletin" and head:
        entry.untranslated = tuple(lang for lang in languages if lang not in head)
    return entry


def original(old: _State, new: _State, head: dict[str, SourceFile[Any]]) -> dict[str, Any]:
    """The files of the bulletin a new edition ``updates`` (language → file), if there."""
    record = next((f.record for f in head.values() if f.record is not None), None)
    if record is None or record.updates is None:
        return {}
    config = new.project.config
    reference = config.reference_form(record.updates, record.language)
    if reference is None:
        return {}
    stem = slug_of(reference)
    return old.files("bulletin").get(stem) or new.files("bulletin").get(stem) or {}


def diff_states(base: Revision, head: Revision, old: _State, new: _State) -> DiffResult:
    """Every bulletin, then every contact block, that differs between the two states."""
    languages = new.project.config.languages or old.project.config.languages
    result = DiffResult(base, head)
    for kind in ("bulletin", "contact"):
        names = sorted(set(old.files(kind)) | set(new.files(kind)))
        for name in names:
            entry = _entry(kind, name, old, new, languages)
            if entry is not None:
                result.entries.append(entry)
    return result


def diff(base: Revision, head: Revision, root: Path) -> DiffResult:
    """Compare the bulletins folder ``root`` at ``base`` and at ``head``."""
    before, after = read_revision(base, root), read_revision(head, root)
    if not before.files and not after.files:
        raise UsageError(f"{root}: no bulletins there at {base.describe()} or {head.describe()}")
    return diff_states(base, head, _state("base", before), _state("head", after))
