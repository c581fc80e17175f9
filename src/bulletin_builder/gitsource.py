"""Read a bulletins folder as it is at a git revision, or in the working tree.

Files are read with ``git ls-tree`` and ``git cat-file`` (never checked out), then typed by
the same reader, model and rules as ``bulletin validate``
(:func:`bulletin_builder.project.load_project_from`).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_builder.config import CONFIG_NAME, Config, load_config
from bulletin_builder.errors import Diagnostic, Location, UsageError
from bulletin_builder.project import CONTACTS, Project, load_project_from
from bulletin_builder.terms import TERMS_NAME

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
    files: dict[str, bytes] = field(default_factory=dict)


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
    return base.endswith(".md") and folder in ("", CONTACTS)


def read_revision(revision: Revision, root: Path) -> Snapshot:
    """The bulletins folder ``root`` (relative to the current folder) at ``revision``."""
    if revision.commit is None:
        return read_working_tree(revision, root)
    listing = git("ls-tree", "-r", "-z", "--name-only", revision.commit, "--", f"{root}/")
    prefix = f"{root.as_posix().rstrip('/')}/"
    names = [n for n in listing.decode("utf-8").split("\0") if n.startswith(prefix)]
    snapshot = Snapshot(revision, root)
    for name in names:
        relative = name.removeprefix(prefix)
        if _wanted(relative):
            snapshot.files[relative] = git("cat-file", "blob", f"{revision.commit}:./{name}")
    return snapshot


def read_working_tree(revision: Revision, root: Path) -> Snapshot:
    """The bulletins folder as it is on disk now (an empty snapshot if it does not exist)."""
    snapshot = Snapshot(revision, root)
    patterns = (CONFIG_NAME, TERMS_NAME, "*.md", f"{CONTACTS}/*.md")
    for path in sorted(p for pattern in patterns for p in root.glob(pattern) if p.is_file()):
        snapshot.files[path.relative_to(root).as_posix()] = path.read_bytes()
    return snapshot


def config_from(snapshot: Snapshot) -> tuple[Config, list[Diagnostic]]:
    """The snapshot's ``bulletins.toml`` and ``terms.toml`` through the usual loader
    (defaults for a file it does not have)."""
    names = [name for name in (CONFIG_NAME, TERMS_NAME) if name in snapshot.files]
    if not names:
        return Config(), []
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            (Path(folder) / name).write_bytes(snapshot.files[name])
        config, found = load_config(Path(folder))
    where = snapshot.root / CONFIG_NAME if CONFIG_NAME in names else None
    moved = [replace(d, location=Location(snapshot.root / d.location.path.name)) for d in found]
    return replace(config, path=where), moved


def load_snapshot(snapshot: Snapshot) -> Project:
    """The snapshot read and typed as a project (bulletins, contact blocks, config)."""
    config, diagnostics = config_from(snapshot)
    return load_project_from(snapshot.root, snapshot.files, config, diagnostics)
