"""Problem ids derived from the description: short, stable, unique within the bulletin.

The same description always gives the same id (the first significant words, at most five
and forty characters). A problem whose description is already in another bulletin of the
folder keeps that bulletin's id, so the diff follows it from edition to edition.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bulletin_builder.importing.blocks import squeeze
from bulletin_builder.model.records import Bulletin

MAX_WORDS = 5
MAX_LENGTH = 40
STOP_WORDS = frozenset(
    " ".join(
        (
            "a an the is are am be been being to of in on at for and or but by with from as it",
            "its this that these those i me my we our you your they them their he she his her",
            "when after before if then there here have has had do does did will would can could",
            "should may might must so such than too very just also into onto out up down over",
            "under again all any some",
            "le la les l un une des du de d et ou mais par pour avec sans sur dans en au aux ce",
            "cet cette ces je j me m mon ma mes nous notre nos vous votre vos ils elles leur",
            "leurs il elle se s son sa ses qui que qu quand lorsque lorsqu est sont ai a ont",
            "etre ne n y",
        )
    ).split()
)


def key_text(markdown: str) -> str:
    """A description compared across editions: its words, lowercased."""
    return squeeze(re.sub(r"[*_`\\\[\]()<>]", " ", markdown)).strip().casefold()


def slug(description: str) -> str:
    """'Clients are being incorrectly directed to …' → 'clients-incorrectly-directed-emanifest'."""
    plain = unicodedata.normalize("NFKD", key_text(description))
    ascii_text = "".join(c for c in plain if c.isascii())
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in STOP_WORDS]
    out: list[str] = []
    for word in words[:MAX_WORDS]:
        if out and len("-".join([*out, word])) > MAX_LENGTH:
            break
        out.append(word[:MAX_LENGTH])
    return "-".join(out) or "problem"


def unique(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``… if a problem of the bulletin has it."""
    found, n = candidate, 1
    while found in taken:
        n += 1
        found = f"{candidate}-{n}"
    taken.add(found)
    return found


def problem_ids(
    descriptions: list[str],
    language: str,
    bulletins: list[Bulletin],
    is_sibling: Callable[[Bulletin], bool],
) -> tuple[list[str], bool]:
    """Ids for a bulletin's problems, in reading order: the other language's file's ids when it
    has as many problems, else the ids of the same descriptions in the folder, else derived.
    Also says whether the other language's file had other problems."""
    known = {
        key_text(p.description): p.id
        for b in bulletins
        if b.language == language
        for p in b.problems()
    }
    sibling = next(
        (
            [p.id for p in b.problems()]
            for b in bulletins
            if b.language != language and is_sibling(b)
        ),
        None,
    )
    other = sibling is not None and len(sibling) != len(descriptions)
    taken: set[str] = set()
    out = []
    for index, description in enumerate(descriptions):
        wanted = sibling[index] if sibling and not other else known.get(key_text(description))
        out.append(unique(wanted or slug(description), taken))
    return out, other
