"""``bulletin build``: validate everything, render what changed, write it atomically.

The pipeline in one function (:func:`build`): read and validate every source first and
stop before writing anything if one is invalid; then render every stale output in memory,
in parallel; then write them all, staged first and renamed only when every one is on disk;
then record what was built. The output folder is locked while a build plans, renders and
writes, so two builds of one tree run one after the other and both finish whole.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from bulletin_builder.build.budget import Budget, within
from bulletin_builder.build.plan import (
    INDEX,
    MANIFEST,
    Job,
    output_path,
    plan,
    read_manifest,
    record_validated,
    stale_paths,
    validated_keys,
)
from bulletin_builder.build.post import Built, PostStep, make_extras, record
from bulletin_builder.build.write import remove_stale_temps, write_all
from bulletin_builder.errors import BulletinError, UsageError
from bulletin_builder.model.edition import Edition
from bulletin_builder.validate.parallel import Progress, cores, run_parallel
from bulletin_builder.validate.runner import load_checked


class RenderError(BulletinError):
    """A renderer failed; nothing was written."""


class WriteError(BulletinError):
    """The outputs could not be written (no space, no permission); the previous ones were kept."""


def render_job(job: Job, budget: Budget | None = None) -> dict[str, bytes]:
    """Render one edition's stale outputs (runs in a worker process), each within ``budget``.

    The HTML page comes last: its download links give the size of every other file.
    """
    from bulletin_builder.render import get_renderer  # noqa: PLC0415

    rendered, sizes = {}, dict(job.sizes)
    for fmt in sorted(job.formats, key=lambda f: f == "html"):
        edition = job.edition
        if fmt == "html":
            downloads = tuple((f, sizes[f]) for f in job.linked if f in sizes)
            edition = replace(edition, downloads=downloads)
        what = f"the {fmt.upper()} of {job.edition.slug} ({job.edition.language})"
        with within(budget or Budget(), what):
            data = get_renderer(fmt).render(edition)
        sizes[fmt] = len(data)
        rendered[output_path(job.edition, fmt)] = data
    return rendered


def _preload(jobs: Sequence[Job]) -> None:
    """Prepare the renderers the jobs need once, here, so the render processes forked
    afterwards start warm instead of each loading WeasyPrint and the stylesheets again."""
    from bulletin_builder.render import get_renderer  # noqa: PLC0415

    languages = sorted({job.edition.language for job in jobs})
    for fmt in sorted({f for job in jobs for f in job.formats}):
        get_renderer(fmt).prepare(languages)


def render_all(
    jobs: Sequence[Job],
    jobs_n: int | None,
    progress: Progress | None = None,
    budget: Budget | None = None,
) -> dict[str, bytes]:
    """Render every job in worker processes (several when there is more than one job), each
    output within ``budget``."""
    workers = min(jobs_n or cores(), len(jobs))
    _preload(jobs)
    work = functools.partial(render_job, budget=budget or Budget())
    results = run_parallel(work, jobs, workers, progress, isolated=True)
    return {rel: data for result in results for rel, data in result.items()}


def _index(editions: Sequence[Edition], formats: Sequence[str]) -> bytes:
    from bulletin_builder.render.index import render_index  # noqa: PLC0415

    return render_index(list(editions), formats=tuple(formats))


def refuse_links(out: Path, editions: Sequence[Edition]) -> None:
    """A :class:`UsageError` if the output folder or an edition's folder in it is a symbolic
    link: a build writes only where it was told to, never where a link leads."""
    for folder in (out, *(out / edition.slug for edition in editions)):
        if folder.is_symlink():
            raise UsageError(
                f"{folder} is a symbolic link; a build never writes through links "
                "(remove the link, or name the real folder with --out)"
            )


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


def _render_error(exc: Exception) -> RenderError:
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415 - on failure only

    if isinstance(exc, BrokenProcessPool):
        return RenderError("a render process ended abruptly (out of memory?); nothing was written")
    return RenderError(f"rendering failed, nothing was written: {exc}")


def _manifest_bytes(manifest: dict[str, dict[str, str]]) -> bytes:
    return json.dumps(manifest, indent=1, sort_keys=True).encode()


def _remember_clean(out: Path, clean: Sequence[str]) -> None:
    """Record the folders found clean when nothing else changed but the record lacks them (the
    first build after the tool changed), so the next build does not check them again. Only
    an optimisation: an output folder that cannot be written to keeps its old record."""
    manifest = read_manifest(out)
    if manifest and record_validated(manifest, clean):
        with contextlib.suppress(WriteError):
            _write(out, {out / MANIFEST: _manifest_bytes(manifest)})


def build(
    paths: Sequence[Path],
    out: Path,
    formats: Sequence[str],
    *,
    strict: bool = False,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    budget: Budget | None = None,
    post: PostStep | None = None,
) -> str:
    """Build every bulletin under ``paths`` into ``out``; returns the one-line summary.

    Each output of each bulletin renders within ``budget`` (60 s and 1 GB by default);
    ``post`` declares the outputs made from every edition at once (feeds, indexes, e-mail).
    """
    # 1. Read and validate everything; raises ContentError before anything is written.
    #    A folder the last build found clean, read to the same bytes, is not checked again;
    #    but a strict build (the publishing gate) trusts no record and checks everything.
    known = frozenset() if strict else frozenset(validated_keys(read_manifest(out)))
    editions, clean = load_checked(paths, strict=strict, known_clean=known)
    refuse_links(out, editions)
    with locked(out):
        for folder in {out, *(out / edition.slug for edition in editions)}:
            remove_stale_temps(folder)  # left by a build that was killed
        return _build_locked(
            editions,
            out,
            formats,
            jobs=jobs,
            force=force,
            progress=progress,
            budget=budget,
            post=post,
            clean=clean,
        )


def _build_locked(
    editions: Sequence[Edition],
    out: Path,
    formats: Sequence[str],
    *,
    jobs: int | None,
    force: bool,
    progress: Progress | None,
    budget: Budget | None = None,
    post: PostStep | None = None,
    clean: Sequence[str] = (),
) -> str:
    # 2. Decide what is stale: a hash of sources, templates and tool version per output.
    todo = plan(editions, formats, out, force)
    state = Built(editions, tuple(formats), todo.index_key, todo.edition_hashes)
    extras = post(state) if post else []
    redo = stale_paths(out, {x.path: x.key for x in extras}, force)
    for folder in {(out / x.path).parent for x in extras}:
        remove_stale_temps(folder)
    if not todo.jobs and not todo.index_stale and not redo:
        _remember_clean(out, clean)
        outputs = len(editions) * len(formats)
        return f"Nothing changed: {outputs} output(s) in {out}/ are up to date."
    # 3. Render every stale output in memory; a failing renderer stops the build here.
    try:
        rendered = render_all(todo.jobs, jobs, progress, budget)
        keys = {rel: key for job in todo.jobs for rel, key in job.keys.items()}
        if todo.index_stale:
            rendered[INDEX] = _index(editions, formats)
            keys[INDEX] = todo.index_key
    except BulletinError:
        raise
    except Exception as exc:
        raise _render_error(exc) from exc
    # 4. Record them; then make the stale outputs of the post step, which may read the record.
    manifest = read_manifest(out)
    for rel, data in rendered.items():
        record(manifest, rel, keys[rel], data)
    record_validated(manifest, clean)
    stale = [x for x in extras if x.path in redo]
    rendered.update(make_extras(stale, manifest, min(jobs or cores(), len(stale))))
    # 5. Stage every output, the index and the manifest; rename them only once all are on disk.
    files = {out / rel: data for rel, data in rendered.items()}
    files[out / MANIFEST] = _manifest_bytes(manifest)
    _write(out, files)
    built = len(rendered) - (INDEX in rendered)
    if not built:
        return f"Updated {out}/{INDEX}; every other output was up to date."
    return f"Built {built} file(s) from {len(editions)} bulletin edition(s) into {out}/."
