"""The PDF renderer: PDF/UA-1, pages, running header, metadata, determinism, confinement."""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import re
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from bulletin_builder.model.convert import from_data
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin
from bulletin_builder.render import get_renderer
from bulletin_builder.render.fetcher import ResourceRefused, TemplatesFetcher, allowed_path
from bulletin_builder.render.pdf import PdfRenderError, errors_fail, page_label_css
from bulletin_builder.render.templates import templates_dir
from seed import normalize, seed_sentences
from validators import require, verapdf_failures

NBSP = "\u00a0"
LANGS = ("en", "fr")


def render(edition: Edition) -> bytes:
    return get_renderer("pdf").render(edition)


def poppler(tool: str, *args: str) -> str:
    """The output of a poppler-utils command (they come in one package with pdftotext)."""
    require("pdftotext")
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, in reading order (``pdftotext`` without ``-layout``)."""
    return poppler("pdftotext", str(pdf), "-").split("\f")[:-1]


def squeezed(text: str) -> str:
    """Text without whitespace or list bullets: where a line wraps is not content."""
    return re.sub(r"[\s•]+", "", text).casefold()


def with_body(edition: Edition, body: str) -> Edition:
    data: dict[str, Any] = {k: v for k, v in edition.bulletin.model_dump().items() if v is not None}
    return dataclasses.replace(edition, bulletin=from_data(Bulletin, {**data, "body": body}))


@pytest.fixture(scope="module")
def pdfs(
    seed_editions: dict[str, Edition], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for lang, edition in seed_editions.items():
        paths[lang] = folder / edition.output_name("pdf")
        paths[lang].write_bytes(render(edition))
    return paths


def info(pdf: Path) -> dict[str, str]:
    lines = poppler("pdfinfo", "-isodates", str(pdf)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


@pytest.mark.validator
def test_zero_verapdf_pdf_ua1_failures(pdfs: dict[str, Path]) -> None:
    paths = list(pdfs.values())
    assert verapdf_failures(paths) == {path: [] for path in paths}


@pytest.mark.parametrize(
    ("lang", "title", "audience"),
    [
        ("en", "CARM Client Portal (CCP) – Known Problems", "Commercial clients"),
        ("fr", "Portail client de la GCRA – Problèmes connus", "Clients commerciaux"),
    ],
)
def test_metadata(pdfs: dict[str, Path], lang: str, title: str, audience: str) -> None:
    meta = info(pdfs[lang])
    assert meta["Title"] == f"{title} – CARM 2021-07-15"
    assert meta["Subject"] == audience
    assert meta["Keywords"] == "CARM 2021-07-15"
    assert meta["CreationDate"].startswith("2021-07-15T00:00:00")
    assert meta["ModDate"].startswith("2021-07-15T00:00:00")
    assert meta["Tagged"] == "yes"
    assert meta["Page size"].startswith("612 x 792 pts (letter)")


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed (the catalog sits in an object stream)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL)
    return pdf + b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")


@pytest.mark.parametrize("lang", LANGS)
def test_language_and_pdf_ua_identification(pdfs: dict[str, Path], lang: str) -> None:
    content = _inflated(pdfs[lang].read_bytes())
    assert f"/Lang ({lang}-CA)".encode() in content
    assert b"<pdfuaid:part>1</pdfuaid:part>" in content or b'pdfuaid:part="1"' in content


@pytest.mark.parametrize(
    ("lang", "header", "footer"),
    [
        (
            "en",
            ["Message number: CARM 2021-07-15", "Target audience: Commercial clients"],
            "Page {} of {}",
        ),
        (
            "fr",
            ["Numéro du message : CARM 2021-07-15", "Public cible : Clients commerciaux"],
            "Page {} de {}",
        ),
    ],
)
def test_running_header_and_page_numbers(
    pdfs: dict[str, Path], lang: str, header: list[str], footer: str
) -> None:
    pages = [text.replace(NBSP, " ") for text in pages_text(pdfs[lang])]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        for line in header:
            assert line in text, f"page {number}"
        assert footer.format(number, len(pages)) in text


def test_footer_label_is_translated_css() -> None:
    assert page_label_css("en") == '"Page " counter(page) " of " counter(pages)'
    assert page_label_css("fr") == '"Page " counter(page) " de " counter(pages)'


@pytest.mark.parametrize("lang", LANGS)
def test_table_header_repeats_and_rows_stay_whole(
    pdfs: dict[str, Path], seed_editions: dict[str, Edition], lang: str
) -> None:
    pages = [squeezed(text) for text in pages_text(pdfs[lang])]
    header = squeezed(
        "Information / Work around"
        if lang == "en"
        else "Renseignements / Solution de contournement"
    )
    for problem in seed_editions[lang].bulletin.problems():
        first = squeezed(re.sub(r"[*_`]", "", problem.description))[:40]
        last = squeezed(re.sub(r"[*_`]", "", problem.workaround))[-40:]
        holding = [i for i, text in enumerate(pages) if first in text and last in text]
        assert holding, f"row {problem.id} is split across pages"
        assert header in pages[holding[0]], f"no table header above {problem.id}"


def test_english_pdf_carries_every_seed_sentence(pdfs: dict[str, Path]) -> None:
    text = squeezed(normalize("".join(pages_text(pdfs["en"]))))
    assert [s for s in seed_sentences() if squeezed(s) not in text] == []


def test_french_pdf_carries_the_same_dates_and_numbers(pdfs: dict[str, Path]) -> None:
    text = "".join(pages_text(pdfs["fr"]))
    for fact in (
        "CARM 2021-07-15",
        "15 juillet 2021",
        "31 juillet 2021",
        "1-800-461-9999",
        "https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-fra.html",
    ):
        assert fact in text
    assert "suivant : «" in " ".join(text.split())  # pdftotext writes U+00A0 as a space


def test_bookmarks_follow_the_headings(pdfs: dict[str, Path]) -> None:
    xml = poppler("pdftohtml", "-xml", "-i", "-stdout", str(pdfs["en"]))
    items = re.findall(r'<item page="\d+">([^<]*)</item>', xml)
    assert items == [
        "CARM Client Portal (CCP) – Known Problems",
        "CCP problems known to the CBSA",
        "CCP problems known to the CBSA",
        "How to contact the CARM Client Support Helpdesk",
        "Tips when experiencing a problem in the CCP",
        "When contacting the CCSH...",
    ]


def test_two_renders_are_byte_identical(
    seed_editions: dict[str, Edition], pdfs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Pacific/Chatham")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    time.tzset()
    try:
        for lang, path in pdfs.items():
            assert render(seed_editions[lang]) == path.read_bytes()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_fonts_come_from_the_templates(pdfs: dict[str, Path]) -> None:
    fonts = poppler("pdffonts", str(pdfs["en"]))
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert names == {"Lato-Bold", "Noto-Sans", "Noto-Sans-Bold"}
    assert all(" yes yes yes " in line for line in fonts.splitlines()[2:])


# --- The restricted URL fetcher ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://www.canada.ca/x.css",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
    ],
)
def test_fetcher_refuses_everything_outside_the_templates(url: str) -> None:
    with pytest.raises(ResourceRefused, match="refused"):
        TemplatesFetcher().fetch(url)


def test_fetcher_refuses_a_way_out_of_the_templates(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "ok.css").write_text("p {}", encoding="utf-8")
    for url in (
        (root / "link.txt").as_uri(),
        root.as_uri() + "/../secret.txt",
        (root / "missing.css").as_uri(),
    ):
        with pytest.raises(ResourceRefused):
            allowed_path(url, root)
    assert allowed_path((root / "ok.css").as_uri(), root) == (root / "ok.css").resolve()


def test_fetcher_reads_the_house_style() -> None:
    response = TemplatesFetcher().fetch((templates_dir() / "fonts" / "fonts.css").as_uri())
    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks the fetcher for during the test (stylesheets parsed anew)."""
    from bulletin_builder.render import pdf  # noqa: PLC0415

    urls: list[str] = []
    real = TemplatesFetcher.fetch

    def record(self: TemplatesFetcher, url: str, headers: object = None) -> object:
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(TemplatesFetcher, "fetch", record)
    pdf.release_print_styles()  # parsed again, through the recording fetcher
    return urls


