"""The family's part of ``bulletins.toml``: the publisher, number patterns and kinds.

Read by :mod:`bulletin_builder.source.config`; each loader appends what is wrong to
``errors`` (reported as BB010 at the configuration file) and returns usable defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bulletin_builder.source.numbers import (
    NumberPattern,
    PatternError,
    compile_pattern,
    default_template,
)

BLOCK_TYPES = ("text", "problems", "problem", "windows", "numbered", "contact")
"""The typed blocks a bulletin's body is made of (see ``model.blocks.Block``)."""

DEFAULT_PUBLISHER = {
    "en": "Canada Border Services Agency",
    "fr": "Agence des services frontaliers du Canada",
}
_SERIES_KEY = re.compile(r"^[A-Z][A-Z0-9]*$")


@dataclass(frozen=True)
class Kind:
    """A kind of bulletin: the blocks it must have (at least one of each), and its title."""

    key: str
    requires: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()
    """(language, title) pairs: the heading of the kind's bulletins on the index page."""

    def title(self, language: str) -> str:
        """The kind's title in ``language`` (else in English, else made from its key)."""
        titles = dict(self.titles)
        return titles.get(language) or titles.get("en") or self.key.replace("-", " ").capitalize()


DEFAULT_TITLES = {
    "known-problems": {"en": "Known problems", "fr": "Problèmes connus"},
    "problem-message": {"en": "Known problem messages", "fr": "Messages sur un problème connu"},
    "service-notice": {"en": "Service notices", "fr": "Avis de service"},
    "notice": {"en": "Notices", "fr": "Avis"},
    "contact-page": {"en": "Contact information", "fr": "Coordonnées"},
}
"""The titles of the usual kinds, for a ``[kinds.<key>]`` that gives no ``title``."""


def _kind(key: str, requires: tuple[str, ...], titles: dict[str, str] | None = None) -> Kind:
    chosen = titles if titles is not None else DEFAULT_TITLES.get(key, {})
    return Kind(key, requires, tuple(sorted(chosen.items())))


DEFAULT_KINDS = {
    "known-problems": _kind("known-problems", ("problems",)),
    "service-notice": _kind("service-notice", ("windows",)),
    "problem-message": _kind("problem-message", ("problem",)),
    "notice": _kind("notice", ("numbered",)),
    "contact-page": _kind("contact-page", ("contact",)),
}
"""The kinds a folder has when its configuration declares none."""
DEFAULT_KIND = "known-problems"
"""The kind of a bulletin that names none (the seed's shape)."""


def load_index_title(raw: object, languages: tuple[str, ...], errors: list[str]) -> dict[str, str]:
    """``[index_title]``: the index page's title in every language (default: none, and the
    templates' own, "Known problems bulletins")."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or any(
        not isinstance(raw.get(lang), str) or not raw[lang].strip() for lang in languages
    ):
        errors.append(
            f"[index_title] needs the index page's title for each language {list(languages)}"
        )
        return {}
    return {lang: str(raw[lang]).strip() for lang in languages}


def load_publisher(raw: object, languages: tuple[str, ...], errors: list[str]) -> dict[str, str]:
    """``[publisher]``: the agency's name in every language (default: the CBSA)."""
    if raw is None:
        return {lang: DEFAULT_PUBLISHER.get(lang, DEFAULT_PUBLISHER["en"]) for lang in languages}
    if not isinstance(raw, dict) or any(
        not isinstance(raw.get(lang), str) or not raw[lang].strip() for lang in languages
    ):
        errors.append(f"[publisher] needs the publisher's name for each language {list(languages)}")
        return dict(DEFAULT_PUBLISHER)
    return {lang: str(raw[lang]) for lang in languages}


def _templates(key: str, table: object, languages: tuple[str, ...]) -> dict[str, str]:
    number = table.get("number") if isinstance(table, dict) else None
    if isinstance(number, dict):
        return {lang: str(number.get(lang, number.get(languages[0], ""))) for lang in languages}
    if isinstance(number, str):
        return dict.fromkeys(languages, number)
    return dict.fromkeys(languages, default_template(key))


def _series_patterns(
    key: str, table: object, languages: tuple[str, ...], errors: list[str]
) -> dict[str, NumberPattern] | None:
    declared = isinstance(table, dict) and "number" in table
    if not declared and not _SERIES_KEY.match(key):
        errors.append(
            f"[series.{key}] the key cannot start a message number '<KEY> YYYY-MM-DD': "
            'use capital letters and digits, or declare its form with number = "..."'
        )
        return None
    try:
        patterns = {
            lang: compile_pattern(t) for lang, t in _templates(key, table, languages).items()
        }
    except PatternError as exc:
        errors.append(f"[series.{key}] number: {exc}")
        return None
    if len({p.fields for p in patterns.values()}) > 1:
        errors.append(f"[series.{key}] number: every language must use the same placeholders")
        return None
    return patterns


def load_patterns(
    raw: object, languages: tuple[str, ...], errors: list[str]
) -> dict[str, dict[str, NumberPattern]]:
    """Series key → language → its number pattern (``number``, or ``<KEY> {date}``)."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for key, table in raw.items():
        patterns = _series_patterns(key, table, languages, errors)
        if patterns is not None:
            out[key] = patterns
    return out


def _titles(key: str, table: dict[str, object], errors: list[str]) -> dict[str, str] | None:
    """``title = { en = "...", fr = "..." }`` of a kind, or None when it gives none."""
    title = table.get("title")
    if title is None:
        return None
    if (
        not isinstance(title, dict)
        or not title
        or any(not isinstance(v, str) or not v.strip() for v in title.values())
    ):
        errors.append(f'[kinds.{key}] title must name the kind in each language: {{ en = "..." }}')
        return None
    return {str(lang): str(text) for lang, text in title.items()}


def load_kinds(raw: object, errors: list[str]) -> dict[str, Kind]:
    """``[kinds.<key>]`` with ``requires = [block types]`` and an optional ``title`` per
    language; the defaults if none is declared."""
    if raw is None:
        return dict(DEFAULT_KINDS)
    if not isinstance(raw, dict):
        errors.append("[kinds] must be a table")
        return dict(DEFAULT_KINDS)
    out = {}
    for key, table in raw.items():
        requires = table.get("requires", []) if isinstance(table, dict) else None
        if not isinstance(requires, list) or any(r not in BLOCK_TYPES for r in requires):
            errors.append(f"[kinds.{key}] requires must list block types of {list(BLOCK_TYPES)}")
            continue
        out[key] = _kind(key, tuple(requires), _titles(key, table, errors))
    return out


def duplicate_names(
    table: Mapping[str, object], languages: tuple[str, ...], where: str
) -> list[str]:
    """Two entries of ``table`` with the same name in one language (a writer could not choose)."""
    errors = []
    for lang in languages:
        seen: dict[str, str] = {}
        for key, entry in table.items():
            for name in getattr(entry, "wordings", {}).get(lang, ()):
                if name in seen and seen[name] != key:
                    errors.append(
                        f"[{where}.{key}] has the same {lang} name as "
                        f"[{where}.{seen[name]}]: {name!r}"
                    )
                seen.setdefault(name, key)
    return errors
