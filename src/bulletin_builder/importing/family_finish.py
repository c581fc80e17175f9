"""A draft of the family → the ``kind``, ``blocks`` and edition fields of its bulletin.

A draft holding a block only the family has (windows, a single problem, numbered text), a
contact block without a known-problems table, or several contact blocks, is written with
``blocks:`` in reading order, text between them as ``text`` blocks. Any other draft keeps
the known-problems form (``sections``, ``body``, ``contact``): text before the first table
is its body, text after it a leftover under TODO. The kind is ``--kind``, else the kind of
``bulletins.toml`` whose required blocks the bulletin has (the most specific one).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bulletin_builder.importing.blocks import to_markdown
from bulletin_builder.importing.draft import (
    TODO,
    ContactDraft,
    Draft,
    Leftover,
    ProblemDraft,
    SectionDraft,
)
from bulletin_builder.importing.family_draft import (
    NumberedDraft,
    SingleProblemDraft,
    TextDraft,
    WindowsDraft,
)
from bulletin_builder.importing.ids import problem_ids
from bulletin_builder.importing.placing import Context, Trace, place_contact
from bulletin_builder.model.blocks import (
    Block,
    HistoryEntry,
    NumberedItem,
    Problem,
    Reference,
    Section,
    Window,
    WindowTable,
)
from bulletin_builder.model.records import Bulletin
from bulletin_builder.source.family import DEFAULT_KIND, Kind

FAMILY_ONLY = (WindowsDraft, NumberedDraft, SingleProblemDraft)
SPECIFIC = ("windows", "problem", "numbered", "problems", "contact", "text")
"""Block types from the most telling of a kind to the least."""
REQUIRED = ("start", "clients_affected", "description")

ContactOf = Callable[[ContactDraft], str]
IdsOf = Callable[[list[tuple[str, str, str]]], list[str]]
"""(description, fix date, where) of every problem → their ids."""


def is_family(draft: Draft) -> bool:
    contacts = [i for i in draft.items if isinstance(i, ContactDraft)]
    return (
        any(isinstance(i, FAMILY_ONLY) for i in draft.items)
        or len(contacts) > 1
        or (bool(contacts) and not draft.sections)
    )


def keep_known_problems_text(draft: Draft) -> None:
    """Text before the first table is the body; text after it, a leftover (the old form)."""
    first = next((n for n, i in enumerate(draft.items) if not isinstance(i, TextDraft)), None)
    for n, item in enumerate(draft.items):
        if not isinstance(item, TextDraft):
            continue
        if first is None or n < first:
            draft.body.extend(item.chunks)
        elif markdown := to_markdown(item.chunks):
            draft.leftovers.append(Leftover(markdown, item.why))


def kind_of(types: list[str], kinds: dict[str, Kind]) -> str | None:
    """The declared kind whose required blocks ``types`` (in reading order) holds: the one
    requiring the first block that is not text or a contact, else the most specific one."""
    fits = [k for k in kinds.values() if k.requires and set(k.requires) <= set(types)]
    if not fits:
        return None
    first = [SPECIFIC.index(t) for t in types if t not in ("text", "contact")][:1]

    def rank(kind: Kind) -> tuple[bool, int, int]:
        needs = [SPECIFIC.index(t) for t in kind.requires]
        return (not set(first) & set(needs), min(needs), -len(needs))

    return min(fits, key=rank).key


def _windows(item: WindowsDraft) -> WindowTable:
    windows = []
    for window in item.windows:
        values = dict.fromkeys(REQUIRED, TODO) | window.values
        if "end" not in values and "duration" not in values:
            values["end"] = TODO
        windows.append(Window(system=window.system, **values))
    return WindowTable(heading=item.heading, windows=windows)


def _numbered(item: NumberedDraft) -> list[NumberedItem]:
    return [NumberedItem(**{kind: text}) for kind, text in item.items]


def _problem(item: SingleProblemDraft, problem_id: str) -> Problem:
    return Problem(
        id=problem_id,
        description=item.description or TODO,
        scope=item.scope or None,
        workaround=item.workaround or TODO,
        fix_date=item.fix_date or TODO,
        resolved=item.resolved,
    )


def table_problem(draft: ProblemDraft, problem_id: str) -> Problem:
    """A problem read from a row of a known-problems table, with its id."""
    return Problem(
        id=problem_id,
        description=draft.description,
        workaround=draft.workaround,
        fix_date=draft.fix_date,
        resolved=draft.resolved,
    )


def _section(item: SectionDraft, ids: list[str]) -> Section:
    problems = [table_problem(p, i) for p, i in zip(item.problems, ids, strict=True)]
    return Section(
        heading=" ".join(item.heading.split()), problems=problems, audience=item.audience
    )


def shown_fix_date(problem: ProblemDraft | SingleProblemDraft) -> str:
    """The fix date written, and as read when that differs ('2021-07-31 (read 'July 31…')')."""
    same = problem.fix_date == problem.fix_date_read
    return problem.fix_date if same else f"{problem.fix_date} (read {problem.fix_date_read!r})"


def family_blocks(draft: Draft, contact_of: ContactOf, ids_of: IdsOf) -> list[Block]:
    """The draft's items as blocks, in reading order."""
    described: list[tuple[str, str, str]] = []
    for item in draft.items:
        if isinstance(item, SectionDraft):
            described += [(p.description, shown_fix_date(p), item.origin) for p in item.problems]
        elif isinstance(item, SingleProblemDraft):
            described.append((item.description, shown_fix_date(item), "a single problem"))
    ids = iter(ids_of(described))
    blocks: list[Block] = []
    for item in draft.items:
        if isinstance(item, TextDraft):
            if markdown := to_markdown(item.chunks):
                blocks.append(Block(text=markdown))
        elif isinstance(item, SectionDraft):
            blocks.append(Block(problems=_section(item, [next(ids) for _ in item.problems])))
        elif isinstance(item, SingleProblemDraft):
            blocks.append(Block(problem=_problem(item, next(ids))))
        elif isinstance(item, WindowsDraft):
            blocks.append(Block(windows=_windows(item)))
        elif isinstance(item, NumberedDraft):
            blocks.append(Block(numbered=_numbered(item)))
        elif isinstance(item, ContactDraft):
            blocks.append(Block(contact=contact_of(item)))
    return blocks


