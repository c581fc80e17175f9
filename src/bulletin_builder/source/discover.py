"""Find the files of a bulletins folder and read their bytes.

A bulletins folder holds one Markdown file per bulletin per language
(``carm-2021-07-15.en.md``), the shared contact blocks in ``contacts/`` and the
configuration ``bulletins.toml``. Everything later stages read comes through here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bulletin_builder.errors import UsageError

FILE_NAME = re.compile(r"^(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
"""``<name>.<language>.md``: what every bulletin and contact file is called."""
CONTACTS = "contacts"
"""The subfolder of the shared contact blocks."""


def bulletin_paths(root: Path) -> list[Path]:
    """The bulletin files of a folder, in name order."""
    return sorted(root.glob("*.md"))


def contact_paths(root: Path) -> list[Path]:
    """The contact-block files of a folder, in name order."""
    return sorted((root / CONTACTS).glob("*.md"))


def project_root(path: Path) -> Path:
    """The bulletins folder a path belongs to (a file's folder; a contact's grandparent)."""
    if path.is_dir():
        return path
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    folder = path.parent
    return folder.parent if folder.name == CONTACTS else folder


def read_files(root: Path, only: Sequence[Path] | None = None) -> dict[str, bytes]:
    """Path relative to ``root`` → bytes, for every bulletin (or only ``only``) and contact."""
    paths = [*(bulletin_paths(root) if only is None else only), *contact_paths(root)]
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in paths}


def is_source_name(name: str) -> bool:
    """Whether a path relative to the folder names a bulletin or a contact block."""
    folder, _, base = name.rpartition("/")
    return base.endswith(".md") and folder in ("", CONTACTS)
