"""The index page and catalog.json of the examples: each bulletin under its own kind and status.

Each examples/ folder is built (every format, with the publish step), and the index and the
catalog are read back: the kind is the one the front matter names, with its title from
``[kinds.<key>]``; editions that follow an original (``updates``) are one bulletin, whose
status is its latest edition's (a RESOLVED edition resolves the original it names).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import feedparser
import pytest

from bulletin_builder.render import catalog_data
from bulletin_builder.validate.runner import load_editions
from conftest import ROOT
from hardening_support import diagnostics
from publish_support import publish_build

EXAMPLES = ROOT / "examples"
SITE = "https://bulletins.example.org/cbsa/"
"""The examples' ``site_url`` (a documentation address, RFC 2606)."""
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

BULLETINS = {
    "known-problem-editions": [
        (
            "CARM Bulletin 5368",
            "problem-message",
            "resolved",
            ["carm-bulletin-5368", "carm-bulletin-5371", "carm-bulletin-5374"],
        )
    ],
    "correction": [("TCC23-006", "service-notice", "open", ["tcc23-006", "tcc23-007"])],
    "scheduled-maintenance": [("TCC25-0112", "service-notice", "open", ["tcc25-0112"])],
    "unscheduled-outage": [("TCC25-0120", "service-notice", "open", ["tcc25-0120"])],
    "numbered-notice": [("Customs Notice 24-31", "notice", "open", ["customs-notice-24-31"])],
    "contact-page": [("CARM 2025-11-03", "contact-page", "open", ["carm-2025-11-03"])],
}
"""Example → its bulletins in catalog.json: id, kind, status, the slugs of its editions."""

HEADINGS = {
    "known-problem-editions": ("Known problem messages", "Messages sur un problème connu"),
    "correction": ("Service notices", "Avis de service"),
    "numbered-notice": ("Notices", "Avis"),
    "contact-page": ("Contact information", "Coordonnées"),
}
"""Example → the English / French heading of its kind on the index page."""


@pytest.fixture
def built(examples_built: Path) -> dict[str, Path]:
    return {shape: examples_built / shape for shape in BULLETINS}


def _catalog(site: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    return document


def _group_rows(html: str) -> dict[str, list[str]]:
    """Group id ('problem-message-resolved') → the ids of its rows, in page order."""
    found: dict[str, list[str]] = {}
    for group in html.split('<div class="group">')[1:]:
        heading = re.search(r'<h3 id="([^"]+)"', group)
        assert heading is not None
        found[heading.group(1)] = re.findall(r'<tr id="([^"]+)"', group)
    return found


@pytest.mark.parametrize("shape", sorted(BULLETINS))
def test_catalog_gives_each_bulletin_its_kind_status_and_editions(
    built: dict[str, Path], shape: str
) -> None:
    document = _catalog(built[shape])
    summary = [
        (b["id"], b["kind"], b["status"], [e["slug"] for e in b["editions"]])
        for b in document["bulletins"]
    ]
    assert summary == BULLETINS[shape]
    for bulletin in document["bulletins"]:
        assert {e["kind"] for e in bulletin["editions"]} == {bulletin["kind"]}


def test_catalog_names_what_each_edition_follows(built: dict[str, Path]) -> None:
    editions = _catalog(built["known-problem-editions"])["bulletins"][0]["editions"]
    assert [(e["replaces"], e["status"]) for e in editions] == [
        (None, "open"),
        ("CARM Bulletin 5368", "open"),  # UPDATED: a fix date set, not yet reached
        ("CARM Bulletin 5368", "resolved"),
    ]


@pytest.mark.parametrize("shape", sorted(BULLETINS))
def test_index_groups_each_bulletin_under_its_kind_and_status(
    built: dict[str, Path], shape: str
) -> None:
    html = (built[shape] / "index.html").read_text(encoding="utf-8")
    expected: dict[str, list[str]] = {}
    for _, kind, status, slugs in BULLETINS[shape]:
        expected.setdefault(f"{kind}-{status}", []).extend(slugs)
    assert {k: sorted(v) for k, v in _group_rows(html).items()} == expected


@pytest.mark.parametrize("shape", sorted(HEADINGS))
def test_index_titles_each_kind_in_both_languages(built: dict[str, Path], shape: str) -> None:
    html = (built[shape] / "index.html").read_text(encoding="utf-8")
    english, french = HEADINGS[shape]
    assert f'<h2>{english} / <span lang="fr-CA">{french}</span></h2>' in html
    assert "Known problems /" not in html


@pytest.mark.parametrize("shape", sorted(BULLETINS))
def test_index_title_names_the_family_everywhere_it_is_shown(
    built: dict[str, Path], shape: str
) -> None:
    """``[index_title]`` of the examples titles the index, its feeds and every page's way back."""
    site = built[shape]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Bulletins and notices – Bulletins et avis</title>" in index
    assert '<h1>Bulletins and notices / <span lang="fr-CA">Bulletins et avis</span></h1>' in index
    for lang, title in (("en", "Bulletins and notices"), ("fr", "Bulletins et avis")):
        feed = (site / "feeds" / f"{lang}.atom").read_text(encoding="utf-8")
        assert f"<title>{title}</title>" in feed
        for page in site.glob(f"*/*.{lang}.html"):
            text = page.read_text(encoding="utf-8")
            assert f'<a href="../index.html">{title}</a>' in text, page.name
            assert "Known problems bulletins" not in text
            assert "Bulletins sur les problèmes connus" not in text


def test_an_index_title_missing_a_language_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notice"
    shutil.copytree(EXAMPLES / "numbered-notice", folder)
    config = folder / "bulletins.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('fr = "Bulletins et avis"\n', ""), encoding="utf-8")
    found = [d for d in diagnostics(folder) if d["code"] == "BB010"]
    assert [d["message"] for d in found] == [
        "invalid configuration: [index_title] needs the index page's title for each language "
        "['en', 'fr']"
    ]


def test_a_kind_titled_in_bulletins_toml_is_titled_so(tmp_path: Path) -> None:
    folder = tmp_path / "notice"
    shutil.copytree(EXAMPLES / "numbered-notice", folder)
    config = folder / "bulletins.toml"
    text = config.read_text(encoding="utf-8")
    titled = 'requires = ["numbered"]\ntitle = { en = "Customs notices", fr = "Avis des douanes" }'
    config.write_text(text.replace('requires = ["numbered"]', titled), encoding="utf-8")
    publish_build(folder, tmp_path / "out", ("html",))
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<h2>Customs notices / <span lang="fr-CA">Avis des douanes</span></h2>' in html


def test_a_kind_title_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notice"
    shutil.copytree(EXAMPLES / "numbered-notice", folder)
    config = folder / "bulletins.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('requires = ["numbered"]', 'requires = ["numbered"]\ntitle = "Notices"'),
        encoding="utf-8",
    )
    found = [d for d in diagnostics(folder) if d["code"] == "BB010"]
    assert [d["message"] for d in found] == [
        "invalid configuration: [kinds.notice] title must name the kind in each language: "
        '{ en = "..." }'
    ]


