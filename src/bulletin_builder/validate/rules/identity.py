"""BB3xx: message numbers, file names, problem ids, fix dates, series, audiences, contacts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bulletin_builder.errors import Diagnostic, Location, Severity
from bulletin_builder.model.fields import parse_iso_date
from bulletin_builder.model.project import AnyFile, BulletinFile, ContactFile, Project
from bulletin_builder.model.records import Bulletin
from bulletin_builder.model.salvage import readable
from bulletin_builder.source import yamltree
from bulletin_builder.source.config import Named
from bulletin_builder.source.numbers import slug_of, year_of
from bulletin_builder.source.yamltree import field_name


def _check_number(file: BulletinFile, project: Project) -> Iterator[Diagnostic]:
    bulletin, config = file.record, project.config
    assert bulletin is not None
    number = bulletin.message_number
    series = config.find(config.series, bulletin.language, bulletin.series)
    found = config.number_parts(number, bulletin.language, series.key if series else None)
    if found is None:
        yield file.diagnostic(
            "BB301",
            f"message number {number!r} is not written as {_forms(project, series)}",
            "message_number",
            hint=f"e.g. {_example(project, series, bulletin)}",
        )
        return
    key, parts = found
    reference = config.patterns[key][config.reference_language].format(parts)
    if file.language and slug_of(reference) != file.stem:  # a bad file name is BB009 already
        yield file.diagnostic(
            "BB302",
            f"message number {number!r} does not match the file name '{file.source.path.name}'",
            "message_number",
            hint=f"rename the file to {slug_of(reference)}.{file.language}.md",
        )
    year = year_of(parts)
    if "date" in parts and parts["date"] != bulletin.date:
        yield file.diagnostic(
            "BB303",
            f"message number date {parts['date']} differs from the date field ({bulletin.date})",
            "message_number",
            hint="the message number carries the publication date",
        )
    elif year is not None and year != bulletin.date[:4]:
        yield file.diagnostic(
            "BB303",
            f"message number year {year} differs from the date field ({bulletin.date})",
            "message_number",
            hint="the message number carries the year of publication",
        )
    if series is not None and series.key != key:
        yield file.diagnostic(
            "BB314",
            f"message number prefix {key!r} does not belong "
            f"to the series {bulletin.series!r} ({series.key})",
            "message_number",
        )


def _forms(project: Project, series: Named | None) -> str:
    """How numbers are written: the series' own form, or '<SERIES> YYYY-MM-DD[-N]'."""
    if series is None or series.key not in project.config.patterns:
        return "'<SERIES> YYYY-MM-DD[-N]'"
    pattern = project.config.patterns[series.key][project.config.reference_language]
    return f"'{pattern.describe()}'"


def _example(project: Project, series: Named | None, bulletin: Bulletin) -> str:
    patterns = project.config.patterns
    if series is None or series.key not in patterns:
        return "CARM 2021-07-15 or CARM 2021-07-15-2"
    return patterns[series.key][bulletin.language].example(bulletin.date)


def _check_names(file: BulletinFile, project: Project) -> Iterator[Diagnostic]:
    bulletin, config = file.record, project.config
    assert bulletin is not None
    if file.language and bulletin.language != file.language:
        yield file.diagnostic(
            "BB312",
            f"language {bulletin.language!r} differs from the file name's {file.language!r}",
            "language",
        )
    for key, table in (("series", config.series), ("audience", config.audiences)):
        value = getattr(bulletin, key)
        if config.find(table, bulletin.language, value) is None:
            known = ", ".join(repr(n) for n in config.names(table, bulletin.language)) or "none"
            code = "BB309" if key == "series" else "BB310"
            yield file.diagnostic(
                code,
                f"unknown {key} {value!r} for language '{bulletin.language}'",
                key,
                hint=f"known: {known} (bulletins.toml)",
            )
    contacts = {(c.stem, c.language) for c in project.contacts}
    uses: list[tuple[tuple[str | int, ...], str]] = (
        [(("contact",), bulletin.contact)] if bulletin.contact else []
    )
    uses += [
        (("blocks", i, "contact"), b.contact) for i, b in enumerate(bulletin.blocks) if b.contact
    ]
    for path, contact in uses:
        if (contact, bulletin.language) not in contacts:
            yield file.diagnostic(
                "BB311",
                f"contact block '{contact}' not found",
                *path,
                hint=f"expected contacts/{contact}.{bulletin.language}.md",
            )


