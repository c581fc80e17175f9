"""Atomic writes: every output goes to a temporary name in its folder, then is renamed over.

A crash, a full disk or an exception leaves the previous file byte-identical. An output path
that is a symbolic link is replaced by the new file; the link's target is never written.
:func:`write_all` stages every file before renaming any, so a failure while writing (a full
disk, a read-only folder) replaces nothing. A process killed with ``kill -9`` cannot remove
its temporary file; :func:`remove_stale_temps` clears such leftovers on the next build.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""The names :func:`stage` gives temporary files: ``.<name>.<8 random characters>.tmp``."""


def stage(path: Path, data: bytes) -> Path:
    """``data`` written and flushed to disk under a temporary name next to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        _discard(Path(temp))
        raise
    return Path(temp)


def _discard(temp: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()


def write_all(files: dict[Path, bytes]) -> None:
    """Stage every file, then rename each into place, in order.

    If staging fails (no space, no permission, an exception), no file is replaced and no
    temporary file is left.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((stage(path, data), path))
        for temp, path in staged:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in staged:
            _discard(temp)
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files an interrupted build left in ``folder``; returns them."""
    removed = []
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in folder.iterdir():
            if TEMP_NAME.match(entry.name) and (entry.is_symlink() or entry.is_file()):
                _discard(entry)
                removed.append(entry)
    return removed
