"""The Word renderer, tested by structure: styles, paragraphs, tables, lists, links, metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import io
import re
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from bulletin_builder.model.edition import Edition
from bulletin_builder.render import get_renderer
from bulletin_builder.render.docx.renderer import UnsafeTextError
from conftest import ROOT
from seed import normalize, seed_sentences
from validators import libreoffice_pdf, openxml_errors, require

REFERENCE = ROOT / "templates" / "bulletin.docx"
FIX_WORDS = {"en": {"TBD": "TBD", "N/A": "N/A"}, "fr": {"TBD": "À déterminer", "N/A": "S.O."}}
FIX_DAY = {"en": "July 31, 2021", "fr": "31\u00a0juillet 2021"}
PUBLISHED = {"en": "July 15, 2021", "fr": "15\u00a0juillet 2021"}
HEADINGS = {
    "en": ["Description", "Information / Work around", "Fix date"],
    "fr": [
        "Description",
        "Renseignements / Solution de contournement",
        "Date de correction prévue",
    ],
}


def render(edition: Edition) -> bytes:
    return get_renderer("docx").render(edition)


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def documents(seed_editions: dict[str, Edition]) -> dict[str, Document]:
    return {lang: open_docx(render(edition)) for lang, edition in seed_editions.items()}


def blocks(document: Document) -> list[Paragraph | Table]:
    """The body's paragraphs and tables, in reading order."""
    out: list[Paragraph | Table] = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, document))
    return out


def all_text(document: Document) -> str:
    """Every paragraph of the body (tables included) as a reader sees it: whitespace
    normalized, case folded, without the code runs' invisible WORD JOINERs."""
    texts = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]
    return normalize("\n".join(texts).replace("\u2060", ""))


def cell_paragraphs(table: Table, row: int, column: int) -> list[Paragraph]:
    return table.rows[row].cells[column].paragraphs


def num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a paragraph's own numbering, if any."""
    found = paragraph._p.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if found is None:
        return None
    return int(found.find(qn("w:numId")).get(qn("w:val"))), int(
        found.find(qn("w:ilvl")).get(qn("w:val"))
    )


RICH = (
    "Read **the guide** and *then* [the form](https://example.gc.ca/form).\n\n"
    "1. first\n2. second\n   - nested\n\nBetween.\n\n5. fifth\n6. sixth\n\n"
    "> quoted `code`\n\n---\n\n```\nliteral\n```\n"
)


def rich(edition: Edition) -> Edition:
    """The edition with every Markdown feature in its first workaround, a body and a supersedes."""
    edition = with_problem(edition, workaround=RICH)
    bulletin = dataclasses.replace(
        edition.bulletin, supersedes="CARM 2021-07-01", body="# Note\n\nRead this *first*."
    )
    return dataclasses.replace(edition, bulletin=bulletin)


def with_problem(edition: Edition, **changes: str) -> Edition:
    """The edition with its first problem's fields changed (not validated again)."""
    bulletin = edition.bulletin
    first = bulletin.sections[0]
    problem = dataclasses.replace(first.problems[0], **changes)
    section = dataclasses.replace(first, problems=[problem, *first.problems[1:]])
    bulletin = dataclasses.replace(bulletin, sections=[section, *bulletin.sections[1:]])
    return dataclasses.replace(edition, bulletin=bulletin)


def test_reference_document_is_generated_by_its_script() -> None:
    script = ROOT / "tools" / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == REFERENCE.read_bytes(), "run python tools/make_reference_docx.py"