def _check_problems(file: BulletinFile) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    seen: dict[str, int] = {}
    for path, problem in bulletin.problem_paths():
        if problem.id in seen:  # by id: two on one line (flow style) are two as well
            yield file.diagnostic(
                "BB306",
                f"problem id '{problem.id}' is used twice (first at line {seen[problem.id]})",
                *path,
                "id",
                hint="give each problem its own id",
            )
        else:
            seen[problem.id] = file.at(*path, "id").line
        day = problem.fix_day
        resolved = problem.resolved is not None or bulletin.status == "resolved"
        if day is not None and day < bulletin.day and not resolved:
            yield file.diagnostic(
                "BB308",
                f"fix date {problem.fix_date} is before the bulletin's date ({bulletin.date})",
                *path,
                "fix_date",
                severity=Severity.WARNING,
                hint="if it is fixed, write 'resolved:' with the date it was resolved; "
                "otherwise correct the date",
            )


def _check_supersedes(file: BulletinFile, project: Project) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    if bulletin.supersedes is None:
        return
    found = project.config.number_parts(bulletin.supersedes, bulletin.language)
    dated = found is not None and "date" in found[1]
    if found is None or (dated and parse_iso_date(found[1]["date"]) >= bulletin.day):
        yield file.diagnostic(
            "BB315",
            f"supersedes {bulletin.supersedes!r} is not an earlier message number",
            "supersedes",
            hint="e.g. supersedes: CARM 2021-07-15",
        )


def check_bulletins(project: Project) -> Iterator[Diagnostic]:
    """Per-bulletin identity rules (only bulletins whose record validated)."""
    for file in project.bulletins:
        if file.record is not None:
            yield from readable(_check_number(file, project))
            yield from readable(_check_names(file, project))
            yield from readable(_check_problems(file))
            yield from readable(_check_supersedes(file, project))


def check_contacts(project: Project) -> Iterator[Diagnostic]:
    """A contact block's id and language match its file name."""
    for file in project.contacts:
        yield from readable(_check_contact(file))


def _check_contact(file: ContactFile) -> Iterator[Diagnostic]:
    contact = file.record
    if contact is not None:
        if contact.id != file.stem:
            yield file.diagnostic(
                "BB313",
                f"contact id '{contact.id}' differs from the file name '{file.stem}'",
                "id",
                hint=f"write id: {file.stem}",
            )
        if file.language and contact.language != file.language:
            yield file.diagnostic(
                "BB312",
                f"language {contact.language!r} differs from the file name's {file.language!r}",
                "language",
            )


@dataclass(frozen=True)
class NumberUse:
    """Where a valid bulletin declares its message number (what BB304 compares)."""

    number: str
    language: str
    location: Location


def _number_use(file: BulletinFile) -> Iterator[NumberUse]:
    if file.record is not None:
        yield NumberUse(file.record.message_number, file.record.language, file.at("message_number"))


def number_uses(project: Project) -> list[NumberUse]:
    """The message number of every bulletin whose number could be read, in file order."""
    return [use for f in project.bulletins for use in readable(_number_use(f))]


def duplicate_numbers(uses: Iterable[NumberUse]) -> Iterator[Diagnostic]:
    """BB304 for every use of a message number already used in the same language."""
    first: dict[tuple[str, str], NumberUse] = {}
    for use in sorted(uses, key=lambda u: str(u.location.path)):
        earlier = first.setdefault((use.number, use.language), use)
        if earlier is not use:
            yield Diagnostic(
                "BB304",
                f"message number {use.number!r} is already used by {earlier.location.path.name}",
                use.location,
                field="message_number",
                hint="use the next free number, e.g. add '-2'",
            )


def check_unique_numbers(project: Project) -> Iterator[Diagnostic]:
    """No two bulletins of one language share a message number."""
    yield from duplicate_numbers(number_uses(project))


PLACEHOLDER = re.compile(r"\bTODO\b", re.IGNORECASE)
"""What ``bulletin new`` writes where a writer still has to write (BB316)."""


def _placeholders(file: AnyFile) -> Iterator[Diagnostic]:
    hint = "replace the TODO placeholder with the real text"
    if "todo" not in file.source.text.lower():  # fast path: no placeholder anywhere
        return
    for scalar in file.source.texts:
        if scalar.value and PLACEHOLDER.search(scalar.value):
            path = yamltree.path_to(file.source.tree, scalar)
            yield file.diagnostic(
                "BB316",
                f"placeholder not filled: '{field_name(path)}' still says TODO",
                *path,
                hint=hint,
            )
    for offset, line in enumerate(file.source.body.split("\n")):
        match = PLACEHOLDER.search(line)
        if match:
            where = Location(file.source.path, file.source.body_line + offset, match.start() + 1)
            yield Diagnostic(
                "BB316", "placeholder not filled: the text still says TODO", where, hint=hint
            )


def check_placeholders(project: Project) -> Iterator[Diagnostic]:
    """BB316: no 'TODO' placeholder (as ``bulletin new`` writes them) left in any file."""
    for file in project.files():
        yield from _placeholders(file)
