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
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin_builder.build.post import Built, Extra, Manifest, PostStep
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.source.config import Config, load_config
from bulletin_builder.source.discover import project_root

if TYPE_CHECKING:
    from bulletin_builder.publish.email import EmailParts

CATALOG = "catalog.json"
SITEMAP = "sitemap.xml"


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _previous_numbers(editions: Sequence[Edition]) -> dict[str, str]:
    """Message number → slug, to find the edition each one replaces."""
    return {e.bulletin.message_number: e.slug for e in editions}


def _email_extras(built: Built, config: Config, settings: str) -> list[Extra]:
    by_slug: dict[str, list[Edition]] = {}
    for edition in built.editions:
        by_slug.setdefault(edition.slug, []).append(edition)
    numbers, hashes = _previous_numbers(built.editions), built.edition_hashes
    shared: list[EmailParts] = []  # made by the first message that needs it, in its process
    out = []
    for group in by_slug.values():
        group.sort(key=lambda e: config.languages.index(e.language))
        replaced = numbers.get(catalog_data.replaces(group[0].bulletin) or "")
        inputs = [hashes[(e.slug, e.language)] for e in group]
        inputs += [h for (s, _), h in sorted(hashes.items()) if s == replaced]
        for edition in group:
            ordered = [edition, *(e for e in group if e is not edition)]
            key = _hash("eml", settings, edition.language, *inputs, *built.formats)

            def make(_: Manifest, ordered: list[Edition] = ordered) -> bytes:
                from bulletin_builder.publish.email import EmailParts, email_message  # noqa: PLC0415

                if not shared:
                    shared.append(EmailParts(built.editions, config, built.formats))
                return email_message(ordered, shared[0])

            path = f"{edition.slug}/{edition.output_name('eml')}"
            out.append(Extra(path, key, make, group=edition.slug))
    return out


def _feed(built: Built, config: Config, language: str, audience: str | None) -> Extra:
    def make(_: Manifest) -> bytes:
        from bulletin_builder.publish.feeds import atom_feed  # noqa: PLC0415

        return atom_feed(built.editions, built.formats, config, language, audience)

    path = catalog_data.feed_path(language, audience)
    return Extra(path, _hash(path, settings_of(config), built.index_key), make)


def _sitemap(manifest: Manifest, built: Built, config: Config) -> bytes:
    from bulletin_builder.publish.sitemap import sitemap_xml  # noqa: PLC0415

    return sitemap_xml(built.editions, config)


def _catalog(manifest: Manifest, built: Built, config: Config) -> bytes:
    from bulletin_builder.publish.catalog import catalog_json  # noqa: PLC0415

    return catalog_json(built.editions, config, manifest)


def _site_extras(built: Built, config: Config, emails: list[Extra]) -> list[Extra]:
    audiences = sorted(set(config.audiences) | {e.audience_key for e in built.editions})
    out = [
        _feed(built, config, lang, audience)
        for lang in config.languages
        for audience in (None, *audiences)
    ]
    common = _hash(settings_of(config), built.index_key)
    if config.site_url and "html" in built.formats:
        out.append(
            Extra(SITEMAP, _hash(SITEMAP, common), partial(_sitemap, built=built, config=config))
        )
    key = _hash(CATALOG, common, *(x.key for x in [*emails, *out]))
    make = partial(_catalog, built=built, config=config)
    return [*out, Extra(CATALOG, key, make, needs_manifest=True)]


def settings_of(config: Config) -> str:
    """What of the configuration the publishing outputs depend on, as text for their keys."""
    return repr((config.languages, config.site_url, sorted(config.audiences.items())))


def publish_outputs(built: Built, config: Config) -> list[Extra]:
    """Every publishing output, e-mails first: the catalog, last, lists their sizes and hashes."""
    emails = _email_extras(built, config, settings_of(config))
    return [*emails, *_site_extras(built, config, emails)]


def publish_step(paths: Sequence[Path]) -> PostStep:
    """The post step for a build of ``paths`` (configured by the first one's bulletins.toml)."""
    config = load_config(project_root(paths[0]))[0] if paths else Config()

    def step(built: Built) -> list[Extra]:
        return publish_outputs(built, config)

    return step
