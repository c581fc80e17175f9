"""``bulletin build``: validate everything, render what changed, write it atomically.

The pipeline in one function (:func:`build`): read and validate every source first and
stop before writing anything if one is invalid; then render every stale output in memory,
in parallel; then write them all, staged first and renamed only when every one is on disk;
then record what was built. The output folder is locked while a build plans, renders and
writes, so two builds of one tree run one after the other and both finish whole.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bulletin_builder import __version__
from bulletin_builder.errors import BulletinError
from bulletin_builder.paths import templates_dir
from bulletin_builder.render.edition import Edition
from bulletin_builder.validate import load_editions
from bulletin_builder.write import remove_stale_temps, write_all

Progress = Callable[[int, int], None]
"""Called with (editions rendered, editions to render) as rendering advances."""

MANIFEST = ".bulletin-build.json"
"""Output path → hash of everything it was made from, kept in the output folder."""


class RenderError(BulletinError):
    """A renderer failed; nothing was written."""


class WriteError(BulletinError):
    """The outputs could not be written (no space, no permission); the previous ones were kept."""


@dataclass(frozen=True)
class Job:
    """The outputs of one edition to render, and the key each must end up with."""

    edition: Edition
    formats: tuple[str, ...]
    keys: dict[str, str]
    """Output path (relative to the output folder) → input hash."""


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


def output_key(edition_hash: str, fmt: str) -> str:
    """The key of one output: its edition's hash and its format."""
    return f"{edition_hash}:{fmt}"


def output_path(edition: Edition, fmt: str) -> str:
    return f"{edition.slug}/{edition.output_name(fmt)}"


def _read_manifest(out: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


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
        stat = (out / rel).stat()
    except OSError:
        return False
    if str(stat.st_size) == str(entry.get("size")) and stat.st_mtime_ns <= since:
        return True
    return entry.get("sha256") == _sha256(out / rel)


def _manifest_time(out: Path) -> int:
    try:
        return (out / MANIFEST).stat().st_mtime_ns
    except OSError:
        return -1


@dataclass(frozen=True)
class Plan:
    """What a build must render: the stale editions' outputs, and whether the index is stale."""

    jobs: list[Job]
    index_key: str
    index_stale: bool


INDEX = "index.html"


def plan(editions: Sequence[Edition], formats: Sequence[str], out: Path, force: bool) -> Plan:
    """The editions with at least one output to (re)render, and which ones; and the index."""
    templates, manifest, since = templates_hash(), _read_manifest(out), _manifest_time(out)
    jobs, commons = [], []
    for edition in editions:
        common = edition_key(edition, templates)
        commons.append(common)
        keys = {output_path(edition, f): output_key(common, f) for f in formats}
        stale = {
            rel: key
            for rel, key in keys.items()
            if force or not _is_fresh(out, rel, key, manifest, since)
        }
        if stale:
            formats_stale = tuple(f for f in formats if output_path(edition, f) in stale)
            jobs.append(Job(edition, formats_stale, stale))
    index_key = hashlib.sha256("\0".join([templates, *formats, *commons]).encode()).hexdigest()
    index_stale = force or not _is_fresh(out, INDEX, index_key, manifest, since)
    return Plan(jobs, index_key, index_stale)


def render_job(job: Job) -> dict[str, bytes]:
    """Render one edition's stale outputs (runs in a worker process)."""
    from bulletin_builder.render import get_renderer  # noqa: PLC0415

    return {output_path(job.edition, f): get_renderer(f).render(job.edition) for f in job.formats}


def _preload(formats: Sequence[str]) -> None:
    """Import the renderers once in the parent, so forked workers start warm."""
    from bulletin_builder.render import get_renderer  # noqa: PLC0415

    for fmt in formats:
        get_renderer(fmt)


def render_all(
    jobs: Sequence[Job], jobs_n: int | None, progress: Progress | None = None
) -> dict[str, bytes]:
    """Render every job, in parallel across processes when there is more than one."""
    report = progress or (lambda done, total: None)
    workers = min(jobs_n or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        rendered: dict[str, bytes] = {}
        for done, job in enumerate(jobs, start=1):
            rendered.update(render_job(job))
            report(done, len(jobs))
        return rendered
    _preload(sorted({f for job in jobs for f in job.formats}))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render_job, job) for job in jobs]
        for done, _ in enumerate(as_completed(futures), start=1):
            report(done, len(jobs))
        results = [future.result() for future in futures]
    return {rel: data for result in results for rel, data in result.items()}


def _index(editions: Sequence[Edition], formats: Sequence[str]) -> bytes:
    from bulletin_builder.render.index import render_index  # noqa: PLC0415

    return render_index(list(editions), formats=tuple(formats))


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (a second build waits for the first)."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl  # noqa: PLC0415 - POSIX only; elsewhere builds are not serialized
    except ImportError:
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write(out: Path, files: dict[Path, bytes]) -> None:
    try:
        write_all(files)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(
            f"could not write the outputs into {out}/ ({reason}: "
            f"{exc.filename or out}); the previous files were kept"
        ) from exc


def build(
    paths: Sequence[Path],
    out: Path,
    formats: Sequence[str],
    *,
    strict: bool = False,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> str:
    """Build every bulletin under ``paths`` into ``out``; returns the one-line summary."""
    # 1. Read and validate everything; raises ContentError before anything is written.
    editions = load_editions(paths, strict=strict)
    with locked(out):
        for folder in {out, *(out / edition.slug for edition in editions)}:
            remove_stale_temps(folder)  # left by a build that was killed
        return _build_locked(editions, out, formats, jobs=jobs, force=force, progress=progress)


def _build_locked(
    editions: Sequence[Edition],
    out: Path,
    formats: Sequence[str],
    *,
    jobs: int | None,
    force: bool,
    progress: Progress | None,
) -> str:
    # 2. Decide what is stale: a hash of sources, templates and tool version per output.
    todo = plan(editions, formats, out, force)
    if not todo.jobs and not todo.index_stale:
        outputs = len(editions) * len(formats)
        return f"Nothing changed: {outputs} output(s) in {out}/ are up to date."
    # 3. Render every stale output in memory; a failing renderer stops the build here.
    try:
        rendered = render_all(todo.jobs, jobs, progress)
        keys = {rel: key for job in todo.jobs for rel, key in job.keys.items()}
        if todo.index_stale:
            rendered[INDEX] = _index(editions, formats)
            keys[INDEX] = todo.index_key
    except BulletinError:
        raise
    except Exception as exc:
        raise RenderError(f"rendering failed, nothing was written: {exc}") from exc
    # 4. Stage every output, the index and the manifest; rename them only once all are on disk.
    manifest = _read_manifest(out)
    for rel, data in rendered.items():
        manifest[rel] = {
            "key": keys[rel],
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": str(len(data)),
        }
    files = {out / rel: data for rel, data in rendered.items()}
    files[out / MANIFEST] = json.dumps(manifest, indent=1, sort_keys=True).encode()
    _write(out, files)
    built = len(rendered) - (INDEX in rendered)
    if not built:
        return f"Updated {out}/{INDEX}; every other output was up to date."
    return f"Built {built} file(s) from {len(editions)} bulletin edition(s) into {out}/."
