"""Publishing outputs of ``bulletin build``: Atom feeds, catalog.json, sitemap.xml, the index page.

Built once from a folder with a history (the seed, the edition replacing it, a resolved bulletin
for another audience) and read back the way their readers read them: feeds with feedparser,
the catalog against the files' bytes, the sitemap as XML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import feedparser
import pytest

from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.validate.runner import load_editions
from publish_support import BROKERS, FIRST, SECOND, SITE, history_folder, publish_build

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "feeds/en.atom",
    "feeds/fr.atom",
    *(
        f"feeds/{lang}/{key}.atom"
        for lang in ("en", "fr")
        for key in ("commercial-clients", "customs-brokers", "all-clients")
    ),
]


def local(site: Path, href: str) -> Path:
    """The built file an address under the site's URL names."""
    assert href.startswith(SITE), href
    return site / href.removeprefix(SITE)


def parsed(site: Path, rel: str) -> Any:
    return feedparser.parse((site / rel).read_bytes())


@pytest.mark.parametrize("rel", FEEDS)
def test_every_feed_is_valid_atom(site: Path, rel: str) -> None:
    root = ET.fromstring((site / rel).read_bytes())  # well-formed
    assert root.tag == f"{ATOM}feed"
    feed = parsed(site, rel)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("tag:cbsa-asfc.gc.ca,2021:feed/")
    assert feed.feed.title
    assert feed.feed.updated_parsed
    assert feed.feed.author


