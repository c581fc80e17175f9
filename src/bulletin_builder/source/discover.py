"""Find the files of a bulletins folder and read their bytes.

A bulletins folder holds one Markdown file per bulletin per language
(``carm-2021-07-15.en.md``), the shared contact blocks in ``contacts/`` and the
configuration ``bulletins.toml``. Everything later stages read comes through here.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bulletin_builder.errors import UsageError

FILE_NAME = re.compile(r"^(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
"""``<name>.<language>.md``: what every bulletin and contact file is called."""
CONTACTS = "contacts"
"""The subfolder of the shared contact blocks."""
MAX_BYTES = 2_000_000
"""Sources above this size are refused unread ("too large")."""


@dataclass(frozen=True)
class Refusal:
    """Why a file of the folder was not read. Nothing of its content is ever shown."""

    code: str
    message: str
    hint: str


_NOT_REGULAR = "put the file itself in the bulletins folder (not a link, a device or a pipe)"


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _linked_folder(root: Path, path: Path) -> Path | None:
    """The first folder between ``root`` (included) and ``path`` that is a symbolic link."""
    try:
        parts = path.parent.relative_to(root).parts
    except ValueError:
        return path.parent
    folder = root  # the folder named on the command line may be a link; those inside may not
    for part in parts:
        folder = folder / part
        if folder.is_symlink():
            return folder
    return None


def read_source(root: Path, path: Path, limit: int = MAX_BYTES) -> bytes | Refusal:
    """The bytes of ``path``, a regular file inside ``root`` read without following links.

    A symbolic link (the file or a folder on the way), a device, a pipe or a file over
    ``limit`` bytes is refused, unread: opened with ``O_NOFOLLOW | O_NONBLOCK``, checked with
    ``fstat`` and read at most ``limit + 1`` bytes, so nothing outside the folder is ever
    echoed and nothing hangs or fills the memory.
    """
    folder = _linked_folder(root, path)
    if folder is not None:
        return Refusal("BB011", f"the folder {folder.name}/ is a symbolic link", _NOT_REGULAR)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return Refusal("BB011", "the file is a symbolic link", _NOT_REGULAR)
        return Refusal("BB011", f"the file cannot be read ({exc.strerror})", _NOT_REGULAR)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Refusal("BB011", f"the file is {_kind(info.st_mode)}", _NOT_REGULAR)
        if info.st_size > limit:
            return too_large(info.st_size, limit)
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    return too_large(len(data), limit) if len(data) > limit else data


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def too_large(size: int, limit: int = MAX_BYTES) -> Refusal:
    """The refusal of a file of ``size`` bytes (``BB008``)."""
    return Refusal(
        "BB008",
        f"the file is too large ({size:,} bytes; at most {limit:,})",
        "split the bulletin",
    )


def bulletin_paths(root: Path) -> list[Path]:
    """The bulletin files of a folder, in name order."""
    return sorted(root.glob("*.md"))


def contact_paths(root: Path) -> list[Path]:
    """The contact-block files of a folder, in name order."""
    return sorted((root / CONTACTS).glob("*.md"))


def project_root(path: Path) -> Path:
    """The bulletins folder a path belongs to (a file's folder; a contact's grandparent; the
    parent of a ``contacts/`` folder)."""
    if path.is_dir():
        return path.parent if path.name == CONTACTS else path
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    folder = path.parent
    return folder.parent if folder.name == CONTACTS else folder


def read_files(root: Path, only: Sequence[Path] | None = None) -> dict[str, bytes | Refusal]:
    """Path relative to ``root`` → bytes (or why not), for every bulletin (or only ``only``)
    and contact block, each read by :func:`read_source`."""
    paths = [*(bulletin_paths(root) if only is None else only), *contact_paths(root)]
    return {_relative(root, path): read_source(root, path) for path in paths}


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # a file named through a linked folder
        return path.name


def is_source_name(name: str) -> bool:
    """Whether a path relative to the folder names a bulletin or a contact block."""
    folder, _, base = name.rpartition("/")
    return base.endswith(".md") and folder in ("", CONTACTS)