def _outside_templates(urls: list[str]) -> list[str]:
    root = templates_dir().resolve().as_uri()
    return [u for u in urls if not u.startswith(root + "/")]


@pytest.mark.parametrize(
    "url", ["/etc/passwd", "../../../../../../../../etc/passwd", "http://127.0.0.1:9/x.png"]
)
def test_a_bulletin_cannot_make_the_pdf_read_outside_the_templates(
    seed_editions: dict[str, Edition], url: str, fetched: list[str]
) -> None:
    """An image that is not a local file is no image: WeasyPrint never sees its URL."""
    from bulletin_builder.render.html import render_page  # noqa: PLC0415

    edition = with_body(seed_editions["en"], f"Look: ![a picture]({url})")
    page = render_page(edition, "print")
    assert 'alt="a picture"' not in page  # no image of the bulletin's
    assert f'"{url}"' not in page  # its address in no attribute
    render(edition)
    assert fetched, "the render read its stylesheets and fonts through the fetcher"
    assert _outside_templates(fetched) == []


def test_a_file_url_in_markdown_never_reaches_the_pdf(
    seed_editions: dict[str, Edition], fetched: list[str]
) -> None:
    """CommonMark drops ``file:`` links; the fetcher is the second wall (tested above)."""
    from weasyprint import HTML  # noqa: PLC0415 - as the renderer does

    edition = with_body(seed_editions["en"], "Look: ![a picture](file:///etc/passwd)")
    render(edition)
    assert fetched
    assert _outside_templates(fetched) == []
    page = HTML(
        string='<p><img src="file:///etc/passwd" alt="x"></p>', url_fetcher=TemplatesFetcher()
    )
    with (
        pytest.raises(PdfRenderError, match="refused to fetch 'file:///etc/passwd'"),
        errors_fail("t"),
    ):
        page.write_pdf()


