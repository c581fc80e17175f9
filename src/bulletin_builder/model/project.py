"""A bulletins folder read and typed: its bulletins, contact blocks and configuration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from bulletin_builder.errors import Diagnostic, Location, Severity, UsageError
from bulletin_builder.model.convert import convert, unread_fields
from bulletin_builder.model.fields import Record
from bulletin_builder.model.records import Bulletin, Contact
from bulletin_builder.source import yamltree
from bulletin_builder.source.config import Config, load_config
from bulletin_builder.source.discover import FILE_NAME, Refusal, is_source_name, read_files
from bulletin_builder.source.gitsource import Snapshot, config_from
from bulletin_builder.source.reader import Source, read_text
from bulletin_builder.source.yamltree import field_name

R = TypeVar("R", bound=Record)


@dataclass
class SourceFile(Generic[R]):
    """A source with its record (None when invalid) and what its file name says."""

    source: Source
    record: R | None
    stem: str
    """The file name without language and suffix: 'carm-2021-07-15', 'ccsh'."""
    language: str
    salvaged: R | None = None
    """The record read despite errors, each value that could not be read left UNREAD
    (:mod:`bulletin_builder.model.salvage`): the rules check it too, so one error does not
    hide the others. Never rendered."""
    unread: frozenset[str] = frozenset()
    """The fields whose values could not be read ('sections[1].problems[0].fix_date'): what
    a rule finds at or under them is a consequence of the error reported there already."""

    @property
    def checked(self) -> R | None:
        """What the rules check: the record, or the one salvaged from an invalid file."""
        return self.record if self.record is not None else self.salvaged

    def at(self, *path: str | int) -> Location:
        """Where the value at ``path`` is written (its key if it is a key, else the value)."""
        node, key = yamltree.lookup(self.source.tree, path)
        target = node if node is not None else key
        if target is None or (not path and node is None):
            return Location(self.source.path)
        return Location(self.source.path, target.line, target.column)

    def diagnostic(
        self,
        code: str,
        message: str,
        *path: str | int,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        """A diagnostic positioned at the value at ``path``."""
        return Diagnostic(code, message, self.at(*path), severity, field_name(path) or None, hint)


BulletinFile = SourceFile[Bulletin]
ContactFile = SourceFile[Contact]
AnyFile = SourceFile[Bulletin] | SourceFile[Contact]


@dataclass
class Project:
    """Everything in one bulletins folder, read and typed as far as it validates."""

    root: Path
    config: Config
    bulletins: list[BulletinFile] = field(default_factory=list)
    contacts: list[ContactFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def files(self) -> list[AnyFile]:
        """Every bulletin and contact file, bulletins first."""
        return [*self.bulletins, *self.contacts]

    def sources(self) -> list[Source]:
        return [f.source for f in self.files()]


def _name_parts(path: Path, diagnostics: list[Diagnostic]) -> tuple[str, str]:
    match = FILE_NAME.match(path.name)
    if match is None:
        diagnostics.append(
            Diagnostic(
                "BB009",
                "the file name must be '<name>.<language>.md'",
                Location(path),
                hint="e.g. carm-2021-07-15.en.md or contacts/ccsh.fr.md",
            )
        )
        return path.stem, ""
    return match["stem"], match["lang"]


def load_project(root: Path, only: Sequence[Path] | None = None) -> Project:
    """Read every bulletin (or only the bulletin files ``only``) and every contact block."""
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder of bulletins")
    config, diagnostics = load_config(root)
    return load_project_from(root, read_files(root, only), config, diagnostics)


def load_project_from(
    root: Path,
    files: Mapping[str, bytes | Refusal],
    config: Config,
    diagnostics: list[Diagnostic] | None = None,
) -> Project:
    """Read a bulletins folder from bytes, e.g. the files of a git revision.

    ``files`` maps paths relative to ``root`` ('carm-2021-07-15.en.md', 'contacts/ccsh.fr.md')
    to their bytes, or to why they were not read; other names are ignored. Sources are
    positioned at ``root / name``.
    """
    project = Project(root, config, diagnostics=list(diagnostics or []))
    for name in sorted(files):
        if not is_source_name(name):
            continue
        folder = name.rpartition("/")[0]
        path = root / name
        stem, lang = _name_parts(path, project.diagnostics)
        source = read_text(path, files[name])
        if folder:
            project.contacts.append(_file(source, Contact, stem, lang))
        else:
            project.bulletins.append(_file(source, Bulletin, stem, lang))
    return project


def _file(source: Source, model: type[R], stem: str, language: str) -> SourceFile[R]:
    """A source typed as ``model``: its record if valid, else what could be salvaged."""
    record = build_record(source, model)
    if record is None and isinstance(source.tree, yamltree.Mapping):
        salvaged, issues = convert(source.tree, model, source.body, salvage=True)
        return SourceFile(source, record, stem, language, salvaged, unread_fields(issues))
    return SourceFile(source, record, stem, language)


def build_record(source: Source, model: type[R]) -> R | None:
    """Validate a source's front matter (and body) as ``model``; None if it is invalid."""
    if not isinstance(source.tree, yamltree.Mapping):
        return None
    record, issues = convert(source.tree, model, source.body)
    for issue in issues:
        source.error(
            issue.code,
            issue.message,
            issue.line,
            issue.column,
            field=issue.field or None,
            hint=issue.hint,
        )
    return record


def load_snapshot(snapshot: Snapshot) -> Project:
    """The snapshot read and typed as a project (bulletins, contact blocks, config)."""
    config, diagnostics = config_from(snapshot)
    return load_project_from(snapshot.root, snapshot.files, config, diagnostics)
