"""Read a bulletins folder as it is at a git revision, or in the working tree.

Files are read with ``git ls-tree`` and ``git cat-file`` (never checked out), then typed by
the same reader, model and rules as ``bulletin validate``
(:func:`bulletin_builder.model.project.load_snapshot`).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_builder.errors import Diagnostic, Location, UsageError
from bulletin_builder.source.config import CONFIG_NAME, Config, load_config
from bulletin_builder.source.discover import (
    CONTACTS,
    MAX_BYTES,
    Refusal,
    is_source_name,
    read_source,
    too_large,
)
from bulletin_builder.source.terms import TERMS_NAME

MAIN_BRANCHES = ("main", "origin/main")
"""Where the default base is taken from: the merge base of HEAD with the first that exists."""

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Revision:
    """Which sources a side of the diff shows: a commit, or the working tree (commit None)."""

    label: str
    """What the user asked for ('main', 'HEAD~1', 'merge base with main', 'working tree')."""
    commit: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:7] if self.commit else WORKING_TREE

    def describe(self) -> str:
        """'HEAD~1 (1a2b3c4)' or 'working tree'."""
        return self.label if self.commit is None else f"{self.label} ({self.short})"


@dataclass
class Snapshot:
    """The files of a bulletins folder at one revision (paths relative to the folder)."""

    revision: Revision
    root: Path
    files: dict[str, bytes | Refusal] = field(default_factory=dict)
    """Path → bytes, or why the file was not read (a link, a submodule, too large)."""


def git(*args: str, cwd: Path | None = None) -> bytes:
    """Run git and return its output; a :class:`UsageError` naming the command if it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError(
            "git is not installed (bulletin diff reads the revisions with git)"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout


def resolve(rev: str) -> Revision:
    """The commit ``rev`` names."""
    commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    return Revision(rev, commit)


def default_base() -> Revision:
    """The merge base of HEAD with ``main`` (or ``origin/main`` in a CI checkout)."""
    for branch in MAIN_BRANCHES:
        try:
            resolve(branch)
        except UsageError:
            continue
        commit = git("merge-base", branch, "HEAD").decode().strip()
        return Revision(f"merge base with {branch}", commit)
    raise UsageError("no 'main' branch to compare with; name the base revision: bulletin diff BASE")


def _wanted(name: str) -> bool:
    folder, _, base = name.rpartition("/")
    if base in (CONFIG_NAME, TERMS_NAME):
        return not folder
    return is_source_name(name)


def _entries(commit: str, root: Path) -> list[tuple[str, str, str]]:
    """(mode, size, path) of every entry under ``root`` at ``commit``."""
    listing = git("ls-tree", "-r", "-z", "-l", commit, "--", f"{root}/")
    entries = []
    for line in listing.decode("utf-8").split("\0"):
        if line:
            info, _, name = line.partition("\t")
            mode, _kind, _object, size = info.split()
            entries.append((mode, size, name))
    return entries


def _blob(commit: str, mode: str, size: str, name: str) -> bytes | Refusal:
    """A file's bytes at ``commit``; a link (mode 120000) or a submodule is refused unread."""
    if mode == "120000":
        return Refusal("BB011", "the file is a symbolic link", "commit the file itself")
    if not mode.startswith("100"):
        return Refusal("BB011", "the file is not a regular file", "commit the file itself")
    if int(size) > MAX_BYTES:
        return too_large(int(size))
    return git("cat-file", "blob", f"{commit}:./{name}")


def read_revision(revision: Revision, root: Path) -> Snapshot:
    """The bulletins folder ``root`` (relative to the current folder) at ``revision``.

    A link in git is a link: it is refused as on disk, and never followed.
    """
    if revision.commit is None:
        return read_working_tree(revision, root)
    prefix = f"{root.as_posix().rstrip('/')}/"
    snapshot = Snapshot(revision, root)
    for mode, size, name in _entries(revision.commit, root):
        relative = name.removeprefix(prefix)
        if name.startswith(prefix) and _wanted(relative):
            snapshot.files[relative] = _blob(revision.commit, mode, size, name)
    return snapshot


def read_working_tree(revision: Revision, root: Path) -> Snapshot:
    """The bulletins folder as it is on disk now (an empty snapshot if it does not exist)."""
    snapshot = Snapshot(revision, root)
    patterns = (CONFIG_NAME, TERMS_NAME, "*.md", f"{CONTACTS}/*.md")
    found = {p for pattern in patterns for p in root.glob(pattern)}
    for path in sorted(p for p in found if p.is_symlink() or not p.is_dir()):
        snapshot.files[path.relative_to(root).as_posix()] = read_source(root, path)
    return snapshot


def config_from(snapshot: Snapshot) -> tuple[Config, list[Diagnostic]]:
    """The snapshot's ``bulletins.toml`` and ``terms.toml`` through the usual loader
    (defaults for a file it does not have)."""
    names = [name for name in (CONFIG_NAME, TERMS_NAME) if name in snapshot.files]
    if not names:
        return Config(), []
    where = snapshot.root / CONFIG_NAME
    for name in names:
        raw = snapshot.files[name]
        if isinstance(raw, Refusal):
            at = snapshot.root / name
            return Config(path=where), [Diagnostic(raw.code, raw.message, Location(at))]
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            data = snapshot.files[name]
            assert isinstance(data, bytes)
            (Path(folder) / name).write_bytes(data)
        config, found = load_config(Path(folder))
    return replace(config, path=where), [replace(d, location=Location(where)) for d in found]
