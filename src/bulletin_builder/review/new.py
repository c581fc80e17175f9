"""``bulletin new``: start a bulletin, or the next edition of one, without copy-paste mistakes.

A new bulletin gets the next free message number of its series and date, the series name and
the first audience of ``bulletins.toml`` in each language, the first contact block, and
``TODO`` placeholders that fail validation (BB316) until a writer fills them. ``--from``
starts from a previous edition instead: its open problems (fix date TBD, N/A, or not before
the new date), contact, title and audience, with ``supersedes`` naming it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from bulletin_builder.errors import ContentError, UsageError
from bulletin_builder.model.blocks import Problem, Section
from bulletin_builder.model.fields import FieldError, parse_iso_date
from bulletin_builder.model.project import Project, load_project
from bulletin_builder.model.records import Bulletin
from bulletin_builder.review.emit import bulletin_source
from bulletin_builder.review.skeleton import (
    PLACEHOLDER,
    next_parts,
    number_in,
    placeholder_problem,
    skeleton,
)
from bulletin_builder.source.config import Config
from bulletin_builder.source.family import DEFAULT_KIND
from bulletin_builder.source.numbers import slug_of


def _date(value: str) -> dt.date:
    try:
        return parse_iso_date(value)
    except FieldError as exc:
        raise UsageError(f"--date: {exc.message}") from None


def _default_contact(project: Project) -> str:
    contacts = sorted({c.stem for c in project.contacts if c.record is not None})
    return contacts[0] if contacts else PLACEHOLDER


def blank(
    project: Project, series: str, number: str, day: str, language: str, kind: str = DEFAULT_KIND
) -> Bulletin:
    """A new bulletin of ``kind`` in ``language``, with placeholders where the writer writes."""
    config = project.config
    audiences = list(config.audiences.values())
    return Bulletin(
        message_number=number,
        language=language,  # type: ignore[arg-type]
        series=config.series[series].name(language),
        title=PLACEHOLDER,
        audience=audiences[0].name(language) if audiences else PLACEHOLDER,
        date=day,
        **skeleton(project, kind, day, _default_contact(project)),  # type: ignore[arg-type]
    )


def _still_open(problem: Problem, day: dt.date) -> bool:
    fixed = problem.fix_day
    return fixed is None or fixed >= day


def follow_up(previous: Bulletin, number: str, day: str) -> Bulletin:
    """The next edition: open problems only, new number and date, ``supersedes`` the previous."""
    when = dt.date.fromisoformat(day)
    sections = [
        dataclasses.replace(s, problems=[p for p in s.problems if _still_open(p, when)])
        for s in previous.sections
    ]
    kept = [s for s in sections if s.problems] or [
        Section(heading=previous.sections[0].heading, problems=[placeholder_problem()])
    ]
    return dataclasses.replace(
        previous, message_number=number, date=day, sections=kept, supersedes=previous.message_number
    )


def _previous(project: Project, slug: str) -> dict[str, Bulletin]:
    files = [f for f in project.bulletins if f.stem == slug]
    if not files:
        raise UsageError(f"--from {slug}: no bulletin {slug}.<language>.md in {project.root}/")
    invalid = [d for f in files if f.record is None for d in f.source.diagnostics]
    if invalid:
        raise ContentError(invalid)
    return {f.language: f.record for f in files if f.record is not None}


def _series(config: Config, series: str | None, previous: dict[str, Bulletin]) -> str:
    if previous:
        old = next(iter(previous.values()))
        found = config.number_parts(old.message_number, old.language)
        if found is not None:
            series = series or found[0]
    if series is None:
        raise UsageError("name the series: --series CARM (or start from an edition with --from)")
    if series not in config.series:
        known = ", ".join(config.series) or "none"
        raise UsageError(f"unknown series {series!r}; known in bulletins.toml: {known}")
    return series


def plan(
    root: Path,
    day: str,
    *,
    series: str | None = None,
    source: str | None = None,
    kind: str | None = None,
) -> dict[Path, Bulletin]:
    """Path → bulletin for every language of the new bulletin (nothing written yet)."""
    when = _date(day)
    project = load_project(root)
    previous = _previous(project, source) if source else {}
    key = _series(project.config, series, previous)
    if kind is not None and kind not in project.config.kinds:
        known = ", ".join(project.config.kinds) or "none"
        raise UsageError(f"unknown kind {kind!r}; known in bulletins.toml: {known}")
    parts = next_parts(project, key, day)
    number = number_in(project, key, parts, project.config.reference_language)
    old = next(iter(previous.values()), None)
    if old is not None and old.day >= when:
        raise UsageError(f"--date {day} must be after the date of {source} ({old.date})")
    out = {}
    for lang in project.config.languages:
        if previous and lang not in previous:
            raise UsageError(f"--from {source}: no '{lang}' file to start the {lang} edition from")
        local = number_in(project, key, parts, lang)
        bulletin = (
            follow_up(previous[lang], local, day)
            if previous
            else blank(project, key, local, day, lang, kind or DEFAULT_KIND)
        )
        out[root / f"{slug_of(number)}.{lang}.md"] = bulletin
    return out


def new_bulletin(
    root: Path,
    day: str,
    *,
    series: str | None = None,
    source: str | None = None,
    kind: str | None = None,
) -> list[Path]:
    """Write the new bulletin's files; refuses (writing nothing) if one of them exists."""
    files = plan(root, day, series=series, source=source, kind=kind)
    existing = [path for path in files if path.exists()]
    if existing:
        raise UsageError(f"refusing to overwrite {', '.join(map(str, existing))}")
    for path, bulletin in files.items():
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(bulletin_source(bulletin))
    return list(files)
