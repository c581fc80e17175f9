"""Validation: read every source, type it, run the cross-file rules, gather all diagnostics.

This is the "read → validate" half of the pipeline; ``bulletin validate`` stops here and
``bulletin build`` carries on to render the :class:`Edition` objects it yields.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_builder.errors import ContentError, Diagnostic, Diagnostics
from bulletin_builder.model.edition import Edition, editions
from bulletin_builder.model.project import Project, load_project
from bulletin_builder.source.discover import (
    CONTACTS,
    Refusal,
    bulletin_paths,
    contact_paths,
    project_root,
    read_source,
)
from bulletin_builder.source.reader import Source
from bulletin_builder.validate.memo import clean_key
from bulletin_builder.validate.parallel import cores, run_parallel
from bulletin_builder.validate.rules import checked, run_rules
from bulletin_builder.validate.rules.identity import NumberUse, duplicate_numbers, number_uses

PARALLEL_FROM = 100
"""Bulletin files from which ``bulletin validate`` splits a folder across the cores."""


@dataclass
class Validation:
    """The projects read and every diagnostic about the requested files."""

    projects: list[Project] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[Path, list[str]] = field(default_factory=dict)
    """Path → lines of the sources read (at least of those with a diagnostic), for display."""
    files: int = 0
    """How many files were checked."""
    clean: list[str] = field(default_factory=list)
    """The key (:func:`~bulletin_builder.validate.memo.clean_key`) of each folder read in
    which nothing at all was found."""

    def failed(self, *, strict: bool = False) -> bool:
        return bool(self.diagnostics.errors(strict=strict))


def _wanted(paths: Sequence[Path]) -> dict[Path, set[Path] | None]:
    """Project root → the files asked for in it (None: the whole folder). A folder named
    twice (another spelling, a link to it) is one root, named as it was first."""
    roots: dict[Path, set[Path] | None] = {}
    spelled: dict[Path, Path] = {}
    for path in paths:
        found = project_root(path)
        root = spelled.setdefault(found.resolve(), found)
        if path.is_dir() and path.name == CONTACTS:  # its contact blocks, in their folder
            if (known := roots.setdefault(root, set())) is not None:
                known.update(p.resolve() for p in contact_paths(root))
        elif path.is_dir():
            roots[root] = None
        elif root not in roots:
            roots[root] = {path.resolve()}
        elif (files := roots[root]) is not None:
            files.add(path.resolve())
    return roots


def shown_lines(path: Path) -> list[str]:
    """The lines of ``path`` to show under its diagnostics: none if it is not a regular file
    of its folder (a link, a device, too large), so nothing from elsewhere is ever echoed."""
    data = read_source(path.parent, path)
    if isinstance(data, Refusal):
        return []
    return data.decode("utf-8", errors="replace").split("\n")


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diagnostics:
        key = (d.code, d.location, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


@dataclass
class _Part:
    """What checking one share of a folder found (sent back from a worker process)."""

    diagnostics: list[Diagnostic]
    lines: dict[Path, list[str]]
    numbers: list[NumberUse]


def project_diagnostics(project: Project, *, local_only: bool = False) -> list[Diagnostic]:
    """Everything wrong with a read project: reading, typing and (all or local) rules."""
    found = [*project.diagnostics, *(d for s in project.sources() for d in s.diagnostics)]
    return collapse(found + run_rules(project, local_only=local_only), project.sources())


def _at_anchor(d: Diagnostic, source: Source) -> bool:
    """Whether ``d`` points at a YAML anchor or alias (``&a``, ``*a``) in ``source``."""
    line = source.line(d.location.line)
    return d.code.startswith("BB1") and line[d.location.column - 1 : d.location.column] in "&*"


def collapse(found: list[Diagnostic], sources: Sequence[Source]) -> list[Diagnostic]:
    """One diagnostic per cause: the field errors an anchor or alias causes (an alias bomb
    gives dozens) are counted in the file's ``BB005`` instead of shown one by one."""
    by_path = {source.path: source for source in sources}
    out: list[Diagnostic] = []
    hidden: dict[Path, int] = {}
    anchored = {d.location.path for d in found if d.code == "BB005"}
    for d in found:
        source = by_path.get(d.location.path)
        if d.location.path in anchored and source is not None and _at_anchor(d, source):
            hidden[d.location.path] = hidden.get(d.location.path, 0) + 1
        else:
            out.append(d)
    return [
        replace(d, message=f"{d.message} ({hidden[d.location.path]} error(s) they cause not shown)")
        if d.code == "BB005" and hidden.get(d.location.path)
        else d
        for d in out
    ]


