"""What a build must do: which outputs are stale, by hash of what they are made from.

Each output's key is a hash of its edition (every field), the templates folder and the tool
version; the keys of the last build are kept in ``build/.bulletin-build.json`` with each file's
size and SHA-256. An output is fresh when its key matches and the file is untouched since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from bulletin_builder import __version__
from bulletin_builder.model.edition import Edition
from bulletin_builder.render.templates import templates_dir

MANIFEST = ".bulletin-build.json"
"""Output path → hash of everything it was made from, kept in the output folder."""

VALIDATED = ".validated"
"""The manifest's entry (not an output) naming the folders the last build found clean."""


@dataclass(frozen=True)
class Job:
    """The outputs of one edition to render, and the key each must end up with."""

    edition: Edition
    formats: tuple[str, ...]
    keys: dict[str, str]
    """Output path (relative to the output folder) → input hash."""
    sizes: dict[str, int] = field(default_factory=dict)
    """Format → size in bytes of this edition's outputs that are fresh (not re-rendered), for
    the download links of its HTML page."""
    linked: tuple[str, ...] = ()
    """The formats the HTML page links to (every built format but html), in build order."""


def templates_hash() -> str:
    """One hash of every template, stylesheet, font and catalog (and the tool version)."""
    digest = hashlib.sha256(__version__.encode())
    root = templates_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def edition_key(edition: Edition, templates: str) -> str:
    """The hash of everything an edition's outputs are made from (its repr holds every field)."""
    return hashlib.sha256(f"{templates}\0{edition!r}".encode()).hexdigest()


def linked_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats an HTML page links to, with their sizes: every other one being built."""
    return tuple(f for f in formats if f != "html") if "html" in formats else ()


def output_key(edition_hash: str, fmt: str, formats: Sequence[str] = ()) -> str:
    """The key of one output: its edition's hash and its format; the HTML page's key also
    names the formats it links to (a build with other formats rewrites its download links)."""
    linked = linked_formats(formats) if fmt == "html" else ()
    return f"{edition_hash}:{fmt}" + (f":{'+'.join(linked)}" if linked else "")


def output_path(edition: Edition, fmt: str) -> str:
    return f"{edition.slug}/{edition.output_name(fmt)}"


def read_manifest(out: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


KEPT = 16
"""Keys of clean folders the manifest keeps, newest first (several folders built into one
output folder, or a folder's recent states: a key is a hash of content, so an old one is never
wrong, only unused)."""


def validated_keys(manifest: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """The keys of clean folders recorded in ``manifest`` (none if the entry is not ours)."""
    keys = (manifest.get(VALIDATED) or {}).get("keys")
    return tuple(keys.split()) if isinstance(keys, str) else ()


def record_validated(manifest: dict[str, dict[str, str]], keys: Sequence[str]) -> bool:
    """Add ``keys`` to the record, first, keeping the newest :data:`KEPT` (and every one of
    ``keys``, however many); whether it changed."""
    old = validated_keys(manifest)
    if set(keys) <= set(old):
        return False
    newest = list(dict.fromkeys([*keys, *old]))[: max(KEPT, len(set(keys)))]  # keys kept
    manifest[VALIDATED] = {"keys": " ".join(newest)}
    return True


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _is_fresh(
    out: Path, rel: str, key: str, manifest: dict[str, dict[str, str]], since: int
) -> bool:
    """Built from the same inputs and untouched since (same size, not newer than the manifest);
    a file touched since is trusted only if its bytes still hash to the recorded sha256."""
    entry = manifest.get(rel) or {}
    if entry.get("key") != key:
        return False
    try:
        stat = (out / rel).lstat()
    except OSError:
        return False
    if not S_ISREG(stat.st_mode):  # a link or a device is rebuilt (replaced), never read
        return False
    if str(stat.st_size) == str(entry.get("size")) and stat.st_mtime_ns <= since:
        return True
    return entry.get("sha256") == _sha256(out / rel)


def _manifest_time(out: Path) -> int:
    try:
        return (out / MANIFEST).stat().st_mtime_ns
    except OSError:
        return -1


def _fresh_sizes(
    edition: Edition,
    formats: Sequence[str],
    stale: dict[str, str],
    manifest: dict[str, dict[str, str]],
) -> dict[str, int]:
    """Format → recorded size of each fresh output (a fresh file's size is its manifest's)."""
    sizes = {}
    for fmt in formats:
        rel = output_path(edition, fmt)
        size = (manifest.get(rel) or {}).get("size", "")
        if rel not in stale and size.isdigit():
            sizes[fmt] = int(size)
    return sizes


@dataclass(frozen=True)
class Plan:
    """What a build must render: the stale editions' outputs, and whether the index is stale."""

    jobs: list[Job]
    index_key: str
    index_stale: bool
    edition_hashes: dict[tuple[str, str], str]
    """(slug, language) → the hash every output of that edition is keyed on."""


INDEX = "index.html"


def plan(editions: Sequence[Edition], formats: Sequence[str], out: Path, force: bool) -> Plan:
    """The editions with at least one output to (re)render, and which ones; and the index."""
    templates, manifest, since = templates_hash(), read_manifest(out), _manifest_time(out)
    jobs, commons = [], []
    for edition in editions:
        common = edition_key(edition, templates)
        commons.append(common)
        keys = {output_path(edition, f): output_key(common, f, formats) for f in formats}
        stale = {
            rel: key
            for rel, key in keys.items()
            if force or not _is_fresh(out, rel, key, manifest, since)
        }
        sizes = _fresh_sizes(edition, formats, stale, manifest)
        for fmt in linked_formats(formats):
            if output_path(edition, "html") in stale and fmt not in sizes:
                stale[output_path(edition, fmt)] = keys[output_path(edition, fmt)]
        if stale:
            formats_stale = tuple(f for f in formats if output_path(edition, f) in stale)
            jobs.append(Job(edition, formats_stale, stale, sizes, linked_formats(formats)))
    index_key = hashlib.sha256("\0".join([templates, *formats, *commons]).encode()).hexdigest()
    index_stale = force or not _is_fresh(out, INDEX, index_key, manifest, since)
    hashes = {(e.slug, e.language): h for e, h in zip(editions, commons, strict=True)}
    return Plan(jobs, index_key, index_stale, hashes)


def stale_paths(out: Path, keys: dict[str, str], force: bool) -> set[str]:
    """Which of ``keys`` (output path → key) must be made again."""
    manifest, since = read_manifest(out), _manifest_time(out)
    return {
        rel for rel, key in keys.items() if force or not _is_fresh(out, rel, key, manifest, since)
    }
