"""Publishing: feeds, the JSON index, the sitemap and the e-mail edition, made after rendering.

:func:`publish_step` is the post step ``bulletin build`` runs (see
:mod:`bulletin_builder.build.post`): it declares every output with a key, and the build makes
the stale ones and writes them atomically with the pages, PDFs and Word files. Keys are made
from the editions' own hashes (their fields, the templates, the tool version) and the
configuration, so a build with nothing new makes nothing, and the same sources give the same
bytes. The modules are imported only when an output is made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from bulletin_builder.build.post import Built, Extra, Manifest, PostStep
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.source.config import Config, load_config
from bulletin_builder.source.discover import project_root

CATALOG = "catalog.json"
SITEMAP = "sitemap.xml"


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _previous_numbers(editions: Sequence[Edition]) -> dict[str, str]:
    """Message number → slug, to find the edition each one replaces."""
    return {e.bulletin.message_number: e.slug for e in editions}


def _email_extras(built: Built, config: Config, settings: str) -> list[Extra]:
    from bulletin_builder.publish.email import EmailParts, email_message, email_path  # noqa: PLC0415

    by_slug: dict[str, list[Edition]] = {}
    for edition in built.editions:
        by_slug.setdefault(edition.slug, []).append(edition)
    numbers, hashes = _previous_numbers(built.editions), built.edition_hashes
    parts, out = EmailParts(built.editions, config, built.formats), []
    for group in by_slug.values():
        group.sort(key=lambda e: config.languages.index(e.language))
        replaced = numbers.get(group[0].bulletin.supersedes or "")
        inputs = [hashes[(e.slug, e.language)] for e in group]
        inputs += [h for (s, _), h in sorted(hashes.items()) if s == replaced]
        for edition in group:
            ordered = [edition, *(e for e in group if e is not edition)]
            key = _hash("eml", settings, edition.language, *inputs, *built.formats)

            def make(_: Manifest, ordered: list[Edition] = ordered) -> bytes:
                return email_message(ordered, parts)

            out.append(Extra(email_path(edition), key, make, group=edition.slug))
    return out


def _site_extras(built: Built, config: Config, settings: str) -> list[Extra]:
    from bulletin_builder.publish import catalog, feeds, sitemap  # noqa: PLC0415

    editions, formats = built.editions, built.formats
    out = []
    audiences = sorted(set(config.audiences) | {e.audience_key for e in editions})
    for lang in config.languages:
        for audience in (None, *audiences):

            def feed(_: Manifest, lang: str = lang, audience: str | None = audience) -> bytes:
                return feeds.atom_feed(editions, formats, config, lang, audience)

            path = catalog_data.feed_path(lang, audience)
            out.append(Extra(path, _hash(path, settings, built.index_key), feed))
    if config.site_url and "html" in formats:
        sitemap_key = _hash(SITEMAP, settings, built.index_key)
        out.append(Extra(SITEMAP, sitemap_key, lambda _: sitemap.sitemap_xml(editions, config)))
    made: Callable[[Manifest], bytes] = lambda m: catalog.catalog_json(editions, config, m)  # noqa: E731
    keys = [x.key for x in out]
    key = _hash(CATALOG, settings, built.index_key, *keys)
    out.append(Extra(CATALOG, key, made, needs_manifest=True))
    return out


def publish_outputs(built: Built, config: Config) -> list[Extra]:
    """Every publishing output, e-mails first: the catalog, last, lists their sizes and hashes."""
    settings = repr((config.languages, config.site_url, sorted(config.audiences.items())))
    emails = _email_extras(built, config, settings)
    site = _site_extras(built, config, _hash(settings, *(x.key for x in emails)))
    return [*emails, *site]


def publish_step(paths: Sequence[Path]) -> PostStep:
    """The post step for a build of ``paths`` (configured by the first one's bulletins.toml)."""
    config = load_config(project_root(paths[0]))[0] if paths else Config()

    def step(built: Built) -> list[Extra]:
        return publish_outputs(built, config)

    return step
