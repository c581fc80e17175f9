"""What the index page, the feeds and the JSON index say about a bulletin, read in one place.

Every publishing output asks the same questions of an edition: which kind of bulletin it is,
whether it is open or resolved, which audience it is for, which edition it replaces. Today's
model has one kind (known problems) and links an edition to the one it replaces with
``supersedes``; these accessors derive the answers from those fields. When the model learns
kinds, statuses and ``updates`` / ``corrects`` / ``resolves`` links, only this module changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import quote

from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin

KINDS = ("known-problems",)
"""Every kind, in the order the index page shows them."""
STATUSES = ("open", "resolved")
"""Every status, in the order the index page shows them."""
KIND_LABELS = {"known-problems": "Known problems"}
STATUS_LABELS = {"open": "Open", "resolved": "Resolved"}
"""English labels; the other languages translate them through templates/locale."""


def feed_path(language: str, audience: str | None = None) -> str:
    """Where a feed is written, relative to the output folder (the index page links to it)."""
    return f"feeds/{language}.atom" if audience is None else f"feeds/{language}/{audience}.atom"


def kind(bulletin: Bulletin) -> str:
    """The bulletin's kind: one of :data:`KINDS`."""
    return "known-problems"


def status(bulletin: Bulletin) -> str:
    """'resolved' when every problem has a fix date on or before the bulletin's date, else 'open'.

    Read from the bulletin alone (never from today's date), so a build is the same any day.
    """
    days = [problem.fix_day for problem in bulletin.problems()]
    done = all(day is not None and day <= bulletin.day for day in days)
    return "resolved" if days and done else "open"


def audience(edition: Edition) -> str:
    """The audience's stable key in bulletins.toml, e.g. 'commercial-clients'."""
    return edition.audience_key


def updated(bulletin: Bulletin) -> dt.date:
    """The date this edition was published (a feed entry's ``updated``)."""
    return bulletin.day


def replaces(bulletin: Bulletin) -> str | None:
    """The message number of the edition this one replaces, if any."""
    return bulletin.supersedes


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