def _check_part(root: Path, paths: list[Path]) -> _Part:
    """Read and check some bulletins (both languages of each) with every contact block."""
    project = load_project(root, paths)
    found = project_diagnostics(project, local_only=True)
    shown = {d.location.path for d in found}
    lines = {s.path: s.text.split("\n") for s in project.sources() if s.path in shown}
    return _Part(found, lines, number_uses(checked(project)))


def _check_share(share: tuple[Path, list[Path]]) -> _Part:
    return _check_part(*share)


def _shares(root: Path, count: int) -> list[list[Path]]:
    """The folder's bulletin files in ``count`` shares, the languages of a bulletin together."""
    shares: list[list[Path]] = [[] for _ in range(count)]
    stems: dict[str, int] = {}
    for path in bulletin_paths(root):
        stem = path.name.split(".", 1)[0]
        shares[stems.setdefault(stem, len(stems) % count)].append(path)
    return shares


def _validate_in_parallel(root: Path, workers: int, result: Validation) -> None:
    """Check one share here and the others in a process pool, then the cross-share rule."""
    shares = [(root, share) for share in _shares(root, workers)]
    parts = run_parallel(_check_share, shares, workers, first_here=True)
    found = [d for part in parts for d in part.diagnostics]
    found.extend(duplicate_numbers(use for part in parts for use in part.numbers))
    for part in parts:
        result.sources.update(part.lines)
    for d in found:
        if d.location.path not in result.sources:
            result.sources[d.location.path] = shown_lines(d.location.path)
    result.diagnostics.extend(_unique(found))
    result.files += len(bulletin_paths(root)) + len(contact_paths(root))


def _workers(root: Path, only: set[Path] | None, keep_projects: bool) -> int:
    """Processes to validate ``root`` with: 1 unless the whole of a large folder is asked for."""
    available = cores()
    if keep_projects or only is not None or available < 2:
        return 1
    return min(available, 4) if len(bulletin_paths(root)) >= PARALLEL_FROM else 1


def _found(project: Project, only: set[Path] | None) -> list[Diagnostic]:
    """What checking ``project`` finds about the files asked for (``only``; None: all)."""
    found = project_diagnostics(project)
    if only is None:
        return found
    return [d for d in found if d.location.path.resolve() in only]


def validate(
    paths: Sequence[Path], *, keep_projects: bool = True, known_clean: Set[str] | None = None
) -> Validation:
    """Read and check everything under ``paths``; never raises for content problems.

    With ``keep_projects=False`` (``bulletin validate``: only the diagnostics are wanted) a
    large folder is checked in several processes, the two languages of a bulletin together.
    Given ``known_clean`` (the keys of folders found clean before), the key of each whole
    folder asked for and found clean is kept in ``clean``, and a whole folder read to a key
    in ``known_clean`` is read but not checked again.
    """
    result = Validation()
    for root, only in _wanted(paths).items():
        workers = _workers(root, only, keep_projects)
        if workers > 1:
            _validate_in_parallel(root, workers, result)
            continue
        project = load_project(root)
        result.projects.append(project)
        key = clean_key(project) if known_clean is not None and only is None else None
        found = [] if known_clean and key in known_clean else _found(project, only)
        if key is not None and not found:
            result.clean.append(key)
        result.diagnostics.extend(_unique(found))
        result.sources.update({s.path: s.text.split("\n") for s in project.sources()})
        result.files += len(project.sources())
    return result


def load_editions(paths: Sequence[Path], *, strict: bool = False) -> list[Edition]:
    """Validate ``paths`` and return their editions; :class:`ContentError` if anything fails."""
    return load_checked(paths, strict=strict)[0]


def load_checked(
    paths: Sequence[Path], *, strict: bool = False, known_clean: Set[str] = frozenset()
) -> tuple[list[Edition], list[str]]:
    """:func:`load_editions`, remembering: also the keys of the folders found clean, and a
    folder read to a key in ``known_clean`` is not checked again (see :func:`validate`).

    A file named in ``paths`` stands for its whole folder: every edition of the folder is
    returned (the build renders them all, and the folder's index), so all of it is checked."""
    result = validate([project_root(path) for path in paths], known_clean=known_clean)
    if result.failed(strict=strict):
        raise ContentError(result.diagnostics.sorted(), strict=strict, sources=result.sources)
    return [edition for project in result.projects for edition in editions(project)], result.clean
