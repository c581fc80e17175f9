"""What the index page, the feeds and the JSON index say about a bulletin, read in one place.

Every publishing output asks the same questions of an edition: which kind of bulletin it is,
whether it is open or resolved, which audience it is for, which edition it replaces. The
answers come from the family's own fields: ``kind`` (its title from ``[kinds.<key>]``),
``status`` and each problem's ``resolved`` date, and ``updates`` (or the seed's
``supersedes``) for the edition an edition follows. A bulletin's status is its latest
edition's: an original whose RESOLVED edition is built is resolved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import quote

from bulletin_builder.model.blocks import Problem
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin
from bulletin_builder.source.family import DEFAULT_KIND, DEFAULT_KINDS

KINDS = tuple(DEFAULT_KINDS)
"""The usual kinds, in the order the index page shows them (any other kind follows, by key)."""
STATUSES = ("open", "resolved", "cancelled")
"""Every status, in the order the index page shows them."""
STATUS_LABELS = {"open": "Open", "resolved": "Resolved", "cancelled": "Cancelled"}
"""English labels; the other languages translate them through templates/locale."""


def feed_path(language: str, audience: str | None = None) -> str:
    """Where a feed is written, relative to the output folder (the index page links to it)."""
    return f"feeds/{language}.atom" if audience is None else f"feeds/{language}/{audience}.atom"


def kind(bulletin: Bulletin) -> str:
    """The bulletin's kind, as declared in bulletins.toml ('known-problems' when it names none)."""
    return bulletin.kind or DEFAULT_KIND


def kind_order(key: str) -> tuple[int, str]:
    """Where a kind's group comes on the index page: :data:`KINDS` first, then by key."""
    return (KINDS.index(key) if key in KINDS else len(KINDS), key)


def _closed(problem: Problem, day: dt.date) -> bool:
    """Resolved (or fixed) on or before ``day``."""
    if problem.resolved is not None:
        return dt.date.fromisoformat(problem.resolved) <= day
    return problem.fix_day is not None and problem.fix_day <= day


def status(bulletin: Bulletin) -> str:
    """This edition's status: 'resolved' or 'cancelled' when its ``status`` says so;
    'resolved' when it has problems and every one is resolved (or fixed) on or before its
    date; else 'open' (a notice in force, a window announced, a problem still open).

    Read from the bulletin alone (never from today's date), so a build is the same any day.
    """
    if bulletin.status in ("resolved", "cancelled"):
        return bulletin.status
    problems = bulletin.problems()
    done = all(_closed(problem, bulletin.day) for problem in problems)
    return "resolved" if problems and done else "open"


def audience(edition: Edition) -> str:
    """The audience's stable key in bulletins.toml, e.g. 'commercial-clients'."""
    return edition.audience_key


def updated(bulletin: Bulletin) -> dt.date:
    """The date this edition was published (a feed entry's ``updated``)."""
    return bulletin.day


def replaces(bulletin: Bulletin) -> str | None:
    """The message number (in the bulletin's language) of the edition this one follows: the
    original it ``updates``, resolves, corrects or cancels, or the one it ``supersedes``."""
    return bulletin.updates or bulletin.supersedes


def previous(edition: Edition, editions: Sequence[Edition]) -> Edition | None:
    """The edition (same language) that ``edition`` replaces, if it is among ``editions``."""
    number = replaces(edition.bulletin)
    if number is None:
        return None
    return next(
        (
            e
            for e in editions
            if e.language == edition.language and e.bulletin.message_number == number
        ),
        None,
    )


TAG_AUTHORITY = "cbsa-asfc.gc.ca,2021"
"""The tagging entity of every edition id: the agency's domain and a year it held it."""


def edition_id(bulletin: Bulletin) -> str:
    """A ``tag:`` URI (RFC 4151) naming this edition in this language, stable for ever.

    Made from the message number and the language only, so it never changes when the
    bulletin is re-worded, re-built or moved to another address.
    """
    number = quote(bulletin.message_number, safe="")
    return f"tag:{TAG_AUTHORITY}:bulletin/{number}/{bulletin.language}"


def lineage(editions: Sequence[Edition]) -> dict[str, str]:
    """Slug → slug of the first edition of its bulletin (following what each one replaces)."""
    by_number = {e.bulletin.message_number: e.slug for e in editions}
    parent = {
        e.slug: by_number[number]
        for e in editions
        if (number := replaces(e.bulletin)) in by_number and by_number[number] != e.slug
    }
    roots: dict[str, str] = {}
    for slug in {e.slug for e in editions}:
        seen, current = {slug}, slug
        while current in parent and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
        roots[slug] = current
    return roots


def statuses(editions: Sequence[Edition]) -> dict[str, str]:
    """Slug → the status of the bulletin it is an edition of: its latest edition's."""
    roots = lineage(editions)
    latest: dict[str, Edition] = {}
    for edition in sorted(editions, key=lambda e: (e.bulletin.date, e.slug)):
        latest[roots[edition.slug]] = edition
    return {slug: status(latest[root].bulletin) for slug, root in roots.items()}