# --- WeasyPrint errors fail the render --------------------------------------------------------


def test_a_weasyprint_error_log_fails_the_render(
    seed_editions: dict[str, Edition], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An image WeasyPrint cannot load (a text file of the templates) is logged as an ERROR.

    Bulletins cannot name images any more, so the broken image comes from a house style."""
    import shutil  # noqa: PLC0415

    from bulletin_builder.render import pdf  # noqa: PLC0415
    from bulletin_builder.render.templates import ENVIRONMENT  # noqa: PLC0415

    render(seed_editions["en"])  # the packaged house style's stylesheets, parsed and kept
    house = shutil.copytree(templates_dir(), tmp_path / "house")
    css = house / "print.css"
    css.write_text(
        css.read_text(encoding="utf-8") + "\nbody { background-image: url(fonts/OFL-Lato.txt) }\n"
    )
    monkeypatch.setenv(ENVIRONMENT, str(house))
    try:  # the house style's own stylesheets are used, not the ones kept for the packaged
        with pytest.raises(PdfRenderError, match="Failed to load image"):
            render(seed_editions["en"])
    finally:
        monkeypatch.delenv(ENVIRONMENT)
        pdf.release_print_styles()


def test_errors_fail_ignores_warnings_and_catches_errors() -> None:
    logger = logging.getLogger("weasyprint")
    with errors_fail("warning.pdf"):
        logger.warning("a warning is not a failure")
    expected = re.escape("boom.pdf: WeasyPrint reported: broken")
    with pytest.raises(PdfRenderError, match=expected), errors_fail("boom.pdf"):
        logger.error("broken")
    assert not [h for h in logger.handlers if type(h).__name__ == "_ErrorCollector"]


def _fonts_made_in_a_worker() -> list[str]:
    """In a render worker: parse the print stylesheets of the templates folder in use here
    (one the parent never parsed) and say what its temporary folder then holds."""
    import tempfile  # noqa: PLC0415

    from bulletin_builder.render import pdf  # noqa: PLC0415

    pdf.print_styles()
    return sorted(p.name for p in Path(tempfile.gettempdir()).iterdir())


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="a forked worker is the case"
)
def test_a_worker_that_parses_its_own_stylesheets_removes_their_fonts_when_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pool workers end with ``os._exit``, which runs no ``__del__``: the font folder of the
    stylesheets a worker parsed itself is removed by its exit finalizer, and a worker never
    removes the folders of the stylesheets it inherited from its parent."""
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    from bulletin_builder.render import pdf  # noqa: PLC0415
    from bulletin_builder.render.templates import ENVIRONMENT  # noqa: PLC0415

    fonts, _ = pdf.print_styles()  # the parent's own, inherited by the worker
    inherited = Path(fonts._folder)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv(ENVIRONMENT, str(shutil.copytree(templates_dir(), tmp_path / "house")))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        during = pool.submit(_fonts_made_in_a_worker).result()
    assert during, "the worker's stylesheets made a font folder"
    assert list(temp.iterdir()) == []
    assert inherited.is_dir()
