"""``sitemap.xml`` (sitemaps.org 0.9): every HTML page with its language alternates.

Each page lists itself and its other languages as ``xhtml:link rel="alternate" hreflang``,
the form search engines read. Sitemaps need absolute addresses, so the file is written only
when ``bulletins.toml`` gives the ``site_url`` the build is served from.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from bulletin_builder.languages import language as language_info
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.source.config import Config

SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def _url(urlset: ET.Element, loc: str, lastmod: str | None, alternates: dict[str, str]) -> None:
    url = ET.SubElement(urlset, f"{{{SITEMAPS}}}url")
    ET.SubElement(url, f"{{{SITEMAPS}}}loc").text = loc
    if lastmod:
        ET.SubElement(url, f"{{{SITEMAPS}}}lastmod").text = lastmod
    for tag, href in alternates.items():
        attrs = {"rel": "alternate", "hreflang": tag, "href": href}
        ET.SubElement(url, f"{{{XHTML}}}link", attrs)


def sitemap_xml(editions: Sequence[Edition], config: Config) -> bytes:
    """The bytes of ``sitemap.xml``: the index page, then every bulletin page."""
    base = config.site_url
    ET.register_namespace("", SITEMAPS)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAPS}}}urlset")
    dates = [catalog_data.updated(e.bulletin).isoformat() for e in editions]
    _url(urlset, base + "index.html", max(dates, default=None), {})
    pages: dict[str, dict[str, str]] = {}
    for edition in editions:
        loc = f"{base}{edition.slug}/{edition.output_name('html')}"
        pages.setdefault(edition.slug, {})[language_info(edition.language).tag] = loc
    for edition in sorted(editions, key=lambda e: (e.slug, e.language)):
        loc = f"{base}{edition.slug}/{edition.output_name('html')}"
        alternates = pages[edition.slug] if len(pages[edition.slug]) > 1 else {}
        _url(urlset, loc, catalog_data.updated(edition.bulletin).isoformat(), alternates)
    ET.indent(urlset)
    return bytes(ET.tostring(urlset, encoding="utf-8", xml_declaration=True)) + b"\n"
