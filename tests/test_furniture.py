"""Federal identity and Canada.ca page furniture, and pages that reflow at 320 CSS pixels."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from bulletin_builder import markdown
from bulletin_builder.build.orchestrator import build
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import get_renderer
from bulletin_builder.render.furniture import (
    break_after_dots,
    file_size,
    joined_code,
    unbreakable_code,
)
from bulletin_builder.render.templates import templates_dir
from conftest import SEED_BULLETINS
from test_render_html import Page
from test_render_pdf import poppler
from validators import axe_violations, pdf_text, screenshot, vnu_errors

LANGS = ("en", "fr")
SLUG = "carm-2021-07-15"
TOKEN = "!errors.carm.invalid.client.id.message"
SIGNATURE_ALT = {"en": "Government of Canada", "fr": "Gouvernement du Canada"}
WORDMARK_ALT = {
    "en": "Symbol of the Government of Canada",
    "fr": "Symbole du gouvernement du Canada",
}
IDENTITY = Path(templates_dir()) / "identity"


def html_of(out: Path, lang: str) -> str:
    return (out / SLUG / f"{SLUG}.{lang}.html").read_text(encoding="utf-8")


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)


def labels(page: Page) -> list[str]:
    return [svg["aria-label"] for svg in page.all("svg")]


def metas(page: Page) -> dict[str, dict[str, str]]:
    return {m["name"]: m for m in page.all("meta") if "name" in m}


@pytest.mark.parametrize("lang", LANGS)
def test_signature_and_wordmark_are_the_official_artwork(clean_build: Path, lang: str) -> None:
    first = "fr" if lang == "fr" else "en"
    html = html_of(clean_build, lang)
    page = Page(html)
    assert labels(page) == [SIGNATURE_ALT[lang], WORDMARK_ALT[lang]]
    assert [svg["role"] for svg in page.all("svg")] == ["img", "img"]
    for inline, name in zip(svgs(html), (f"sig-blk-{first}", f"wmms-spl-{first}"), strict=True):
        artwork = (IDENTITY / f"{name}.svg").read_text(encoding="utf-8").replace("\r\n", "\n")
        drawing = re.sub(r"\s*<title\b.*?</title>", "", artwork.strip()).split(">", 1)[1]
        assert inline.split(">", 1)[1] == drawing, "the file's drawing, as it is"
    assert not page.all("img"), "no URL: the artwork is inline"
    assert (IDENTITY / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.parametrize("lang", LANGS)
def test_canada_ca_mandatory_elements(clean_build: Path, lang: str) -> None:
    html = html_of(clean_build, lang)
    page = Page(html)
    links = page.all("a")
    assert links[0] == {"href": "#main"}, "the skip link comes first"
    assert page.all("main") == [{"id": "main", "class": "container"}]
    assert {"href": "../index.html"} in links, "breadcrumb back to the bulletin index"
    assert re.search(r"<title>[^<]* - Canada\.ca</title>", html)
    meta = metas(page)
    assert meta["dcterms.language"]["content"] == {"en": "eng", "fr": "fra"}[lang]
    for name in ("dcterms.issued", "dcterms.modified"):
        assert meta[name]["content"] == "2021-07-15"
    for name in ("dcterms.title", "dcterms.creator", "dcterms.subject"):
        assert meta[name]["content"]
    modified = {"en": "Date modified: 2021-07-15", "fr": "Date de modification\u00a0: 2021-07-15"}
    assert modified[lang] in re.sub(r"[ \t\n]+", " ", page.text)
    canada = {"en": "https://www.canada.ca/en/", "fr": "https://www.canada.ca/fr/"}[lang]
    assert len([a for a in links if a["href"].startswith(canada)]) == 5, "the footer's links"


def test_index_carries_the_bulletin_pages_furniture(clean_build: Path) -> None:
    """The bilingual index: the same skip link, signature, footer and wordmark as the bulletin
    pages, their labels in English then French, a breadcrumb to Canada.ca only (it is the
    index), and "Date modified"."""
    html = (clean_build / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    both = [f"{alt['en']} / {alt['fr']}" for alt in (SIGNATURE_ALT, WORDMARK_ALT)]
    assert labels(page) == both
    unlabelled = [re.sub(r' aria-label="[^"]*"', "", svg) for svg in svgs(html)]
    bulletin = [re.sub(r' aria-label="[^"]*"', "", s) for s in svgs(html_of(clean_build, "en"))]
    assert unlabelled == bulletin, "the bulletin page's own artwork"
    assert "signature-flag" not in html
    links = page.all("a")
    assert links[0] == {"href": "#main"}, "the skip link comes first"
    assert not [a for a in links if a["href"].endswith("index.html")], "no link to itself"
    assert len([a for a in links if a["href"].startswith("https://www.canada.ca/en/")]) == 5
    text = re.sub(r"[ \t\n]+", " ", page.text)
    assert "Date modified: / Date de modification\u00a0: 2021-07-15" in text
    for label in (
        "Skip to main content / Passer au contenu principal",
        "About this site / À propos de ce site",
        "Social media / Médias sociaux",
        "Privacy / Confidentialité",
    ):
        assert label in text
    assert html.count('<span lang="fr-CA">Médias sociaux</span>') == 1


@pytest.mark.parametrize("lang", LANGS)
def test_download_links_give_format_and_size(clean_build: Path, lang: str) -> None:
    page = Page(html_of(clean_build, lang))
    downloads = [a for a in page.all("a") if "download" in a]
    assert [a["href"] for a in downloads] == [f"{SLUG}.{lang}.pdf", f"{SLUG}.{lang}.docx"]
    for fmt in ("pdf", "docx"):
        size = (clean_build / SLUG / f"{SLUG}.{lang}.{fmt}").stat().st_size
        assert f"({fmt.upper()}, {file_size(size, lang)})" in page.text


def test_the_page_keeps_its_sizes_when_only_it_is_rebuilt(out: Path) -> None:
    """An incremental build renders the HTML alone: the sizes come from the manifest."""
    page = out / SLUG / f"{SLUG}.en.html"
    before = page.read_bytes()
    page.unlink()
    summary = build([SEED_BULLETINS], out, ("html", "pdf", "docx"), jobs=1)
    assert summary.startswith("Built 1 file(s)")
    assert page.read_bytes() == before


def test_html_only_build_links_nothing(tmp_path: Path) -> None:
    build([SEED_BULLETINS / f"{SLUG}.en.md"], tmp_path, ("html",), jobs=1)
    assert not [a for a in Page(html_of(tmp_path, "en")).all("a") if "download" in a]


@pytest.mark.parametrize(
    ("size", "lang", "text"),
    [
        (86_016, "en", "84\u00a0KB"),
        (86_016, "fr", "84\u00a0Ko"),
        (100, "en", "1\u00a0KB"),
        (1_300_000, "en", "1.2\u00a0MB"),
        (1_300_000, "fr", "1,2\u00a0Mo"),
    ],
)
def test_file_size(size: int, lang: str, text: str) -> None:
    assert file_size(size, lang) == text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"the message: “{TOKEN}”", [TOKEN]),
        (f"« {TOKEN} »", [TOKEN]),
        ("see https://www.cbsa-asfc.gc.ca/services/carm-gcra/menu-eng.html today", []),
        ("write to first.middle.lastname@cbsa-asfc.gc.ca today", []),
        (f"[{TOKEN}](https://example.gc.ca)", []),
        ("a short.dotted.name stays text", []),
    ],
)
def test_long_identifiers_become_code(text: str, code: list[str]) -> None:
    children = markdown.tokens(text, "en")[1].children or []
    assert [c.content for c in children if c.type == "code_inline"] == code
    assert "".join(c.content for c in children if c.type in ("text", "code_inline")) in text


def test_identifier_breaks_only_after_dots_on_screen_and_never_in_the_pdf() -> None:
    html = str(break_after_dots(f"<p>“<code>{TOKEN}</code>” and <code>make test</code></p>"))
    assert '<code class="identifier">!errors.<wbr>carm.<wbr>invalid.' in html
    assert "<code>make test</code>" in html
    assert unbreakable_code(html) == (
        f'<p><span class="nowrap">“<code class="identifier">{TOKEN}</code>”</span>'
        " and <code>make test</code></p>"
    )


def _inflated(pdf: bytes) -> bytes:
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL)
    return pdf + b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_first_page_carries_the_identity_as_tagged_figures(
    clean_build: Path, lang: str
) -> None:
    pdf = clean_build / SLUG / f"{SLUG}.{lang}.pdf"
    content = _inflated(pdf.read_bytes())
    for alt in (SIGNATURE_ALT[lang], WORDMARK_ALT[lang]):
        assert f"/Alt ({alt})".encode() in content
    structure = poppler("pdfinfo", "-struct", str(pdf))
    figures = structure[: structure.index("H1")].count("Figure")
    assert figures == 2, "signature and wordmark are tagged figures before the title"
    lines = pdf_text(pdf).splitlines()
    assert [line for line in lines if TOKEN in line], "the identifier is whole on one line"


@pytest.mark.parametrize("lang", LANGS)
def test_docx_header_carries_the_identity_with_alt_text(clean_build: Path, lang: str) -> None:
    document = docx.Document(io.BytesIO((clean_build / SLUG / f"{SLUG}.{lang}.docx").read_bytes()))
    header = document.sections[0].header
    described = [e.get("descr") for e in header._element.iter(qn("wp:docPr"))]
    assert described == [SIGNATURE_ALT[lang], WORDMARK_ALT[lang]]
    images = [r.target_part.blob for r in header.part.rels.values() if "image" in r.reltype]
    first = "fr" if lang == "fr" else "en"
    assert (IDENTITY / f"sig-blk-{first}.png").read_bytes() in images
    runs = [r for p in document.element.body.iter(qn("w:p")) for r in p.iter(qn("w:r"))]
    code = [
        r for r in runs if joined_code(TOKEN) in "".join(t.text or "" for t in r.iter(qn("w:t")))
    ]
    assert len(code) == 1, "the identifier is one run"
    assert code[0].find(qn("w:rPr") + "/" + qn("w:rStyle")).get(qn("w:val")) == "VerbatimChar"


@pytest.fixture(scope="module")
def pages_320(clean_build: Path) -> list[Path]:
    """The bulletin page in each language, then the bilingual index page."""
    return [clean_build / SLUG / f"{SLUG}.{lang}.html" for lang in LANGS] + [
        clean_build / "index.html"
    ]


@pytest.mark.validator
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_clean_and_no_sideways_scroll(pages_320: list[Path], width: int) -> None:
    assert axe_violations(pages_320, width=width) == {path: [] for path in pages_320}


@pytest.mark.validator
def test_built_pages_are_valid_html(pages_320: list[Path]) -> None:
    """The pages as the build writes them (download links included) pass the Nu HTML Checker."""
    assert vnu_errors(pages_320) == {path: [] for path in pages_320}


@pytest.mark.validator
def test_screenshot_at_320(pages_320: list[Path], tmp_path: Path) -> None:
    """A full-page screenshot at 320 px is 320 px wide: nothing sticks out sideways."""
    png = tmp_path / "fr-320.png"
    screenshot(pages_320[1], png, width=320)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png.read_bytes()[16:20], "big")
    assert width == 320, "the full-page screenshot is no wider than the viewport"


def test_renderers_share_one_edition(seed_editions: dict[str, Edition]) -> None:
    """Rendering HTML alone (a preview) shows no download links and still the identity."""
    page = Page(get_renderer("html").render(seed_editions["fr"]).decode("utf-8"))
    assert not [a for a in page.all("a") if "download" in a]
    assert labels(page) == [SIGNATURE_ALT["fr"], WORDMARK_ALT["fr"]]