def test_reference_document_carries_the_styles() -> None:
    reference = docx.Document(str(REFERENCE))
    names = {style.name for style in reference.styles}
    assert {
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "List Bullet",
        "List Number",
        "Hyperlink",
        "Bulletin Table",
        "Table Text",
        "Table Heading",
    } <= names
    styles = reference.styles.element
    text_font = styles.find(f".//{qn('w:rPrDefault')}//{qn('w:rFonts')}")
    assert text_font.get(qn("w:ascii")) == "Noto Sans"
    heading = reference.styles["Heading 1"].element.find(f".//{qn('w:rFonts')}")
    assert heading.get(qn("w:ascii")) == "Lato"
    numbering = reference.part.numbering_part.element
    formats = {}
    for style_name in ("List Bullet", "List Number"):
        num_id = reference.styles[style_name].element.find(f".//{qn('w:numId')}").get(qn("w:val"))
        num = numbering.num_having_numId(int(num_id))
        abstract = numbering.find(
            f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{num.abstractNumId.val}']"
        )
        formats[style_name] = abstract.find(f".//{qn('w:numFmt')}").get(qn("w:val"))
    assert formats == {"List Bullet": "bullet", "List Number": "decimal"}


def test_font_fallback_is_arial() -> None:
    with zipfile.ZipFile(REFERENCE) as package:
        fonts = package.read("word/fontTable.xml").decode()
    for name in ("Lato", "Noto Sans"):
        assert re.search(rf'w:name="{name}"><w:altName w:val="Arial"/>', fonts)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_title_block(
    documents: dict[str, Document], seed_editions: dict[str, Edition], lang: str
) -> None:
    bulletin = seed_editions[lang].bulletin
    series, title, meta = blocks(documents[lang])[:3]
    assert isinstance(series, Paragraph)
    assert isinstance(title, Paragraph)
    assert (series.style.name, series.text) == ("Subtitle", bulletin.series)
    assert title.style.name == "Title"
    assert normalize(title.text) == normalize(bulletin.title)
    assert isinstance(meta, Table)
    values = [cell.text for cell in meta.rows[1].cells]
    assert values == [bulletin.message_number, bulletin.audience, PUBLISHED[lang]]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_section_is_a_heading_and_a_word_table(
    documents: dict[str, Document], seed_editions: dict[str, Edition], lang: str
) -> None:
    body = blocks(documents[lang])
    tables = [(i, b) for i, b in enumerate(body) if isinstance(b, Table)][1:-1]
    sections = seed_editions[lang].bulletin.sections
    assert len(tables) == len(sections)
    for (index, table), section in zip(tables, sections, strict=True):
        heading = body[index - 1]
        assert isinstance(heading, Paragraph)
        assert heading.style.name == "Heading 1"
        assert normalize(heading.text) == normalize(section.heading)
        assert len(table.columns) == 3
        assert len(table.rows) == len(section.problems) + 1
        assert [cell.text for cell in table.rows[0].cells] == HEADINGS[lang]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
        expected = [FIX_WORDS[lang].get(p.fix_date, FIX_DAY[lang]) for p in section.problems]
        assert [row.cells[2].text for row in table.rows[1:]] == expected


def test_markdown_in_cells_becomes_paragraphs_and_real_bullets(
    documents: dict[str, Document],
) -> None:
    table = blocks(documents["en"])[4]
    assert isinstance(table, Table)
    paragraphs = cell_paragraphs(table, 1, 1)
    styles = [p.style.name for p in paragraphs]
    assert styles == ["Table Text", "List Bullet", "List Bullet", "List Bullet", "Table Text"]
    assert paragraphs[1].text == "Go to the CARM log in page"
    assert [num_pr(p) for p in paragraphs] == [None, (1, 0), (1, 0), (1, 0), None]
    assert not any(p.text.lstrip().startswith(("•", "-", "*")) for p in paragraphs)


def test_contact_block(documents: dict[str, Document], seed_editions: dict[str, Edition]) -> None:
    contact = seed_editions["en"].contact
    assert contact is not None
    body = blocks(documents["en"])
    heading, table = body[-2], body[-1]  # the heading says the name: no name line under it
    assert contact.name in contact.heading
    assert contact.name_line is None
    assert isinstance(heading, Paragraph)
    assert heading.style.name == "Heading 1"
    assert heading.text == contact.heading
    assert isinstance(table, Table)
    labels = [row.cells[0].text for row in table.rows]
    assert labels == [
        "Hours of service",
        "Web contact form",
        "Telephone",
        *(group.heading for group in contact.tips),
    ]
    assert table.rows[2].cells[1].text == "1-800-461-9999\nOption 2 for CARM"
    tips = cell_paragraphs(table, 3, 1)
    assert [p.text for p in tips] == contact.tips[0].items
    assert all(num_pr(p) == (1, 0) and p.style.name == "List Bullet" for p in tips)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_web_form_is_a_working_hyperlink(
    documents: dict[str, Document], seed_editions: dict[str, Edition], lang: str
) -> None:
    document = documents[lang]
    url = seed_editions[lang].contact.web_form
    links = [
        link
        for p in document.element.body.iter(qn("w:p"))
        for link in Paragraph(p, document).hyperlinks
    ]
    assert [(link.url, link.text) for link in links] == [(url, url)]
    rel = document.part.rels[links[0]._hyperlink.rId]
    assert rel.is_external
    assert rel.target_ref == url


