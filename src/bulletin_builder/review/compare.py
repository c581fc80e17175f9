"""Compare two records of one language: what changed, problem by stable id, and word by word.

Each function returns :data:`Found` tuples for one language; :mod:`bulletin_builder.review.diff`
merges the languages and notices a change made in one of them only.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from bulletin_builder.model.blocks import Problem, Section
from bulletin_builder.model.records import Bulletin, Contact

KINDS = (
    "file-added",
    "file-removed",
    "header",
    "problem-added",
    "problem-removed",
    "fix-date",
    "description",
    "workaround",
    "moved",
    "section-heading",
    "body",
    "contact",
)
"""Every kind of change, in the order they are reported."""

HEADER = (
    "message_number",
    "series",
    "title",
    "audience",
    "date",
    "kind",
    "status",
    "updates",
    "contact",
    "supersedes",
)
CONTACT_FIELDS = ("name", "heading", "hours", "web_form", "telephone", "tips", "body")
CONTEXT = 6
"""Unchanged words kept on each side of a change in a word diff; longer runs become '…'."""

WordOp = tuple[str, str]
"""('=' kept, '-' deleted, '+' inserted, '…' elided) and the words."""


@dataclass(frozen=True)
class Side:
    """A change in one language: the value before, after, and the word diff of a text."""

    before: str | None = None
    after: str | None = None
    words: tuple[WordOp, ...] = ()


Found = tuple[str, str, Side, str]
"""(kind, subject, side, language-neutral detail) for one language."""


def _elide(words: list[str], first: bool, last: bool) -> list[WordOp]:
    """Unchanged words: the ones next to a change, and '…' for the rest."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(words) <= keep_head + keep_tail + 1:
        return [("=", " ".join(words))]
    out: list[WordOp] = [("=", " ".join(words[:keep_head]))] if keep_head else []
    out.append(("…", "…"))
    return out + ([("=", " ".join(words[-keep_tail:]))] if keep_tail else [])


def word_diff(before: str, after: str) -> tuple[WordOp, ...]:
    """The word-level difference of two texts (whitespace and line breaks do not count)."""
    a, b = before.split(), after.split()
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ops: list[WordOp] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            ops.extend(_elide(a[i1:i2], index == 0, index == len(codes) - 1))
            continue
        if i2 > i1:
            ops.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", " ".join(b[j1:j2])))
    return tuple(ops)


def _text(kind: str, subject: str, before: str, after: str, detail: str = "") -> list[Found]:
    """A re-worded text, or nothing if only whitespace or line breaks changed."""
    if before.split() == after.split():
        return []
    return [(kind, subject, Side(before, after, word_diff(before, after)), detail)]


def _value(kind: str, subject: str, before: str | None, after: str | None) -> list[Found]:
    return [] if before == after else [(kind, subject, Side(before, after), "")]


def _place(index: int, section: Section) -> str:
    return f"section {index + 1}: {section.heading}"


def _problems(bulletin: Bulletin | None) -> dict[str, tuple[int, Section, Problem]]:
    """Problem id → (table index, table, problem); a single-problem block is a table of one."""
    if bulletin is None:
        return {}
    tables = []
    for block in bulletin.content():
        if block.problems is not None:
            tables.append(block.problems)
        elif block.problem is not None:
            tables.append(Section(heading=block.problem.id, problems=[block.problem]))
    return {p.id: (i, s, p) for i, s in enumerate(tables) for p in s.problems}


def fix_state(problem: Problem) -> str:
    """The fix date as the diff shows it: 'TBD', '2021-07-31', 'resolved 2021-07-31'."""
    return f"resolved {problem.resolved}" if problem.resolved else problem.fix_date


def _problem(
    pid: str, old: tuple[int, Section, Problem], new: tuple[int, Section, Problem]
) -> list[Found]:
    (i, s, a), (j, t, b) = old, new
    found = _value("fix-date", pid, fix_state(a), fix_state(b))
    found += _text("description", pid, a.description, b.description)
    found += _text("workaround", pid, a.workaround, b.workaround)
    if i != j:
        found.append(("moved", pid, Side(_place(i, s), _place(j, t)), f"section {i + 1} → {j + 1}"))
    return found


def _problem_changes(old: Bulletin | None, new: Bulletin | None) -> list[Found]:
    before, after = _problems(old), _problems(new)
    found: list[Found] = []
    for pid, (j, _, p) in after.items():
        if pid not in before:
            detail = f"section {j + 1}, fix date {p.fix_date}"
            found.append(("problem-added", pid, Side(None, p.description), detail))
    for pid, (_, _, p) in before.items():
        if pid not in after:
            found.append(
                ("problem-removed", pid, Side(p.description, None), f"fix date {p.fix_date}")
            )
    for pid, place in after.items():
        if pid in before:
            found += _problem(pid, before[pid], place)
    return found


def compare_bulletins(old: Bulletin | None, new: Bulletin | None) -> list[Found]:
    """Header fields, problems (added, removed, re-dated, re-worded, moved), headings and body."""
    found: list[Found] = []
    if old is not None and new is not None:
        for name in HEADER:
            found += _value("header", name, getattr(old, name), getattr(new, name))
    found += _problem_changes(old, new)
    if old is not None and new is not None:
        for index, (s, t) in enumerate(zip(old.sections, new.sections, strict=False)):
            found += _text("section-heading", f"section {index + 1}", s.heading, t.heading)
        found += _text("body", "body", old.body, new.body)
    return found


def contact_text(contact: Contact, name: str) -> str:
    """A contact block field as one text (telephone numbers and tips flattened)."""
    if name == "telephone":
        return "; ".join(
            f"{t.number} ({t.note})" if t.note else t.number for t in contact.telephone
        )
    if name == "tips":
        return " / ".join(f"{g.heading}: {'; '.join(g.items)}" for g in contact.tips)
    return str(getattr(contact, name))


def compare_contacts(old: Contact | None, new: Contact | None) -> list[Found]:
    """The contact block's fields that changed (nothing to list for an added or removed block)."""
    if old is None or new is None:
        return []
    found: list[Found] = []
    for name in CONTACT_FIELDS:
        before, after = contact_text(old, name), contact_text(new, name)
        if name in ("tips", "body", "hours"):
            found += _text("contact", name, before, after)
        else:
            found += _value("contact", name, before, after)
    return found
