"""The e-mail edition: each ``.eml`` parsed back, its plain text at 72 columns, its HTML
self-contained; both languages, the subscriber's first; the HTML part checked with axe."""

from __future__ import annotations

import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from bulletin_builder.model.edition import Edition
from bulletin_builder.publish.plaintext import to_text, wrap
from bulletin_builder.validate.runner import load_editions
from email_support import EXAMPLES, SHAPES, facts, missing_in_order, read_message, segments
from publish_support import BROKERS, FIRST, SECOND, SITE
from validators import axe_violations, vnu_errors

TITLES = {
    "en": "CARM Client Portal (CCP) – Known Problems",
    "fr": "Portail client de la GCRA – Problèmes connus",
}
OTHER = {"en": "fr", "fr": "en"}


def message(site: Path, slug: str, lang: str) -> EmailMessage:
    return read_message(site / slug / f"{slug}.{lang}.eml")


def parts(msg: EmailMessage) -> tuple[str, str]:
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None
    assert html is not None
    crlf = "\r\n"  # the wire form's line ends, as a mail client reads them: lines
    return str(text.get_content()).replace(crlf, "\n"), str(html.get_content()).replace(crlf, "\n")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headers_and_structure(site: Path, lang: str) -> None:
    msg = message(site, SECOND, lang)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"] == f"CARM 2021-07-22 – {TITLES[lang]} / {TITLES[OTHER[lang]]}"
    assert msg["Date"] == "Thu, 22 Jul 2021 00:00:00 +0000"
    assert msg["Message-ID"] == f"<{SECOND}.{lang}@bulletins.example.org>"
    assert msg["From"].addresses[0].addr_spec == "no-reply@bulletins.example.org"
    assert msg["Content-Language"] == f"{lang}-CA, {OTHER[lang]}-CA"
    assert not msg.defects
    assert all(not p.defects for p in msg.walk())


def test_the_raw_message_is_crlf_and_ascii(site: Path) -> None:
    raw = (site / FIRST / f"{FIRST}.fr.eml").read_bytes()
    raw.decode("ascii")  # 8-bit text is quoted-printable or encoded words
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78


@pytest.mark.parametrize(
    ("lang", "note"), [("en", "(La version française suit)"), ("fr", "(English follows)")]
)
def test_subscriber_language_first_then_the_other(site: Path, lang: str, note: str) -> None:
    text, html = parts(message(site, FIRST, lang))
    assert text.splitlines()[0] == note
    assert text.index(TITLES[lang]) < text.index(TITLES[OTHER[lang]])
    assert html.index(f'<div id="edition-{lang}" lang="{lang}-CA">') < html.index(
        f'<div id="edition-{OTHER[lang]}" lang="{OTHER[lang]}-CA">'
    )
    assert f'<html lang="{lang}-CA">' in html
    assert f'href="#edition-{OTHER[lang]}"' in html


def test_plain_text_is_wrapped_at_72_columns(site: Path) -> None:
    for slug in (FIRST, SECOND, BROKERS):
        for lang in ("en", "fr"):
            text, _ = parts(message(site, slug, lang))
            long = [line for line in text.splitlines() if len(line) > 72]
            assert all(" " not in line.strip() for line in long), long  # only an unbreakable URL


def test_plain_text_lays_out_every_problem_as_a_record(site: Path) -> None:
    text, _ = parts(message(site, FIRST, "en"))
    assert "1. Description:\n    Clients are being incorrectly directed" in text
    assert "    Information / Work around:\n    If this occurs, close the eManifest" in text
    assert "    - Go to the CARM log in page\n    - Enter the GCKey you created" in text
    assert text.count("    Fix date: ") == 7
    assert "    Fix date: July 31, 2021" in text
    french, _ = parts(message(site, FIRST, "fr"))
    assert "    Date de correction prévue\u00a0: 31\u00a0juillet 2021" in french
    assert "    Date de correction prévue\u00a0: À déterminer" in french


