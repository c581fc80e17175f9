"""Outputs made from every edition at once, after rendering: the build's one extension point.

``bulletin build`` renders each edition on its own; feeds, the JSON index, the sitemap and the
e-mail edition need every edition (and the size and SHA-256 of the files just written). The
command line passes a :data:`PostStep` to :func:`~bulletin_builder.build.orchestrator.build`,
so ``build/`` never imports the packages above it. A step only *declares* its outputs (path,
key, maker): the build makes the stale ones, in the order given, stages them with every other
output and records them in the manifest, so they are written atomically with the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bulletin_builder.errors import BulletinError
from bulletin_builder.model.edition import Edition
from bulletin_builder.validate.parallel import run_parallel

Manifest = Mapping[str, Mapping[str, str]]
"""Output path → {'key', 'sha256', 'size'}, as the manifest records every output."""


@dataclass(frozen=True)
class Extra:
    """One output a post step makes: where, from what (its key), and how."""

    path: str
    """Relative to the output folder, e.g. 'feeds/en.atom'."""
    key: str
    """A hash of everything its bytes depend on; the output is made again when it changes."""
    make: Callable[[Manifest], bytes]
    """Its bytes, given the manifest of every output made before it (sizes, SHA-256)."""
    group: str = ""
    """Outputs of one non-empty group are made in one process, in order (they share work)."""
    needs_manifest: bool = False
    """True if ``make`` reads the manifest: made after every other output, in this process."""


@dataclass(frozen=True)
class Built:
    """What a post step learns about the build: the editions, the formats and their keys."""

    editions: Sequence[Edition]
    formats: tuple[str, ...]
    index_key: str
    """One hash of the templates, the formats and every edition."""
    edition_hashes: Mapping[tuple[str, str], str]
    """(slug, language) → the hash of that edition (its fields, the templates, the version)."""


PostStep = Callable[[Built], list[Extra]]


class PostStepError(BulletinError):
    """An output of the post step failed; nothing was written."""


def record(manifest: dict[str, dict[str, str]], rel: str, key: str, data: bytes) -> None:
    """Enter an output in the manifest: its key, SHA-256 and size."""
    manifest[rel] = {"key": key, "sha256": hashlib.sha256(data).hexdigest(), "size": str(len(data))}


_PENDING: list[Extra] = []
"""The outputs a forked worker makes, by index (a closure cannot be sent to a process)."""


def _make(extra: Extra, manifest: Manifest) -> bytes:
    try:
        return extra.make(manifest)
    except BulletinError:
        raise
    except Exception as exc:
        raise PostStepError(f"{extra.path} failed, nothing was written: {exc}") from exc


def _make_chunk(indexes: list[int]) -> list[bytes]:
    return [_make(_PENDING[i], {}) for i in indexes]


def _chunks(extras: Sequence[Extra]) -> list[list[int]]:
    """Indexes of ``extras``, those of one group together."""
    chunks: dict[str, list[int]] = {}
    for index, extra in enumerate(extras):
        chunks.setdefault(extra.group or f"\0{index}", []).append(index)
    return list(chunks.values())


def make_extras(
    extras: Sequence[Extra], manifest: dict[str, dict[str, str]], workers: int
) -> dict[str, bytes]:
    """Make ``extras`` (across ``workers`` forked processes where the platform forks), then
    those that read the manifest, in order; each is recorded in ``manifest`` once made."""
    import multiprocessing  # noqa: PLC0415 - only when there is something to make

    free = [x for x in extras if not x.needs_manifest]
    chunks = _chunks(free)
    forks = "fork" in multiprocessing.get_all_start_methods()
    _PENDING[:] = free
    try:
        results = run_parallel(_make_chunk, chunks, workers if forks else 1)
    finally:
        _PENDING.clear()
    made: dict[str, bytes] = {}
    for chunk, datas in zip(chunks, results, strict=True):
        for index, data in zip(chunk, datas, strict=True):
            made[free[index].path] = data
    for extra in free:
        record(manifest, extra.path, extra.key, made[extra.path])
    for extra in (x for x in extras if x.needs_manifest):
        made[extra.path] = _make(extra, manifest)
        record(manifest, extra.path, extra.key, made[extra.path])
    return made