def test_markdown_formatting_links_and_numbered_lists(seed_editions: dict[str, Edition]) -> None:
    document = open_docx(render(with_problem(seed_editions["en"], workaround=RICH)))
    paragraphs = cell_paragraphs(blocks(document)[4], 1, 1)
    first = paragraphs[0]
    assert [(r.text, r.bold, r.italic) for r in first.runs if r.bold or r.italic] == [
        ("the guide", True, None),
        ("then", None, True),
    ]
    assert [link.url for link in first.hyperlinks] == ["https://example.gc.ca/form"]
    assert first.hyperlinks[0].runs[0].style.name == "Hyperlink"
    numbers = [num_pr(p) for p in paragraphs]
    first_list, second_list = numbers[1][0], numbers[5][0]
    assert numbers[1:4] == [(first_list, 0), (first_list, 0), (1, 1)]
    assert numbers[4] is None
    assert numbers[6] == (second_list, 0)
    assert first_list != second_list
    numbering = document.part.numbering_part.element
    starts = [
        numbering.num_having_numId(n).find(f".//{qn('w:startOverride')}").get(qn("w:val"))
        for n in (first_list, second_list)
    ]
    assert starts == ["1", "5"]


def test_quote_code_and_rule_use_their_styles(seed_editions: dict[str, Edition]) -> None:
    document = open_docx(render(with_problem(seed_editions["en"], workaround=RICH)))
    paragraphs = cell_paragraphs(blocks(document)[4], 1, 1)[7:]
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Quote", "quoted code"),
        ("Table Text", ""),
        ("Source Code", "literal"),
    ]
    assert paragraphs[0].runs[-1].style.name == "Verbatim Char"
    assert paragraphs[1]._p.find(f".//{qn('w:pBdr')}") is not None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_body_and_supersedes_line_follow_the_title_block(
    seed_editions: dict[str, Edition], lang: str
) -> None:
    body = blocks(open_docx(render(rich(seed_editions[lang]))))
    after_meta = [(b.style.name, normalize(b.text)) for b in body[3:7] if isinstance(b, Paragraph)]
    replaces = {
        "en": "this bulletin replaces carm 2021-07-01",
        "fr": "le présent bulletin remplace carm 2021-07-01",
    }[lang]
    assert after_meta == [
        ("Normal", replaces),
        ("Heading 2", "note"),
        ("Normal", "read this first."),
        ("Heading 1", normalize(seed_editions[lang].bulletin.sections[0].heading)),
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_header_and_footer_on_every_page(
    documents: dict[str, Document], seed_editions: dict[str, Edition], lang: str
) -> None:
    bulletin = seed_editions[lang].bulletin
    section = documents[lang].sections[0]
    assert not section.different_first_page_header_footer
    header = normalize(" ".join(p.text for p in section.header.paragraphs))
    for value in (bulletin.series, bulletin.message_number, bulletin.audience):
        assert normalize(value) in header
    footer = section.footer.paragraphs[0]
    codes = [e.text.split()[0] for e in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert footer.text == {"en": "Page 1 of 1", "fr": "Page 1 de 1"}[lang]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_language_and_core_properties(
    documents: dict[str, Document], seed_editions: dict[str, Edition], lang: str
) -> None:
    document, bulletin = documents[lang], seed_editions[lang].bulletin
    tag = {"en": "en-CA", "fr": "fr-CA"}[lang]
    default_lang = document.styles.element.find(f".//{qn('w:rPrDefault')}//{qn('w:lang')}")
    assert default_lang.get(qn("w:val")) == tag
    props = document.core_properties
    assert (props.language, props.subject, props.keywords) == (
        tag,
        bulletin.audience,
        bulletin.message_number,
    )
    assert normalize(props.title) == normalize(bulletin.title)
    assert (
        props.author
        == {
            "en": "Canada Border Services Agency",
            "fr": "Agence des services frontaliers du Canada",
        }[lang]
    )
    midnight = dt.datetime(2021, 7, 15, tzinfo=dt.UTC)
    assert (props.created, props.modified, props.last_printed) == (midnight,) * 3
    assert props.revision == 1


def test_every_seed_sentence_is_in_the_english_document(documents: dict[str, Document]) -> None:
    text = all_text(documents["en"])
    missing = [s for s in seed_sentences() if s not in text]
    assert not missing
    assert len(seed_sentences()) > 40


def test_french_carries_the_same_dates_urls_and_numbers(
    documents: dict[str, Document], seed_editions: dict[str, Edition]
) -> None:
    english, french = all_text(documents["en"]), all_text(documents["fr"])
    contact = seed_editions["fr"].contact
    facts = [
        "CARM 2021-07-15",
        "31 juillet 2021",
        "15 juillet 2021",
        contact.web_form,
        *(phone.number for phone in contact.telephone),
        "3 tentatives",
    ]
    assert all(normalize(fact) in french for fact in facts)
    assert "1-800-461-9999" in english
    rows = {lang: [len(t.rows) for t in doc.tables] for lang, doc in documents.items()}
    assert rows["en"] == rows["fr"]


def test_two_renders_are_byte_identical_across_time_zones(
    seed_editions: dict[str, Edition], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = hashlib.sha256(render(seed_editions["fr"])).hexdigest()
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: every wall clock field differs
    time.tzset()
    try:
        second = render(seed_editions["fr"])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert hashlib.sha256(second).hexdigest() == first
    with zipfile.ZipFile(io.BytesIO(second)) as package:
        assert {info.date_time for info in package.infolist()} == {(2021, 7, 15, 0, 0, 0)}


def test_a_control_character_is_refused_with_its_field(seed_editions: dict[str, Edition]) -> None:
    edition = with_problem(seed_editions["en"], workaround="Press \x07 to ring.")
    with pytest.raises(UnsafeTextError, match=r"sections\[0\]\.problems\[0\]\.workaround.*U\+0007"):
        render(edition)


@pytest.mark.validator
@pytest.mark.parametrize(("lang", "variant"), [("en", "seed"), ("fr", "seed"), ("en", "rich")])
def test_openxml_audit_finds_no_error(
    seed_editions: dict[str, Edition], tmp_path: Path, lang: str, variant: str
) -> None:
    edition = seed_editions[lang] if variant == "seed" else rich(seed_editions[lang])
    path = tmp_path / edition.output_name("docx")
    path.write_bytes(render(edition))
    assert openxml_errors(path) == []


@pytest.mark.validator
def test_libreoffice_reads_every_seed_sentence(
    seed_editions: dict[str, Edition], tmp_path: Path
) -> None:
    path = tmp_path / seed_editions["en"].output_name("docx")
    path.write_bytes(render(seed_editions["en"]))
    pdf = libreoffice_pdf(path, tmp_path / "pdf")
    require("pdftotext")
    # Content order (-raw), not -layout: cells side by side must not interleave their lines.
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert text.count("\u2022") == 7, "the numbering's bullets are drawn"
    squeezed = re.sub(r"[\s\u2022]+", "", text).casefold()
    missing = [s for s in seed_sentences() if re.sub(r"\s+", "", s) not in squeezed]
    assert not missing
    pages = re.search(r"page1of(\d+)", squeezed)
    assert pages, "the PAGE and NUMPAGES fields are computed"
    assert f"page{pages[1]}of{pages[1]}" in squeezed
