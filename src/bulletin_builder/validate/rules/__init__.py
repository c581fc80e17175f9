"""The cross-file rules: every rule sees the whole project and returns its diagnostics.

Each rule module groups one family of codes (see ``docs/diagnostics.md``):
``identity`` (BB3xx: message numbers, ids, dates, references), ``parity`` (BB2xx: English
and French in step), ``terminology`` (BB209, BB210: the agency's French terms), ``safety``
(BB4xx: Markdown and URLs) and ``limits`` (BB409: size budgets).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from bulletin_builder.errors import Diagnostic
from bulletin_builder.model.project import Project
from bulletin_builder.validate.rules import family, identity, limits, parity, safety, terminology

Rule = Callable[[Project], Iterable[Diagnostic]]

RULES: tuple[Rule, ...] = (
    identity.check_bulletins,
    identity.check_contacts,
    identity.check_unique_numbers,
    identity.check_placeholders,
    family.check_family,
    family.check_contact_ways,
    parity.check_translations,
    terminology.check_terms,
    safety.check_markdown,
    limits.check_limits,
)


LOCAL_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r is not identity.check_unique_numbers)
"""The rules that need only a bulletin's own files (both languages) and the contact blocks:
all but message-number uniqueness, which compares every bulletin of the folder."""


def checked(project: Project) -> Project:
    """The project as the rules see it: a file whose record was salvaged despite errors (an
    unknown field, a value written wrong) is checked too, so a writer sees every error in one
    run; each check stops where it reads a value that could not be read (``readable``)."""
    return dataclasses.replace(
        project,
        bulletins=[dataclasses.replace(f, record=f.checked) for f in project.bulletins],
        contacts=[dataclasses.replace(f, record=f.checked) for f in project.contacts],
    )


KEPT_AT_UNREAD = frozenset({"BB316"})
"""Codes reported even at a value that could not be read: a placeholder not filled
('contact: TODO', also not a slug) tells the writer what the value's error means."""


def _under(field: str, unread: frozenset[str]) -> bool:
    """Whether ``field`` is one of ``unread`` or inside one ('sections[0]' holds
    'sections[0].heading')."""
    return any(field == f or field.startswith((f"{f}.", f"{f}[")) for f in unread)


def run_rules(project: Project, *, local_only: bool = False) -> list[Diagnostic]:
    """Every diagnostic of every rule (or of the local rules only), in rule order, but those
    at a value that could not be read: its error is reported already (one per cause)."""
    rules, seen = LOCAL_RULES if local_only else RULES, checked(project)
    unread = {f.source.path: f.unread for f in project.files() if f.unread}
    return [
        diagnostic
        for rule in rules
        for diagnostic in rule(seen)
        if diagnostic.code in KEPT_AT_UNREAD
        or not _under(diagnostic.field or "", unread.get(diagnostic.location.path, frozenset()))
    ]
