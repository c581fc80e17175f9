"""The repository's configuration: languages, series, audiences (``bulletins/bulletins.toml``)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin_builder.errors import Diagnostic, Location
from bulletin_builder.languages import DEFAULT_LANGUAGES
from bulletin_builder.source.discover import Refusal, read_source
from bulletin_builder.source.terms import TERMS_NAME, Terms, load_terms

CONFIG_NAME = "bulletins.toml"


@dataclass(frozen=True)
class Named:
    """Something with a stable key and a name per language (a series, an audience)."""

    key: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return self.names[language]


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

    @property
    def reference_language(self) -> str:
        return self.languages[0]

    def find(self, table: dict[str, Named], language: str, name: str) -> Named | None:
        """The entry of ``table`` whose name in ``language`` is ``name``."""
        return next((n for n in table.values() if n.names.get(language) == name), None)

    def names(self, table: dict[str, Named], language: str) -> list[str]:
        return [n.names[language] for n in table.values() if language in n.names]


def _named(
    raw: object, languages: tuple[str, ...], where: str, errors: list[str]
) -> dict[str, Named]:
    if not isinstance(raw, dict):
        errors.append(f"[{where}] must be a table")
        return {}
    out: dict[str, Named] = {}
    for key, names in raw.items():
        if not isinstance(names, dict) or any(
            not isinstance(names.get(lang), str) for lang in languages
        ):
            errors.append(f"[{where}.{key}] needs a name for each language {list(languages)}")
            continue
        out[key] = Named(key, {lang: names[lang] for lang in languages})
    return out


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
    config = Config(
        languages=languages,
        series=_named(raw.get("series", {}), languages, "series", errors),
        audiences=_named(raw.get("audiences", {}), languages, "audiences", errors),
        path=path,
        site_url=site_url.rstrip("/") + "/" if site_url else "",
    )
    return config, [
        Diagnostic("BB010", f"invalid configuration: {e}", Location(path)) for e in errors
    ]
