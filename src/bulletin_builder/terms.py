"""The bilingual terminology base (``bulletins/terms.toml``), read with the configuration.

Each entry pairs the English term (and its English variants, e.g. its acronym) with the
agency's French term, and lists the French variants translators must not use. The entries
are compiled once into two scanners, so a rule finds every term of a file in one pass.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

TERMS_NAME = "terms.toml"


@dataclass(frozen=True)
class Term:
    """One entry: the English term(s), the agency's French term, the refused variants."""

    key: str
    english: tuple[str, ...]
    """How English writes it: the term first, then its variants ('CARM Client Portal', 'CCP')."""
    french: str
    """The agency's French term, which a French file must use where English uses the term."""
    forbidden: tuple[str, ...] = ()
    """French variants a French file may not use ('PCG')."""


def _pattern(term: str) -> str:
    """A term as a regex: whole words, any run of spaces between them (a line may wrap
    inside), either apostrophe; case-insensitive unless the term is an acronym."""
    words = [re.escape(w).replace("'", "['’]") for w in term.split()]
    body = r"\s+".join(words)
    body = body if term.isupper() else f"(?i:{body})"
    return rf"(?<![\w-]){body}(?![\w-])"


def _scanner(groups: list[tuple[int, str]]) -> re.Pattern[str] | None:
    """One regex for all ``(entry index, term)``: the group ``t<index>`` names the entry.

    Longer terms come first, so 'date de correction prévue' wins over 'date de correction'.
    """
    if not groups:
        return None
    ordered = sorted(groups, key=lambda g: -len(g[1]))
    names: dict[int, int] = {}
    parts = []
    for index, term in ordered:
        names[index] = names.get(index, 0) + 1
        parts.append(f"(?P<t{index}_{names[index]}>{_pattern(term)})")
    return re.compile("|".join(parts))


def entry_of(match: re.Match[str]) -> int:
    """The index of the entry a scanner match belongs to."""
    assert match.lastgroup is not None
    return int(match.lastgroup[1:].split("_")[0])


@dataclass(frozen=True)
class Terms:
    """The terminology base with its scanners compiled."""

    entries: tuple[Term, ...] = ()
    path: Path | None = None
    english: re.Pattern[str] | None = field(default=None, compare=False)
    """Finds any English term or variant."""
    french: re.Pattern[str] | None = field(default=None, compare=False)
    """Finds any agency French term."""
    forbidden: re.Pattern[str] | None = field(default=None, compare=False)
    """Finds any forbidden French variant."""

    @classmethod
    def of(cls, entries: tuple[Term, ...], path: Path | None = None) -> Terms:
        return cls(
            entries,
            path,
            _scanner([(i, e) for i, t in enumerate(entries) for e in t.english]),
            _scanner([(i, t.french) for i, t in enumerate(entries)]),
            _scanner([(i, f) for i, t in enumerate(entries) for f in t.forbidden]),
        )


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
    english, french = _words(raw.get("en")), raw.get("fr")
    forbidden = _words(raw.get("forbidden", [])) if raw.get("forbidden") else ()
    unknown = sorted(set(raw) - {"en", "fr", "forbidden", "note"})
    if english is None or not isinstance(french, str) or not french.strip():
        errors.append(f"[terms.{key}] needs 'en' (a term or a list) and 'fr' (a term)")
    elif forbidden is None:
        errors.append(f"[terms.{key}] 'forbidden' must be a list of terms")
    elif unknown:
        errors.append(f"[terms.{key}] unknown key '{unknown[0]}' (en, fr, forbidden, note)")
    else:
        return Term(key, english, french.strip(), forbidden)
    return None


def load_terms(folder: Path) -> tuple[Terms, list[str]]:
    """Read ``terms.toml`` in ``folder`` (none: an empty base) and what is wrong with it."""
    path = folder / TERMS_NAME
    if not path.is_file():
        return Terms(), []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Terms(path=path), [str(exc)]
    errors: list[str] = []
    table = raw.get("terms", {})
    if not isinstance(table, dict):
        return Terms(path=path), ["[terms] must be a table"]
    entries = (_entry(key, value, errors) for key, value in table.items())
    return Terms.of(tuple(e for e in entries if e is not None), path), errors
