"""The HTML renderer and the index page: structure, translation, faithfulness, accessibility."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bulletin_builder.model.convert import from_data
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin
from bulletin_builder.render import get_renderer
from bulletin_builder.render.html import css_string, tel_uri
from bulletin_builder.render.index import render_index
from conftest import check_golden
from seed import normalize, seed_sentences
from validators import axe_violations, vnu_errors

GOLDEN = Path(__file__).parent / "golden" / "html"
NBSP = "\u00a0"
LANGS = ("en", "fr")


class Page(HTMLParser):
    """The tags (with attributes) and the visible text of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self._skip = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def render(edition: Edition) -> str:
    return get_renderer("html").render(edition).decode("utf-8")


def with_body(edition: Edition, body: str) -> Edition:
    """The edition with another Markdown body (built without the validation rules)."""
    data: dict[str, Any] = {k: v for k, v in edition.bulletin.model_dump().items() if v is not None}
    data["body"] = body
    return dataclasses.replace(edition, bulletin=from_data(Bulletin, data))


@pytest.fixture(scope="module")
def pages(seed_editions: dict[str, Edition]) -> dict[str, str]:
    return {lang: render(edition) for lang, edition in seed_editions.items()}


@pytest.fixture(scope="module")
def written(
    pages: dict[str, str],
    seed_editions: dict[str, Edition],
    tmp_path_factory: pytest.TempPathFactory,
) -> list[Path]:
    """The EN page, the FR page and the index, written as a build would lay them out."""
    build = tmp_path_factory.mktemp("build")
    paths = []
    for lang, html in pages.items():
        path = build / "carm-2021-07-15" / seed_editions[lang].output_name("html")
        path.parent.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    index = build / "index.html"
    index.write_bytes(render_index(list(seed_editions.values())))
    return [*paths, index]


@pytest.mark.parametrize("lang", LANGS)
def test_page_structure(pages: dict[str, str], lang: str) -> None:
    page = Page(pages[lang])
    assert page.all("html") == [{"lang": f"{lang}-CA"}]
    assert len(page.all("h1")) == 1
    assert len(page.all("table")) == len(page.all("caption")) == 2
    assert all(th.get("scope") in ("col", "row") for th in page.all("th"))
    assert len([th for th in page.all("th") if th.get("scope") == "row"]) == 7
    assert not page.all("script")
    assert page.all("ul"), "Markdown lists and tips must be lists"


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_language_toggle(pages: dict[str, str], lang: str, other: str) -> None:
    page = Page(pages[lang])
    toggle = [a for a in page.all("a") if a.get("hreflang") == f"{other}-CA"]
    assert toggle == [
        {"href": f"carm-2021-07-15.{other}.html", "lang": f"{other}-CA", "hreflang": f"{other}-CA"}
    ]
    alternate = [link for link in page.all("link") if link.get("rel") == "alternate"]
    assert [link["hreflang"] for link in alternate] == [f"{other}-CA"]


def test_nothing_external(pages: dict[str, str]) -> None:
    """Styles, fonts and the identity artwork are inlined: nothing is fetched from anywhere."""
    for html in pages.values():
        page = Page(html)
        assert not [link for link in page.all("link") if link.get("rel") != "alternate"]
        assert not page.all("img")
        assert len(page.all("svg")) == 2  # the signature and the wordmark, inline
        assert not page.all("script")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", html)
        assert urls
        assert all(url.startswith("data:font/woff2;base64,") for url in urls)


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "en",
            [
                "Message number",
                "Target audience",
                "Fix date",
                "TBD",
                "N/A",
                "July 31, 2021",
                "Hours of service",
                "Web contact form",
                "Telephone",
                "July 15, 2021",
            ],
        ),
        (
            "fr",
            [
                "Numéro du message",
                "Public cible",
                "Date de correction prévue",
                "À déterminer",
                "S.O.",
                "31 juillet 2021",
                "Heures de service",
                "Formulaire de contact en ligne",
                "Téléphone",
                "15 juillet 2021",
                "Renseignements / Solution de contournement",
            ],
        ),
    ],
)
def test_labels_and_dates_are_translated(
    pages: dict[str, str], lang: str, labels: list[str]
) -> None:
    text = normalize(Page(pages[lang]).text)
    assert [label for label in labels if normalize(label) not in text] == []


def test_french_typography(pages: dict[str, str]) -> None:
    text = Page(pages["fr"]).text
    assert f"suivant{NBSP}:" in text
    assert f"«{NBSP}" in text
    assert f"{NBSP}»" in text
    assert re.search(r" [:;?!»]|« ", text) is None, "an ordinary space where French needs NBSP"
    assert "reçu;" in text  # no space before ; ? ! (Guide du rédacteur)
    assert f"{NBSP}:" not in Page(pages["en"]).text


def test_english_page_carries_every_seed_sentence(pages: dict[str, str]) -> None:
    text = normalize(Page(pages["en"]).text)
    assert [s for s in seed_sentences() if s not in text] == []


