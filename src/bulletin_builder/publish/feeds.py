"""Atom feeds (RFC 4287): one per language, and one per audience and language.

``feeds/<lang>.atom`` lists every edition in that language; ``feeds/<lang>/<audience>.atom``
only those for one audience of ``bulletins.toml``. One entry per edition: its id a ``tag:`` URI
made from the message number and the language, ``updated`` its date, links to its HTML page
and PDF, and a summary of what changed since the edition it replaces.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from bulletin_builder.languages import language as language_info
from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.publish.changes import changes_since
from bulletin_builder.render import catalog_data
from bulletin_builder.render.index import MEDIA_TYPES
from bulletin_builder.render.locale import index_title
from bulletin_builder.source.config import Config

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LINKED = ("html", "pdf")
"""The outputs an entry links to, when the build makes them."""


def href(config: Config, rel: str, depth: int) -> str:
    """An output's address: absolute under ``site_url``, else relative to a file ``depth`` deep."""
    return config.site_url + rel if config.site_url else "../" * depth + rel


def timestamp(day: dt.date) -> str:
    """An RFC 3339 date-time for a bulletin's date (midnight UTC: dates, not clock times)."""
    return f"{day.isoformat()}T00:00:00Z"


ATOM_SCHEME = "tag:cbsa-asfc.gc.ca,2021:bulletin-"
"""Category schemes: 'tag:…:bulletin-kind', '…-status', '…-audience'."""


@dataclass(frozen=True)
class FeedContext:
    """What every entry of one feed needs: all editions, the formats built, the configuration."""

    editions: Sequence[Edition]
    formats: Sequence[str]
    config: Config
    depth: int
    """How many folders deep the feed is written (for relative links)."""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _entry(feed: ET.Element, edition: Edition, context: FeedContext) -> None:
    bulletin, lang = edition.bulletin, edition.language
    entry = _sub(feed, "entry")
    _sub(entry, "id", catalog_data.edition_id(bulletin))
    _sub(entry, "title", typeset(f"{bulletin.message_number} – {bulletin.title}", lang))
    _sub(entry, "updated", timestamp(catalog_data.updated(bulletin)))
    tag = language_info(lang).tag
    for fmt in (f for f in LINKED if f in context.formats):
        rel = f"{edition.slug}/{edition.output_name(fmt)}"
        link = href(context.config, rel, context.depth)
        _sub(entry, "link", rel="alternate", type=MEDIA_TYPES[fmt], hreflang=tag, href=link)
    previous = catalog_data.previous(edition, context.editions)
    _sub(entry, "summary", "\n".join(changes_since(previous, edition)), type="text")
    _sub(entry, "category", term=catalog_data.kind(bulletin), scheme=f"{ATOM_SCHEME}kind")
    _sub(entry, "category", term=catalog_data.status(bulletin), scheme=f"{ATOM_SCHEME}status")
    _sub(entry, "category", term=catalog_data.audience(edition), scheme=f"{ATOM_SCHEME}audience")


def _title(language: str, config: Config, audience: str | None) -> str:
    title = index_title(language, config.index_title.get(language, ""))
    if audience is not None and audience in config.audiences:
        title += " – " + config.audiences[audience].name(language)
    return typeset(title, language)


def atom_feed(
    editions: Sequence[Edition],
    formats: Sequence[str],
    config: Config,
    language: str,
    audience: str | None = None,
) -> bytes:
    """The bytes of one feed: ``language``'s editions (for ``audience`` only, if given)."""
    path = catalog_data.feed_path(language, audience)
    context = FeedContext(editions, formats, config, path.count("/"))
    chosen = [
        e
        for e in editions
        if e.language == language and audience in (None, catalog_data.audience(e))
    ]
    chosen.sort(key=lambda e: (catalog_data.updated(e.bulletin), e.slug), reverse=True)
    dates = [catalog_data.updated(e.bulletin) for e in chosen or editions] or [dt.date(2021, 1, 1)]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language_info(language).tag})
    scope = f"feed/{language}" + (f"/{audience}" if audience else "")
    _sub(feed, "id", f"tag:{catalog_data.TAG_AUTHORITY}:{scope}")
    _sub(feed, "title", _title(language, config, audience))
    _sub(feed, "updated", timestamp(max(dates)))
    author = _sub(feed, "author")
    _sub(author, "name", config.publisher_name(language))
    if config.site_url:
        _sub(feed, "link", rel="self", type="application/atom+xml", href=config.site_url + path)
    index = href(config, "index.html", context.depth)
    _sub(feed, "link", rel="alternate", type="text/html", href=index)
    for edition in chosen:
        _entry(feed, edition, context)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"
