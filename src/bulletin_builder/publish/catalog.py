"""``catalog.json``: every bulletin and edition, with each output's path, size and SHA-256.

For other sites and scripts. Bulletins are the chains of editions linked by what each one
replaces; each edition lists its outputs as the build's manifest records them, so the sizes
and hashes are those of the files written next to it. The schema is in docs/publishing.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bulletin_builder.build.post import Manifest
from bulletin_builder.languages import language as language_info
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.render.index import MEDIA_TYPES
from bulletin_builder.source.config import Config

SCHEMA_VERSION = 1
OUTPUT_TYPES = {**MEDIA_TYPES, "eml": "message/rfc822"}


def _outputs(slug: str, editions: Sequence[Edition], manifest: Manifest) -> list[dict[str, Any]]:
    out = []
    for edition in editions:
        for fmt, media_type in OUTPUT_TYPES.items():
            rel = f"{slug}/{edition.output_name(fmt)}"
            if rel in manifest:
                entry = manifest[rel]
                out.append(
                    {
                        "language": edition.language,
                        "format": fmt,
                        "media_type": media_type,
                        "path": rel,
                        "size": int(entry["size"]),
                        "sha256": entry["sha256"],
                    }
                )
    return out


def _edition(slug: str, editions: Sequence[Edition], manifest: Manifest) -> dict[str, Any]:
    first = editions[0].bulletin
    return {
        "slug": slug,
        "message_number": first.message_number,
        "kind": catalog_data.kind(first),
        "status": catalog_data.status(first),
        "date": first.date,
        "updated": catalog_data.updated(first).isoformat(),
        "replaces": catalog_data.replaces(first),
        "languages": [e.language for e in editions],
        "titles": {e.language: e.bulletin.title for e in editions},
        "ids": {e.language: catalog_data.edition_id(e.bulletin) for e in editions},
        "outputs": _outputs(slug, editions, manifest),
    }


def _by_slug(editions: Sequence[Edition], languages: Sequence[str]) -> dict[str, list[Edition]]:
    order = {lang: i for i, lang in enumerate(languages)}
    grouped: dict[str, list[Edition]] = {}
    for edition in editions:
        grouped.setdefault(edition.slug, []).append(edition)
    for group in grouped.values():
        group.sort(key=lambda e: order.get(e.language, len(order)))
    return grouped


def catalog_document(
    editions: Sequence[Edition], config: Config, manifest: Manifest
) -> dict[str, Any]:
    """The catalog as data: bulletins (newest first), each with its editions (oldest first)."""
    slugs, roots = _by_slug(editions, config.languages), catalog_data.lineage(editions)
    bulletins: dict[str, list[str]] = {}
    for slug in sorted(slugs, key=lambda s: (slugs[s][0].bulletin.date, s)):
        bulletins.setdefault(roots[slug], []).append(slug)
    entries = []
    for members in bulletins.values():
        latest = slugs[members[-1]]
        entries.append(
            {
                "id": slugs[members[0]][0].bulletin.message_number,
                "kind": catalog_data.kind(latest[0].bulletin),
                "status": catalog_data.status(latest[0].bulletin),
                "audience": catalog_data.audience(latest[0]),
                "languages": sorted({e.language for s in members for e in slugs[s]}),
                "first_published": slugs[members[0]][0].bulletin.date,
                "updated": latest[0].bulletin.date,
                "editions": [_edition(s, slugs[s], manifest) for s in members],
            }
        )
    entries.sort(key=lambda b: (b["updated"], b["id"]), reverse=True)
    return {
        "schema_version": SCHEMA_VERSION,
        "site_url": config.site_url or None,
        "languages": {lang: language_info(lang).tag for lang in config.languages},
        "audiences": {key: named.names for key, named in config.audiences.items()},
        "bulletins": entries,
    }


def catalog_json(editions: Sequence[Edition], config: Config, manifest: Manifest) -> bytes:
    """The UTF-8 bytes of ``catalog.json``."""
    document = catalog_document(editions, config, manifest)
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