def _facts(html: str) -> dict[str, list[str]]:
    page = Page(html)
    return {
        "ids": [attrs["id"] for _, attrs in page.tags if "id" in attrs],
        "dates": [t["datetime"] for t in page.all("time")],
        "tel": [a["href"] for a in page.all("a") if a["href"].startswith("tel:")],
    }


def test_french_carries_the_same_ids_dates_and_numbers(pages: dict[str, str]) -> None:
    english, french = _facts(pages["en"]), _facts(pages["fr"])
    assert english["ids"] == french["ids"]
    # the bulletin's date, the fix date, "Date modified" (the bulletin's date)
    assert english["dates"] == french["dates"] == ["2021-07-15", "2021-07-31", "2021-07-15"]
    assert english["tel"] == french["tel"] == ["tel:+18004619999"]
    for number in ("CARM 2021-07-15", "1-800-461-9999"):
        assert number in Page(pages["fr"]).text


@pytest.mark.parametrize("lang", LANGS)
def test_contact_links(pages: dict[str, str], seed_editions: dict[str, Edition], lang: str) -> None:
    hrefs = [a["href"] for a in Page(pages[lang]).all("a")]
    assert seed_editions[lang].contact.web_form in hrefs


def test_markdown_body_keeps_one_h1_and_escapes_html(seed_editions: dict[str, Edition]) -> None:
    edition = with_body(seed_editions["en"], "# Note\n\nSee <script>alert(1)</script> *this*.")
    page = Page(render(edition))
    assert len(page.all("h1")) == 1
    # the two tables, the contact block, the body's heading, the footer's (visually hidden)
    assert len(page.all("h2")) == 5
    assert not page.all("script")
    assert "<script>alert(1)</script>" in page.text
    assert page.all("em")


def test_supersedes_line(seed_editions: dict[str, Edition]) -> None:
    for lang, expected in (
        ("en", "This bulletin replaces CARM 2021-07-01"),
        ("fr", "Le présent bulletin remplace CARM 2021-07-01"),
    ):
        data = {k: v for k, v in seed_editions[lang].bulletin.model_dump().items() if v is not None}
        edition = dataclasses.replace(
            seed_editions[lang],
            bulletin=from_data(Bulletin, {**data, "supersedes": "CARM 2021-07-01"}),
        )
        assert expected in Page(render(edition)).text
    assert "replaces" not in Page(render(seed_editions["en"])).text


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("1-800-461-9999", "tel:+18004619999"),
        ("613 555 0100", "tel:+16135550100"),
        ("+33 1 23 45 67 89", "tel:+33123456789"),
    ],
)
def test_tel_uri(number: str, uri: str) -> None:
    assert tel_uri(number) == uri


def test_css_string_cannot_close_the_style_element() -> None:
    assert str(css_string('a"</style>')) == '"a\\22 \\3c /style\\3e "'


def test_index_lists_every_output(seed_editions: dict[str, Edition]) -> None:
    page = Page(render_index(list(seed_editions.values())).decode("utf-8"))
    hrefs = [a["href"] for a in page.all("a") if a["href"].startswith("carm-")]
    assert hrefs == [
        f"carm-2021-07-15/carm-2021-07-15.{lang}.{fmt}"
        for lang in LANGS
        for fmt in ("html", "pdf", "docx")
    ]
    assert len(page.all("h1")) == 1
    assert "Portail client de la GCRA" in page.text


def normalized_html(html: str) -> str:
    """The page without its inlined style sheet and artwork (checked elsewhere)."""
    html = re.sub(r"<style>.*?</style>", "<style>/* bulletin.css */</style>", html, flags=re.DOTALL)
    return re.sub(r"(<svg\b[^>]*>).*?</svg>", r"\1…</svg>", html, flags=re.DOTALL)


@pytest.mark.parametrize("lang", LANGS)
def test_golden_html(pages: dict[str, str], lang: str, regen_golden: bool) -> None:
    check_golden(
        GOLDEN / f"carm-2021-07-15.{lang}.html", normalized_html(pages[lang]), regen_golden
    )


def test_golden_index(seed_editions: dict[str, Edition], regen_golden: bool) -> None:
    html = render_index(list(seed_editions.values())).decode("utf-8")
    check_golden(GOLDEN / "index.html", normalized_html(html), regen_golden)


@pytest.mark.validator
def test_zero_axe_violations(written: list[Path]) -> None:
    assert axe_violations(written) == {path: [] for path in written}


@pytest.mark.validator
def test_zero_nu_html_checker_errors(written: list[Path]) -> None:
    assert vnu_errors(written) == {path: [] for path in written}


def test_the_helpdesk_name_is_shown_only_when_the_heading_does_not_say_it(
    seed_editions: dict[str, Edition],
) -> None:
    edition = seed_editions["en"]
    contact = edition.contact
    assert contact is not None
    assert contact.name in contact.heading
    assert 'class="contact-name"' not in render(edition)
    named = dataclasses.replace(contact, name="CARM Client Support Helpdesk (CCSH)")
    shown = dataclasses.replace(edition, contact=named, contacts={contact.id: named})
    assert '<p class="contact-name">CARM Client Support Helpdesk (CCSH)</p>' in render(shown)
