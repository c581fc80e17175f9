"""The repository's configuration (``bulletins/bulletins.toml``): languages, the publisher,
series and their message-number patterns, audiences, and the kinds of bulletin."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_builder.errors import Diagnostic, Location
from bulletin_builder.languages import DEFAULT_LANGUAGES
from bulletin_builder.source.discover import Refusal, read_source
from bulletin_builder.source.family import (
    DEFAULT_KINDS,
    DEFAULT_PUBLISHER,
    Kind,
    duplicate_names,
    load_index_title,
    load_kinds,
    load_patterns,
    load_publisher,
)
from bulletin_builder.source.numbers import NumberPattern
from bulletin_builder.source.terms import TERMS_NAME, Terms, load_terms

CONFIG_NAME = "bulletins.toml"


@dataclass(frozen=True)
class Named:
    """Something with a stable key and a name per language (a series, an audience)."""

    key: str
    names: dict[str, str]
    wordings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Language → every accepted wording (an audience may have several French ones)."""

    def name(self, language: str) -> str:
        return self.names[language]

    def accepts(self, language: str, name: str) -> bool:
        return self.names.get(language) == name or name in self.wordings.get(language, ())


@dataclass(frozen=True)
class Config:
    """What a bulletins folder declares about itself."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    series: dict[str, Named] = field(default_factory=dict)
    audiences: dict[str, Named] = field(default_factory=dict)
    path: Path | None = None
    terms: Terms = field(default_factory=Terms)
    """The terminology base (``terms.toml`` next to ``bulletins.toml``)."""
    site_url: str = ""
    """Where ``build/`` is served (``https://…/``): feeds, the sitemap and e-mails link there."""
    publisher: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PUBLISHER))
    """The publishing agency's name per language ('Canada Border Services Agency')."""
    index_title: dict[str, str] = field(default_factory=dict)
    """The index page's title per language (``[index_title]``); empty: the templates' own."""
    patterns: dict[str, dict[str, NumberPattern]] = field(default_factory=dict)
    """Series key → language → how that series writes its message numbers."""
    kinds: dict[str, Kind] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    """The kinds of bulletin and the blocks each requires."""

    @property
    def reference_language(self) -> str:
        return self.languages[0]

    def find(self, table: dict[str, Named], language: str, name: str) -> Named | None:
        """The entry of ``table`` whose name in ``language`` is ``name``."""
        return next((n for n in table.values() if n.accepts(language, name)), None)

    def names(self, table: dict[str, Named], language: str) -> list[str]:
        return [n.names[language] for n in table.values() if language in n.names]

    def number_parts(
        self, number: str, language: str, prefer: str | None = None
    ) -> tuple[str, dict[str, str]] | None:
        """(series key, parts) of ``number`` as written in ``language``; ``prefer``'s series
        is tried first. None if no series writes numbers that way."""
        keys = sorted(self.patterns, key=lambda k: k != prefer)
        for key in keys:
            pattern = self.patterns[key].get(language)
            parts = pattern.parse(number) if pattern else None
            if parts is not None:
                return key, parts
        return None

    def reference_form(self, number: str, language: str) -> str | None:
        """The number as the reference language writes it ('Avis des douanes 24-31' →
        'Customs Notice 24-31'); None if it is no series' number."""
        found = self.number_parts(number, language)
        if found is None:
            return None
        key, parts = found
        return self.patterns[key][self.reference_language].format(parts)

    def publisher_name(self, language: str) -> str:
        return self.publisher.get(language) or next(iter(self.publisher.values()))


def _named(
    raw: object, languages: tuple[str, ...], where: str, errors: list[str]
) -> dict[str, Named]:
    if not isinstance(raw, dict):
        errors.append(f"[{where}] must be a table")
        return {}
    out: dict[str, Named] = {}
    for key, names in raw.items():
        if not isinstance(names, dict) or any(not _wordings(names.get(lang)) for lang in languages):
            errors.append(f"[{where}.{key}] needs a name for each language {list(languages)}")
            continue
        wordings = {lang: _wordings(names[lang]) for lang in languages}
        out[key] = Named(key, {lang: w[0] for lang, w in wordings.items()}, wordings)
    return out


def _wordings(value: object) -> tuple[str, ...]:
    """A name, or a list of accepted wordings (the first is the one shown): () if neither."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def load_config(folder: Path) -> tuple[Config, list[Diagnostic]]:
    """Read ``bulletins.toml`` and ``terms.toml`` in ``folder``; missing files give defaults."""
    config, diagnostics = _load_settings(folder)
    terms, errors = load_terms(folder)
    where = Location(folder / TERMS_NAME)
    diagnostics += [Diagnostic("BB010", f"invalid terminology: {e}", where) for e in errors]
    return replace(config, terms=terms), diagnostics


def _load_settings(folder: Path) -> tuple[Config, list[Diagnostic]]:
    """Read ``bulletins.toml`` in ``folder``; a missing file gives the defaults."""
    path = folder / CONFIG_NAME
    if not os.path.lexists(path):
        return Config(), []
    data = read_source(folder, path)
    if isinstance(data, Refusal):
        return Config(path=path), [Diagnostic(data.code, data.message, Location(path))]
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Config(path=path), [
            Diagnostic("BB010", f"invalid configuration: {exc}", Location(path))
        ]
    errors: list[str] = []
    languages = tuple(raw.get("languages", DEFAULT_LANGUAGES))
    site_url = raw.get("site_url", "")
    if not isinstance(site_url, str) or (site_url and not site_url.startswith("https://")):
        errors.append(f"site_url must be an https:// address, not {site_url!r}")
        site_url = ""
    series = _named(raw.get("series", {}), languages, "series", errors)
    audiences = _named(raw.get("audiences", {}), languages, "audiences", errors)
    errors += duplicate_names(audiences, languages, "audiences")
    config = Config(
        languages=languages,
        series=series,
        audiences=audiences,
        path=path,
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        publisher=load_publisher(raw.get("publisher"), languages, errors),
        index_title=load_index_title(raw.get("index_title"), languages, errors),
        patterns=load_patterns(raw.get("series", {}), languages, errors),
        kinds=load_kinds(raw.get("kinds"), errors),
    )
    return config, [
        Diagnostic("BB010", f"invalid configuration: {e}", Location(path)) for e in errors
    ]