def test_both_parts_say_what_changed_and_link_the_outputs(site: Path) -> None:
    text, html = parts(message(site, SECOND, "en"))
    assert "Changes since CARM 2021-07-15 (July 15, 2021):\n- Fix date TBD → July 20, 2021" in text
    assert f"Read this bulletin online:\n{SITE}{SECOND}/{SECOND}.en.html" in text
    assert f"PDF:\n{SITE}{SECOND}/{SECOND}.en.pdf" in text
    assert "Modifications depuis CARM 2021-07-15" in text
    assert "<strong>Changes since CARM 2021-07-15 (July 15, 2021):</strong>" in html
    assert f'href="{SITE}{SECOND}/{SECOND}.fr.pdf"' in html


def test_html_part_needs_nothing_external(site: Path) -> None:
    _, html = parts(message(site, FIRST, "en"))
    assert not re.search(r"<(link|script|img|iframe|object|style)\b", html)
    assert "url(" not in html
    assert " src=" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    assert all(re.match(r"(https://|mailto:|tel:|#edition-)", h) for h in hrefs), hrefs
    tables = re.findall(r"<table[^>]*>", html)
    assert len(tables) == 1 + 2 * 2  # the layout table, two problem tables per language
    assert tables[0] == (
        '<table role="presentation" style="width:100%;max-width:720px;margin:0 auto;'
        'border-collapse:collapse">'
    )
    assert all("border-collapse:collapse" in t for t in tables)
    assert html.count('<th scope="col"') == 2 * 2 * 3
    assert "<p>" not in html  # every paragraph carries its margins


def test_wrap_keeps_long_words_and_lists_hang() -> None:
    url = "https://www.cbsa-asfc.gc.ca/" + "x" * 80
    assert wrap(f"see {url} now", 72) == ["see", url, "now"]
    lines = to_text("1. " + "word " * 30 + "\n2. two\n   - nested\n", "en", 40)
    assert lines[0].startswith("1. word")
    assert all(line.startswith("   ") for line in lines[1:4])
    assert "2. two" in lines
    assert "   - nested" in lines
    assert to_text("[the form](https://a.example/f) or [x@y.ca](mailto:x@y.ca)", "en") == [
        "the form <https://a.example/f> or x@y.ca"
    ]


