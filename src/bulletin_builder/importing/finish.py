"""Drafts → records: names matched to ``bulletins.toml``, ids, dates, the contact block.

Everything here is decided before anything is written: the bulletin records, the contact
blocks that must be created, and for the report, where each field came from.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin_builder.importing.draft import TODO, Draft
from bulletin_builder.importing.family_finish import (
    family_fields,
    keep_known_problems_text,
    shown_fix_date,
    table_problem,
)
from bulletin_builder.importing.ids import key_text, slug, unique
from bulletin_builder.importing.labels import key
from bulletin_builder.importing.placing import Context, Imported, Trace, place_contact
from bulletin_builder.model.blocks import Problem, Section
from bulletin_builder.model.records import Bulletin
from bulletin_builder.source.config import Named
from bulletin_builder.source.numbers import MESSAGE_NUMBER, slug_of


def _canonical(table: dict[str, Named], language: str, value: str) -> str | None:
    return next(
        (n.name(language) for n in table.values() if key(n.names.get(language, "")) == key(value)),
        None,
    )


def _header(draft: Draft, language: str, ctx: Context, out: Trace) -> dict[str, str]:
    config = ctx.project.config
    values = {name: " ".join(v.split()) for name, v in draft.fields.items()}
    number = values.get("message_number", TODO)
    match = MESSAGE_NUMBER.match(number)
    origins = dict(draft.origins)
    if "date" not in values and match:
        values["date"], origins["date"] = match["date"], "the message number"
    series = _canonical(config.series, language, values.get("series", ""))
    if series is None and match and match["prefix"] in config.series:
        if "series" in values:
            out.notes.append(
                f"series line {values['series']!r} is not in bulletins.toml; "
                f"used the series of {match['prefix']}"
            )
        series, origins["series"] = (
            config.series[match["prefix"]].name(language),
            "bulletins.toml, by the message number",
        )
    values["series"] = series or values.get("series", TODO)
    audience = _canonical(config.audiences, language, values.get("audience", ""))
    values["audience"] = audience or values.get("audience", TODO)
    for name in ("message_number", "series", "title", "audience", "date"):
        values.setdefault(name, TODO)
        out.placed.append((name, values[name], origins.get(name, "not found: TODO")))
    return values


def _sibling_ids(bulletin_number: str, language: str, ctx: Context) -> list[list[str]] | None:
    """Problem ids of the same bulletin in another language, section by section."""
    for other in ctx.bulletins():
        if other.message_number == bulletin_number and other.language != language:
            return [[p.id for p in s.problems] for s in other.sections]
    return None


def _sections(draft: Draft, number: str, language: str, ctx: Context, out: Trace) -> list[Section]:
    known = {
        key_text(p.description): p.id
        for b in ctx.bulletins()
        if b.language == language
        for p in b.problems()
    }
    sibling = _sibling_ids(number, language, ctx)
    shape = [len(s.problems) for s in draft.sections]
    if sibling is not None and [len(s) for s in sibling] != shape:
        out.notes.append(
            "the other language's file has other problems: ids derived from the descriptions"
        )
        sibling = None
    taken: set[str] = set()
    sections = []
    for s_index, section in enumerate(draft.sections):
        problems = []
        for p_index, problem in enumerate(section.problems):
            wanted = (
                sibling[s_index][p_index] if sibling else known.get(key_text(problem.description))
            )
            problem_id = unique(wanted or slug(problem.description), taken)
            problems.append(table_problem(problem, problem_id))
            out.placed.append(
                (
                    f"sections[{s_index}].problems[{p_index}]",
                    f"{problem_id}, fix date {shown_fix_date(problem)}",
                    section.origin,
                )
            )
        heading = " ".join(section.heading.split())
        sections.append(Section(heading=heading, problems=problems, audience=section.audience))
        out.placed.insert(
            len(out.placed) - len(problems),
            (f"sections[{s_index}].heading", section.heading, section.origin),
        )
    if not sections:
        out.notes.append("no known-problems table: a TODO section was written")
        sections = [
            Section(
                heading=TODO,
                problems=[
                    Problem(id="todo-problem-id", description=TODO, workaround=TODO, fix_date="TBD")
                ],
            )
        ]
    return sections


def _file_stem(number: str, source: Path, language: str, ctx: Context) -> str:
    reference = ctx.project.config.reference_form(number, language)
    if reference is not None or MESSAGE_NUMBER.match(number):
        return slug_of(reference or number)
    return (
        re.sub(r"[^a-z0-9]+", "-", (number if number != TODO else source.stem).lower()).strip("-")
        or "imported"
    )


def finish(draft: Draft, source: Path, folder: Path, ctx: Context) -> Imported:
    """The bulletin record (and new contact blocks) a draft becomes."""
    language = draft.language or "en"
    out = Trace()
    values = _header(draft, language, ctx, out)
    fields = family_fields(draft, values["message_number"], language, ctx, out, folder)
    if "blocks" in fields:
        sections, contact = [], None
    else:
        keep_known_problems_text(draft)
        sections = _sections(draft, values["message_number"], language, ctx, out)
        contact = place_contact(draft, language, ctx, out, folder, draft.contact)
    body = draft.body_markdown()
    if draft.body:
        out.placed.append(
            (
                "body",
                f"{len(draft.body)} paragraph(s)",
                "text between the header and the first table",
            )
        )
    bulletin = Bulletin(
        message_number=values["message_number"],
        language=language,  # type: ignore[arg-type]
        series=values["series"],
        title=values["title"],
        audience=values["audience"],
        date=values["date"],
        contact=contact,
        sections=sections,
        body=body,
        **fields,
    )
    stem = _file_stem(values["message_number"], source, language, ctx)
    imported = Imported(
        source=source,
        path=folder / f"{stem}.{language}.md",
        bulletin=bulletin,
        contacts=out.contacts,
        placed=out.placed,
        leftovers=list(draft.leftovers),
        notes=out.notes + draft.notes,
    )
    ctx.done.append(imported)
    return imported
