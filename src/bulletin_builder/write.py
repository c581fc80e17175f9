"""Atomic writes: every output goes to a temporary name in its folder, then is renamed over.

A crash, a full disk or an exception leaves the previous file byte-identical and no
temporary file behind. An output path that is a symbolic link is replaced by the new
file; the link's target is never written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename (readers see the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files atomically, in order (each one whole or not at all)."""
    for path, data in files.items():
        write_atomic(path, data)
