"""The bilingual terminology base (``bulletins/terms.toml``), read with the configuration.

Each entry pairs the English term (and its English variants, e.g. its acronym) with the
agency's French term, and lists the French variants translators must not use. Every term is
compiled once, with the configuration, into a finder.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from bulletin_builder.source.discover import Refusal, read_source

TERMS_NAME = "terms.toml"


@dataclass(frozen=True)
class Term:
    """One entry: the English term(s), the agency's French term, the refused variants.

    Terms are whole words, matched across any run of spaces (a line may wrap inside) and
    either apostrophe; in any case, except an acronym (all capitals), matched as written."""

    key: str
    english: tuple[str, ...]
    """How English writes it: the term first, then its variants ('CARM Client Portal', 'CCP')."""
    french: str
    """The agency's French term, which a French file must use where English uses the term."""
    forbidden: tuple[str, ...] = ()
    """French variants a French file may not use ('PCG')."""
    french_forms: tuple[str, ...] = ()
    """Every form of the French term that counts as writing it: the term, then e.g. its
    plural ('courtiers en douane'). Empty means the term alone."""

    @property
    def forms(self) -> tuple[str, ...]:
        return self.french_forms or (self.french,)


def _lowered(text: str) -> str:
    """``text`` in lower case, offset for offset (a letter whose lower case is longer is kept)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class Hit(NamedTuple):
    """Where a term is written: offsets in the text, and the words as written there."""

    start: int
    end: int
    written: str


class Finder:
    """Where one term is written in a text.

    The term's regex, which starts with the first word as a literal, searches the lower-cased
    text from one match to the next; each match is then checked for a word boundary before it
    and, for an acronym, for capitals. A single alternation of every term, tried by the regex
    engine at every character, made validation several times slower (even an alternation of
    the first words alone takes longer over a bulletin than this whole rule).
    """

    def __init__(self, term: str) -> None:
        words = term.lower().split()
        self.pieces = tuple(p for w in words for p in re.split("['’]", w) if p)
        """The term's words, split at apostrophes: each must be in the text before a regex
        runs (the first one's place is where the regex starts)."""
        pattern = r"\s+".join(re.escape(w).replace("'", "['’]") for w in words)
        self.quick = re.compile(pattern + r"(?![\w-])")
        self.acronym = term if term.isupper() else None

    def iter(self, text: str, lowered: str, at: int = 0) -> Iterator[Hit]:
        """Every place the term is written in ``text``, from ``at`` (where its first word is)
        on; ``lowered`` is ``_lowered(text)``. The regex engine searches from one match to the
        next (the pattern starts with the first word, a literal it scans for in C); a match
        is then checked in Python."""
        search = self.quick.search
        found = search(lowered, at)
        while found is not None:
            start, end = found.span()
            before = lowered[start - 1] if start else " "
            written = text[start:end]
            if not (before.isalnum() or before in "_-") and self.acronym in (None, written):
                yield Hit(start, end, written)
            found = search(lowered, start + 1)


class Text:
    """A text with its lower-cased copy, made once for every term looked for in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = _lowered(text)
        self._places: dict[str, int] = {}

    def find(self, finder: Finder) -> Iterator[Hit]:
        """Every place ``finder``'s term is written. A term one of whose words is nowhere in
        the text (a plain substring search, at C speed, once per word and text) is ruled out
        before any regex runs."""
        places, lowered = self._places, self.lowered
        for piece in finder.pieces:
            at = places.get(piece)
            if at is None:
                at = places[piece] = lowered.find(piece)
            if at < 0:
                return iter(())
        return finder.iter(self.text, lowered, places[finder.pieces[0]])


@dataclass(frozen=True)
class Terms:
    """The terminology base with a finder for every term and variant."""

    entries: tuple[Term, ...] = ()
    path: Path | None = None
    english: tuple[tuple[int, Finder], ...] = field(default=(), compare=False, repr=False)
    """(entry index, finder) for every English term and variant."""
    french: tuple[tuple[Finder, ...], ...] = field(default=(), compare=False, repr=False)
    """The finders of each entry's French term and its other forms, by entry index."""
    forbidden: tuple[tuple[int, Finder, tuple[int, ...]], ...] = field(
        default=(), compare=False, repr=False
    )
    """(entry index, finder, entries whose French term contains the variant) per variant:
    'date de correction' inside the agency's own 'date de correction prévue' is no fault."""

    @classmethod
    def of(cls, entries: tuple[Term, ...], path: Path | None = None) -> Terms:
        def containing(variant: str) -> tuple[int, ...]:
            finder = Finder(variant)
            return tuple(
                i
                for i, t in enumerate(entries)
                if any(next(Text(form).find(finder), None) for form in t.forms)
            )

        english = tuple((i, Finder(e)) for i, t in enumerate(entries) for e in t.english)
        french = tuple(tuple(Finder(form) for form in t.forms) for t in entries)
        forbidden = tuple(
            (i, Finder(f), containing(f)) for i, t in enumerate(entries) for f in t.forbidden
        )
        return cls(entries, path, english, french, forbidden)


def _words(raw: object) -> tuple[str, ...] | None:
    if isinstance(raw, str) and raw.strip():
        return (raw.strip(),)
    if isinstance(raw, list) and raw and all(isinstance(w, str) and w.strip() for w in raw):
        return tuple(w.strip() for w in raw)
    return None


def _entry(key: str, raw: object, errors: list[str]) -> Term | None:
    if not isinstance(raw, dict):
        errors.append(f"[terms.{key}] must be a table")
        return None
    english, french = _words(raw.get("en")), _words(raw.get("fr"))
    forbidden = _words(raw.get("forbidden", [])) if raw.get("forbidden") else ()
    unknown = sorted(set(raw) - {"en", "fr", "forbidden", "note"})
    if english is None or french is None:
        errors.append(f"[terms.{key}] needs 'en' and 'fr' (each a term or a list)")
    elif forbidden is None:
        errors.append(f"[terms.{key}] 'forbidden' must be a list of terms")
    elif unknown:
        errors.append(f"[terms.{key}] unknown key '{unknown[0]}' (en, fr, forbidden, note)")
    else:
        return Term(key, english, french[0], forbidden, french if len(french) > 1 else ())
    return None


def load_terms(folder: Path) -> tuple[Terms, list[str]]:
    """Read ``terms.toml`` in ``folder`` (none: an empty base) and what is wrong with it."""
    path = folder / TERMS_NAME
    if not os.path.lexists(path):
        return Terms(), []
    data = read_source(folder, path)
    if isinstance(data, Refusal):
        return Terms(path=path), [data.message]
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Terms(path=path), [str(exc)]
    errors: list[str] = []
    table = raw.get("terms", {})
    if not isinstance(table, dict):
        return Terms(path=path), ["[terms] must be a table"]
    entries = (_entry(key, value, errors) for key, value in table.items())
    return Terms.of(tuple(e for e in entries if e is not None), path), errors