@pytest.mark.parametrize("shape", sorted(BULLETINS))
def test_sitemap_lists_every_page_of_the_example_with_its_alternates(
    built: dict[str, Path], shape: str
) -> None:
    site = built[shape]
    urls = ET.fromstring((site / "sitemap.xml").read_bytes()).findall("s:url", SITEMAP)
    locs = [url.findtext("s:loc", namespaces=SITEMAP) or "" for url in urls]
    assert locs[0] == f"{SITE}index.html"
    pages = sorted(str(p.relative_to(site)) for p in site.glob("*/*.html"))
    assert pages
    assert sorted(loc.removeprefix(SITE) for loc in locs[1:]) == pages
    for url, loc in zip(urls[1:], locs[1:], strict=True):
        links = url.findall("x:link", SITEMAP)
        alternates = {a.get("hreflang"): a.get("href") or "" for a in links}
        assert set(alternates) == {"en-CA", "fr-CA"}, loc
        assert loc in alternates.values()
        assert all((site / href.removeprefix(SITE)).is_file() for href in alternates.values())


@pytest.mark.parametrize("shape", sorted(BULLETINS))
def test_feed_links_of_the_example_are_absolute(built: dict[str, Path], shape: str) -> None:
    site = built[shape]
    for language in ("en", "fr"):
        feed = feedparser.parse((site / "feeds" / f"{language}.atom").read_bytes())
        assert feed.entries, language
        for entry in feed.entries:
            assert entry.link.startswith(SITE), entry.link
            assert (site / entry.link.removeprefix(SITE)).is_file()


def test_status_reads_the_edition_status_then_the_problems_resolved_dates() -> None:
    editions = load_editions([EXAMPLES / "known-problem-editions"])
    by_slug = {e.slug: e.bulletin for e in editions if e.language == "en"}
    original, resolved = by_slug["carm-bulletin-5368"], by_slug["carm-bulletin-5374"]
    assert catalog_data.status(original) == "open"  # fix date TBD
    assert catalog_data.status(resolved) == "resolved"  # status: resolved
    assert original.blocks[0].problem is not None
    problem = replace(original.blocks[0].problem, resolved="2025-10-20")
    closed = replace(original, blocks=[replace(original.blocks[0], problem=problem)])
    assert catalog_data.status(closed) == "resolved"
    later = replace(problem, resolved="2025-10-21")
    reopened = replace(closed, blocks=[replace(closed.blocks[0], problem=later)])
    assert catalog_data.status(reopened) == "open"  # resolved after the edition's date
    assert catalog_data.status(replace(resolved, status="cancelled")) == "cancelled"
    assert catalog_data.statuses(editions)["carm-bulletin-5368"] == "resolved"