def edition_fields(draft: Draft) -> dict[str, Any]:
    """status, updates, correction, supersedes, history, references of the bulletin."""
    edition = draft.edition
    return {
        "status": edition.status,
        "updates": edition.updates,
        "correction": edition.correction,
        "supersedes": edition.supersedes,
        "history": [HistoryEntry(date=day, text=text or TODO) for day, text in edition.history],
        "references": [
            Reference(title=title, bulletin=number, url=url)
            for title, number, url in edition.references
        ],
    }


def chosen_kind(blocks: list[Block], forced: str | None, kinds: dict[str, Kind]) -> str | None:
    """``--kind``, else the kind the blocks fit; None for the default kind."""
    kind = forced or kind_of([b.type for b in blocks], kinds)
    return None if kind == DEFAULT_KIND and forced is None else kind


def family_fields(
    draft: Draft, number: str, language: str, ctx: Context, out: Trace, folder: Path
) -> dict[str, Any]:
    """The edition's fields, and the kind and blocks of a bulletin of the family's shapes."""
    fields = edition_fields(draft)
    for name, value in fields.items():
        if isinstance(value, list) and value:
            out.placed.append((name, f"{len(value)} item(s)", f"the '{name}' part"))
        elif value:
            out.placed.append((name, str(value), "the lines under the header"))
    if not is_family(draft):
        if ctx.kind:
            out.placed.append(("kind", ctx.kind, "--kind"))
        return fields | {"kind": ctx.kind}

    def ids_of(described: list[tuple[str, str, str]]) -> list[str]:
        config = ctx.project.config
        mine = config.reference_form(number, language) or number

        def sibling(other: Bulletin) -> bool:
            theirs = config.reference_form(other.message_number, other.language)
            return (theirs or other.message_number) == mine

        texts = [d for d, _, _ in described]
        ids, other = problem_ids(texts, language, ctx.bulletins(), sibling)
        if other:
            out.notes.append(
                "the other language's file has other problems: ids derived from the descriptions"
            )
        for index, (problem_id, (_, read, where)) in enumerate(zip(ids, described, strict=True)):
            out.placed.append((f"problem {index + 1}", f"{problem_id}, fix date {read}", where))
        return ids

    blocks = family_blocks(
        draft, lambda found: place_contact(draft, language, ctx, out, folder, found), ids_of
    )
    for window in (w for i in draft.items if isinstance(i, WindowsDraft) for w in i.windows):
        times = [f"{n} {window.values[n]} (read {r!r})" for n, r in window.read.items()]
        out.placed.append(("window", "; ".join([window.system, *times]), "a service-window table"))
    kind = chosen_kind(blocks, ctx.kind, ctx.project.config.kinds)
    out.placed.append(("kind", kind or "known-problems", "--kind" if ctx.kind else "the blocks"))
    out.placed.append(("blocks", ", ".join(b.type for b in blocks), "the body, in reading order"))
    return fields | {"kind": kind, "blocks": blocks}