@pytest.mark.parametrize("rel", FEEDS)
def test_every_entry_has_id_date_links_and_summary(site: Path, rel: str) -> None:
    entries = parsed(site, rel).entries
    for entry in entries:
        assert entry.id.startswith("tag:cbsa-asfc.gc.ca,2021:bulletin/CARM%202021-07-")
        number = entry.id.split("/")[1].replace("%20", " ")
        assert entry.title.startswith(number)
        assert entry.updated == f"{number.split()[1]}T00:00:00Z"
        types = {link.type: link.href for link in entry.links if link.rel == "alternate"}
        assert set(types) == {"text/html", "application/pdf"}
        for href in types.values():
            assert local(site, href).is_file(), href
        assert entry.summary.strip()
    assert len({e.id for e in entries}) == len(entries)
    dates = [e.updated for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_language_feeds_hold_every_edition_in_their_language(site: Path) -> None:
    for lang in ("en", "fr"):
        entries = parsed(site, f"feeds/{lang}.atom").entries
        assert [e.id.rsplit("/", 1)[1] for e in entries] == [lang] * 3
        assert all(e.title_detail.language == f"{lang}-CA" for e in entries)
        pages = [e.link for e in entries]
        assert pages == [f"{SITE}{s}/{s}.{lang}.html" for s in (SECOND, BROKERS, FIRST)]


def test_audience_feeds_hold_only_their_audience(site: Path) -> None:
    ids = {
        key: [e.id for e in parsed(site, f"feeds/en/{key}.atom").entries]
        for key in ("commercial-clients", "customs-brokers", "all-clients")
    }
    assert [i.split("/")[1] for i in ids["commercial-clients"]] == [
        "CARM%202021-07-22",
        "CARM%202021-07-15",
    ]
    assert [i.split("/")[1] for i in ids["customs-brokers"]] == ["CARM%202021-07-20"]
    assert ids["all-clients"] == []
    assert parsed(site, "feeds/fr/customs-brokers.atom").feed.title.endswith("Courtiers en douane")


def test_summary_says_what_changed_since_the_previous_edition(site: Path) -> None:
    en = {e.link.rsplit("/", 1)[1]: e.summary for e in parsed(site, "feeds/en.atom").entries}
    assert en[f"{SECOND}.en.html"].splitlines() == [
        "Changes since CARM 2021-07-15 (July 15, 2021):",
        "Fix date TBD → July 20, 2021: Clients are being incorrectly directed to the eManifest "
        "CBSA Portal user profile portal page when …",
        "Fix date TBD → July 20, 2021: I have subscribed to receive CARM notifications but I am "
        "not receiving them.",
    ]
    assert en[f"{FIRST}.en.html"] == "First edition: 7 known problems."
    fr = {e.link.rsplit("/", 1)[1]: e.summary for e in parsed(site, "feeds/fr.atom").entries}
    assert fr[f"{SECOND}.fr.html"].startswith(
        "Modifications depuis CARM 2021-07-15 (15\u00a0juillet 2021)\u00a0:\n"
        "Date de correction À déterminer → 20\u00a0juillet 2021\u00a0: Des clients"
    )


def test_entry_ids_do_not_change_when_the_words_do(
    history: Path, site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bulletins"
    import shutil  # noqa: PLC0415

    shutil.copytree(history, folder)
    english = folder / f"{SECOND}.en.md"
    english.write_text(
        english.read_text(encoding="utf-8").replace("Known Problems", "Known Issues"),
        encoding="utf-8",
    )
    publish_build(folder, tmp_path / "out", ("html",))
    before = {e.link: e.id for e in parsed(site, "feeds/en.atom").entries}
    after = parsed(tmp_path / "out", "feeds/en.atom").entries
    assert {e.link: e.id for e in after} == before
    assert "Known Issues" in after[0].title
    assert "The title changed." in after[0].summary


def catalog(site: Path) -> Any:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def test_catalog_sizes_and_hashes_match_the_files(site: Path) -> None:
    outputs = [o for b in catalog(site)["bulletins"] for e in b["editions"] for o in e["outputs"]]
    assert {o["format"] for o in outputs} == {"html", "pdf", "eml"}
    assert len(outputs) == 3 * 2 * 3
    for output in outputs:
        data = (site / output["path"]).read_bytes()
        assert output["size"] == len(data), output["path"]
        assert output["sha256"] == hashlib.sha256(data).hexdigest(), output["path"]


def test_catalog_lists_bulletins_with_their_editions(site: Path) -> None:
    document = catalog(site)
    assert document["schema_version"] == 1
    assert document["site_url"] == SITE
    summary = [
        (
            b["id"],
            b["status"],
            b["audience"],
            b["first_published"],
            b["updated"],
            [e["slug"] for e in b["editions"]],
        )
        for b in document["bulletins"]
    ]
    assert summary == [
        (
            "CARM 2021-07-15",
            "open",
            "commercial-clients",
            "2021-07-15",
            "2021-07-22",
            [FIRST, SECOND],
        ),
        ("CARM 2021-07-20", "resolved", "customs-brokers", "2021-07-20", "2021-07-20", [BROKERS]),
    ]
    second = document["bulletins"][0]["editions"][1]
    assert second["replaces"] == "CARM 2021-07-15"
    assert second["languages"] == ["en", "fr"]
    assert second["kind"] == "known-problems"
    assert second["titles"]["fr"] == "Portail client de la GCRA – Problèmes connus"


def test_catalog_follows_a_rebuilt_output(history: Path, site: Path, tmp_path: Path) -> None:
    """Only one PDF re-rendered: the catalog still matches every file, old and new."""
    import shutil  # noqa: PLC0415

    out = tmp_path / "out"
    shutil.copytree(site, out)
    (out / FIRST / f"{FIRST}.en.pdf").unlink()
    assert publish_build(history, out).startswith(
        "Built 1 file(s)"
    )  # the PDF; the catalog is fresh
    test_catalog_sizes_and_hashes_match_the_files(out)


def test_sitemap_lists_every_page_with_its_alternates(site: Path) -> None:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = root.findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    assert locs[0] == f"{SITE}index.html"
    pages = sorted(str(p.relative_to(site)) for p in site.glob("*/*.html"))
    assert sorted(loc.removeprefix(SITE) for loc in locs[1:]) == pages
    for url in urls[1:]:
        loc = url.findtext("s:loc", namespaces=ns)
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert set(alternates) == {"en-CA", "fr-CA"}
        assert loc in alternates.values()
        assert all(local(site, href).is_file() for href in alternates.values())
        assert url.findtext("s:lastmod", namespaces=ns) == loc.split("carm-")[1][:10]


def test_no_site_url_no_sitemap_and_relative_feed_links(tmp_path: Path) -> None:
    folder = history_folder(tmp_path / "bulletins", site=None)
    out = tmp_path / "out"
    publish_build(folder, out, ("html",))
    assert not (out / "sitemap.xml").exists()
    entry = parsed(out, "feeds/en/customs-brokers.atom").entries[0]
    assert entry.link == f"../../{BROKERS}/{BROKERS}.en.html"
    assert (out / "feeds" / "en" / entry.link).resolve().is_file()


def test_the_same_sources_give_the_same_bytes(history: Path, site: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    publish_build(history, out)
    made = [
        "catalog.json",
        "sitemap.xml",
        *FEEDS,
        *(p.relative_to(site) for p in site.glob("*/*.eml")),
    ]
    for rel in made:
        assert (out / rel).read_bytes() == (site / rel).read_bytes(), rel
    assert publish_build(history, out).startswith("Nothing changed")


def test_index_groups_by_kind_and_status_and_filters_by_audience(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    open_at, resolved_at = html.index(">Open / "), html.index(">Resolved / ")
    assert open_at < html.index(f'id="{SECOND}"') < html.index(f'id="{FIRST}"') < resolved_at
    assert resolved_at < html.index(f'id="{BROKERS}"')
    assert f'<tr id="{BROKERS}" class="for-customs-brokers">' in html
    assert "#for-customs-brokers:target ~ .catalog tbody tr:not(.for-customs-brokers)" in html
    assert '<span id="for-customs-brokers" class="audience-target"></span>' in html
    assert '<a href="#for-customs-brokers">' in html
    assert "<script" not in html


def seed(language: str) -> Edition:
    from conftest import SEED_BULLETINS  # noqa: PLC0415

    return next(e for e in load_editions([SEED_BULLETINS]) if e.language == language)


def test_status_is_resolved_only_when_every_fix_is_dated_on_or_before_the_bulletin() -> None:
    bulletin = seed("en").bulletin
    assert catalog_data.status(bulletin) == "open"  # TBD and N/A fix dates
    sections = [
        replace(s, problems=[replace(p, fix_date="2021-07-15") for p in s.problems])
        for s in bulletin.sections
    ]
    assert catalog_data.status(replace(bulletin, sections=sections)) == "resolved"
    later = [
        replace(s, problems=[replace(p, fix_date="2021-07-16") for p in s.problems])
        for s in sections
    ]
    assert catalog_data.status(replace(bulletin, sections=later)) == "open"
    assert catalog_data.updated(bulletin) == dt.date(2021, 7, 15)


def test_bulletin_build_runs_the_publish_step(history: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from bulletin_builder.cli import main  # noqa: PLC0415

    out = tmp_path / "out"
    args = ["build", str(history), "--out", str(out), "--format", "html"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == f"Built {6 + 6 + len(FEEDS) + 2} file(s) from 6 bulletin edition(s) into {out}/.\n"
    )
    for rel in ("catalog.json", "sitemap.xml", *FEEDS, f"{FIRST}/{FIRST}.fr.eml"):
        assert (out / rel).is_file(), rel


def test_a_failing_publish_output_writes_nothing(history: Path, tmp_path: Path) -> None:
    from bulletin_builder.build.orchestrator import build  # noqa: PLC0415
    from bulletin_builder.build.post import Built, Extra, PostStepError  # noqa: PLC0415
    from hardening_support import untouched  # noqa: PLC0415

    out = tmp_path / "out"
    publish_build(history, out, ("html",))
    before = untouched(out)

    def broken(built: Built) -> list[Extra]:
        def explode(_: object) -> bytes:
            raise ValueError("no feed today")

        return [
            Extra("feeds/fr.atom", "a new key", lambda _: b"<feed/>"),
            Extra("feeds/en.atom", "another key", explode),  # made in another process
        ]

    with pytest.raises(PostStepError, match=r"feeds/en\.atom failed, nothing was written"):
        build([history], out, ("html",), force=True, post=broken, jobs=2)
    assert untouched(out) == before