def html_parts_of(messages: list[Path], folder: Path) -> list[Path]:
    """The HTML part of each ``.eml`` written to ``folder`` as ``<slug>.<lang>.html``."""
    paths = []
    for eml in messages:
        path = folder / eml.with_suffix(".html").name
        path.write_text(parts(read_message(eml))[1], encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def html_parts(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    messages = [site / s / f"{s}.{lang}.eml" for s in (FIRST, SECOND) for lang in ("en", "fr")]
    return html_parts_of(messages, tmp_path_factory.mktemp("email-html"))


@pytest.mark.validator
def test_html_part_has_zero_axe_violations(html_parts: list[Path]) -> None:
    assert axe_violations(html_parts) == {path: [] for path in html_parts}


@pytest.mark.validator
def test_html_part_is_valid_html(html_parts: list[Path]) -> None:
    assert vnu_errors(html_parts) == {path: [] for path in html_parts}


@pytest.mark.validator
def test_published_index_has_zero_axe_violations_and_vnu_errors(site: Path) -> None:
    index = [site / "index.html"]
    assert axe_violations(index) == {index[0]: []}
    assert vnu_errors(index) == {index[0]: []}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_golden_plain_text(site: Path, lang: str, regen_golden: bool) -> None:
    """The whole plain-text part of the edition that replaces the seed, as subscribers read it."""
    from conftest import ROOT, check_golden  # noqa: PLC0415

    text, _ = parts(message(site, SECOND, lang))
    check_golden(ROOT / "tests" / "golden" / "email" / f"{SECOND}.{lang}.txt", text, regen_golden)


EXAMPLE_EDITIONS = [
    (shape, path.name.split(".")[0], path.name.split(".")[1])
    for shape in SHAPES
    for path in sorted((EXAMPLES / shape).glob("*.md"))
]
"""(example folder, bulletin, language) of every bulletin of examples/."""


@pytest.fixture(scope="session")
def examples_site(examples_built: Path) -> Path:
    """Every folder of examples/ built with the publish step (its e-mails)."""
    return examples_built


EN_5374 = "Known problem – Statements of account not displayed in the CCP"
FR_5374 = "Problème connu – Relevés de compte non affichés dans le portail client de la GCRA"
EN_EDI = "Scheduled maintenance – Electronic Data Interchange (EDI)"
FR_EDI = "Maintenance planifiée – Échange de données informatisé (EDI)"
SUBJECTS = [
    (
        "known-problem-editions/carm-bulletin-5374/carm-bulletin-5374.en.eml",
        f"CARM Bulletin 5374 – RESOLVED: {EN_5374} / RÉSOLU\u00a0: {FR_5374}",
    ),
    (
        "known-problem-editions/carm-bulletin-5374/carm-bulletin-5374.fr.eml",
        f"Bulletin de la GCRA 5374 – RÉSOLU\u00a0: {FR_5374} / RESOLVED: {EN_5374}",
    ),
    (
        "known-problem-editions/carm-bulletin-5371/carm-bulletin-5371.fr.eml",
        f"Bulletin de la GCRA 5371 – MISE À JOUR\u00a0: {FR_5374} / UPDATED: {EN_5374}",
    ),
    (
        "correction/tcc23-007/tcc23-007.en.eml",
        f"TCC23-007 – CORRECTION: {EN_EDI} / CORRECTION\u00a0: {FR_EDI}",
    ),
    (
        "known-problem-editions/carm-bulletin-5368/carm-bulletin-5368.en.eml",
        f"CARM Bulletin 5368 – {EN_5374} / {FR_5374}",
    ),
]
"""An edition's e-mail subject: its status word before each language's title (none for the
original message)."""


@pytest.mark.parametrize(("eml", "expected"), SUBJECTS)
def test_an_editions_subject_says_its_status_in_each_language(
    examples_site: Path, eml: str, expected: str
) -> None:
    assert read_message(examples_site / eml)["Subject"] == expected


@pytest.fixture(scope="module")
def example_editions() -> dict[tuple[str, str, str], Edition]:
    return {
        (shape, e.slug, e.language): e
        for shape in SHAPES
        for e in load_editions([EXAMPLES / shape])
    }


def test_every_example_bulletin_has_its_messages() -> None:
    assert len(EXAMPLE_EDITIONS) == 18
    assert {shape for shape, _, _ in EXAMPLE_EDITIONS} == set(SHAPES)


@pytest.mark.parametrize(("shape", "slug", "lang"), EXAMPLE_EDITIONS)
def test_every_fact_of_an_example_in_both_parts_in_reading_order(
    examples_site: Path,
    example_editions: dict[tuple[str, str, str], Edition],
    shape: str,
    slug: str,
    lang: str,
) -> None:
    """Window times as the page shows them, numbered paragraphs with their numbers, phone-menu
    options, status words, corrections, references and history: in each language's part of
    the plain text and of the HTML, in the page's order."""
    msg = read_message(examples_site / shape / slug / f"{slug}.{lang}.eml")
    check_facts(msg, {e: example_editions[shape, slug, e] for e in (lang, OTHER[lang])})


def check_facts(msg: EmailMessage, editions: dict[str, Edition]) -> None:
    """Each edition's facts in its language's part of both alternatives, in reading order."""
    texts, pages = segments(msg)
    assert len(texts) == len(pages) == len(editions)
    for (language, edition), text, page in zip(editions.items(), texts, pages, strict=True):
        expected = facts(edition)
        assert missing_in_order(text, expected) == [], f"plain text, {language}"
        assert missing_in_order(page, expected) == [], f"HTML, {language}"


@pytest.mark.parametrize("slug", [FIRST, SECOND, BROKERS])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_fact_of_the_seed_in_both_parts_in_reading_order(
    site: Path, history: Path, slug: str, lang: str
) -> None:
    editions = {(e.slug, e.language): e for e in load_editions([history])}
    msg = message(site, slug, lang)
    check_facts(msg, {e: editions[slug, e] for e in (lang, OTHER[lang])})


def example_text(site: Path, shape: str, slug: str, lang: str) -> str:
    msg = read_message(site / shape / slug / f"{slug}.{lang}.eml")
    return parts(msg)[0]


def test_example_plain_text_is_wrapped_at_72_columns(examples_site: Path) -> None:
    for shape, slug, lang in EXAMPLE_EDITIONS:
        text = example_text(examples_site, shape, slug, lang)
        long = [line for line in text.splitlines() if len(line) > 72]
        assert all(" " not in line.strip() for line in long), (slug, long)


def test_plain_text_windows_are_label_value_lines(examples_site: Path) -> None:
    text = example_text(examples_site, "scheduled-maintenance", "tcc25-0112", "en")
    assert (
        "eManifest Portal\n"
        "    Start: Saturday, November 8, 2025, 6:00\u00a0a.m.\u00a0ET\n"
        "    End: Saturday, November 8, 2025, 10:00\u00a0a.m.\u00a0ET\n"
        "    Clients affected:\n"
        "        Carriers and freight forwarders using the eManifest Portal\n"
    ) in text
    assert "    Action required: None\n" in text
    french = example_text(examples_site, "unscheduled-outage", "tcc25-0120", "fr")
    assert "    Début\u00a0: mercredi 12 novembre 2025, 9\u00a0h\u00a015\u00a0HE\n" in french
    assert "    Fin\u00a0: Inconnue\u00a0: une enquête est en cours" in french
    assert "    Durée\u00a0: quelques minutes\n" in french


def test_plain_text_numbered_paragraphs_keep_their_numbers(examples_site: Path) -> None:
    text = example_text(examples_site, "numbered-notice", "customs-notice-24-31", "en")
    assert "Financial security\n------------------\n\n4. Financial security may be" in text
    assert "1. This notice informs importers and customs brokers of changes to the\n   " in text
    assert "\n7. For more information, see\n   https://" in text


def test_plain_text_phone_menus_are_indented(examples_site: Path) -> None:
    text = example_text(examples_site, "contact-page", "carm-2025-11-03", "en")
    assert (
        "Telephone:\n"
        "    1-800-461-9999 Select your language, then:\n"
        "        Option 2: CARM Client Portal (CCP)\n"
        "            Option 1: Accessing the CCP and business accounts\n"
    ) in text
    assert "        Option 3: Release and accounting of goods\n" in text
    assert "Email: " not in text
    tcc = example_text(examples_site, "scheduled-maintenance", "tcc25-0112", "en")
    assert "Email: tccu-ustcc@cbsa-asfc.gc.ca\n" in tcc


def test_an_edition_says_which_message_it_updates_not_that_it_is_first(
    examples_site: Path,
) -> None:
    text = example_text(examples_site, "known-problem-editions", "carm-bulletin-5374", "en")
    assert text.count("This message resolves CARM Bulletin 5368.") == 1
    assert "First edition" not in text
    notice = example_text(examples_site, "numbered-notice", "customs-notice-24-31", "en")
    assert "First edition.\n" in notice
    assert "known problem" not in notice


def test_example_html_parts_need_nothing_external(examples_site: Path) -> None:
    for shape, slug, lang in EXAMPLE_EDITIONS:
        page = parts(read_message(examples_site / shape / slug / f"{slug}.{lang}.eml"))[1]
        assert not re.search(r"<(link|script|img|iframe|object|style)\b", page), slug
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert all(re.match(r"(https://|mailto:|tel:|#edition-)", h) for h in hrefs), hrefs
        tables = re.findall(r"<table[^>]*>", page)
        assert all("border-collapse:collapse" in t for t in tables), slug
        assert not re.search(r"<(p|h[1-6]|ul|ol)>", page), slug  # every block styled inline


def test_html_windows_are_tables_of_row_headers(examples_site: Path) -> None:
    path = examples_site / "scheduled-maintenance" / "tcc25-0112" / "tcc25-0112.en.eml"
    english = parts(read_message(path))[1].split('<div id="edition-fr"')[0]
    rows = ["Start", "End", "Clients affected", "Description", "Action required"]
    assert re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', english) == rows * 2
    assert '<time datetime="2025-11-08T06:00">Saturday, November 8, 2025, 6:00' in english


@pytest.fixture(scope="module")
def example_html_parts(examples_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    messages = [
        examples_site / shape / slug / f"{slug}.{lang}.eml"
        for shape, slug, lang in EXAMPLE_EDITIONS
    ]
    return html_parts_of(messages, tmp_path_factory.mktemp("example-email-html"))


@pytest.mark.validator
def test_example_html_parts_have_zero_axe_violations(example_html_parts: list[Path]) -> None:
    assert axe_violations(example_html_parts) == {path: [] for path in example_html_parts}


@pytest.mark.validator
def test_example_html_parts_are_valid_html(example_html_parts: list[Path]) -> None:
    assert vnu_errors(example_html_parts) == {path: [] for path in example_html_parts}
