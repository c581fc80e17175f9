"""bulletin import: the seed text, a hand-made agency Word file, the report, never overwriting.

The round trip through our own DOCX and HTML outputs is in test_import_roundtrip.py; bad
input (not a bulletin, damaged, too large, scripts) in test_import_bad_input.py.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner

from agency_docx import agency_bulletin
from bulletin_builder.cli import main
from bulletin_builder.errors import Severity, UsageError
from bulletin_builder.importing.labels import WORKAROUND, fix_date, language_of
from bulletin_builder.importing.run import ImportRun, import_files
from bulletin_builder.model.project import load_project
from bulletin_builder.model.records import Bulletin
from bulletin_builder.render import get_renderer
from bulletin_builder.validate.runner import load_editions
from conftest import SEED_BULLETINS, SEED_TEXT
from import_support import bulletins, facts, fresh_folder
from seed import normalize, seed_sentences
from validators import require

AGENCY = Path(__file__).parent / "fixtures" / "import" / "agency"
"""The sources a writer would have typed for the hand-made Word bulletin."""


def _errors(run: ImportRun) -> list[str]:
    return [f"{d.code} {d.message}" for d in run.diagnostics if d.severity is Severity.ERROR]


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<w:br/>|</w:p>|<w:tab/>", " ", xml)
    return unescape(re.sub(r"<[^>]+>", "", xml)).replace("\u2060", "")  # code runs' joiners


def _html_text(data: bytes) -> str:
    return str(lxml.html.document_fromstring(data).text_content())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A bulletins folder with the repository's configuration and contacts, no bulletin."""
    return fresh_folder(SEED_BULLETINS, tmp_path / "bulletins")


def test_seed_text_imports_into_a_valid_english_bulletin(folder: Path) -> None:
    run = import_files([SEED_TEXT], folder)
    assert _errors(run) == []
    assert [p.name for p in run.written] == ["carm-2021-07-15.en.md"]
    (item,) = run.imported
    assert item.leftovers == []
    bulletin = item.bulletin
    assert (bulletin.message_number, bulletin.language, bulletin.audience, bulletin.date) == (
        "CARM 2021-07-15",
        "en",
        "Commercial clients",
        "2021-07-15",
    )
    assert bulletin.series == "CARM Client Support Helpdesk (CCSH) Bulletin"  # bulletins.toml
    assert bulletin.contact == "ccsh"  # matched, not written again
    assert [p.fix_date for p in bulletin.problems()] == [
        "TBD", "N/A", "N/A", "N/A", "TBD", "2021-07-31", "N/A",
    ]  # fmt: skip
    ids = [p.id for p in bulletin.problems()]
    assert len(set(ids)) == 7
    assert all(len(i) <= 40 for i in ids)


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_seed_import_outputs_hold_every_seed_sentence(folder: Path, fmt: str) -> None:
    import_files([SEED_TEXT], folder)
    (edition,) = load_editions([folder])
    data = get_renderer(fmt).render(edition)
    text = normalize(_docx_text(data) if fmt == "docx" else _html_text(data))
    missing = [s for s in seed_sentences() if s not in text]
    assert missing == []
    for header in ("CARM 2021-07-15", "Commercial clients", "Known Problems"):
        assert normalize(header) in text


@pytest.mark.validator
def test_seed_import_pdf_holds_every_seed_sentence(folder: Path, tmp_path: Path) -> None:
    require("pdftotext")
    import_files([SEED_TEXT], folder)
    (edition,) = load_editions([folder])
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(get_renderer("pdf").render(edition))
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    squeezed = re.sub(r"\s+", "", normalize(done.stdout))
    assert [s for s in seed_sentences() if re.sub(r"\s+", "", s) not in squeezed] == []


def test_import_twice_refuses_and_writes_nothing(folder: Path) -> None:
    import_files([SEED_TEXT], folder)
    before = (folder / "carm-2021-07-15.en.md").read_bytes()
    with pytest.raises(UsageError, match="refusing to overwrite"):
        import_files([SEED_TEXT], folder)
    assert (folder / "carm-2021-07-15.en.md").read_bytes() == before


def test_problem_ids_are_kept_from_an_earlier_bulletin(tmp_path: Path) -> None:
    """A description already in the folder keeps its id: the diff follows the problem."""
    folder = fresh_folder(SEED_BULLETINS, tmp_path / "b")
    (folder / "carm-2021-07-01.en.md").write_text(
        (SEED_BULLETINS / "carm-2021-07-15.en.md")
        .read_text(encoding="utf-8")
        .replace("2021-07-15", "2021-07-01"),
        encoding="utf-8",
    )
    run = import_files([SEED_TEXT], folder)
    ids = [p.id for p in run.imported[0].bulletin.problems()]
    assert "duplicate-relationship-requests" in ids
    assert "notifications-not-received" in ids
    assert "emanifest-portal-redirect" in ids


@pytest.mark.parametrize("language", ["en", "fr"])
def test_agency_word_bulletin_imports_to_the_sources_a_writer_would_type(
    folder: Path, tmp_path: Path, language: str
) -> None:
    source = agency_bulletin(tmp_path / f"agency.{language}.docx", language, "CARM 2021-09-02")
    run = import_files([source], folder)
    assert [e for e in _errors(run) if "BB208" not in e] == []  # BB208: no English (French alone)
    assert run.imported[0].leftovers == []
    expected = bulletins_of(AGENCY, language)
    imported = bulletins(folder)[language]
    assert facts(imported) == facts(expected)


def bulletins_of(folder: Path, language: str) -> Bulletin:
    found = [f.record for f in load_project(folder).bulletins if f.language == language]
    assert found[0] is not None
    return found[0]


def test_agency_word_bulletin_in_both_languages_validates(folder: Path, tmp_path: Path) -> None:
    english = agency_bulletin(tmp_path / "a.en.docx", "en", "CARM 2021-09-02")
    french = agency_bulletin(tmp_path / "a.fr.docx", "fr", "CARM 2021-09-02")
    run = import_files([english, french], folder)
    assert _errors(run) == []
    imported = bulletins(folder)
    assert [p.id for p in imported["fr"].problems()] == [p.id for p in imported["en"].problems()]


def test_what_cannot_be_placed_is_kept_under_todo_and_reported(
    folder: Path, tmp_path: Path
) -> None:
    source = agency_bulletin(tmp_path / "a.en.docx", "en", "CARM 2021-09-02")
    document = docx.Document(str(source))
    unknown = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        unknown._cells, ("RELEASE", "VERSION", "Spring 2021", "4.2"), strict=True
    ):
        cell.text = text
    document.add_paragraph("Thank you for your patience.")
    document.save(str(source))
    result = CliRunner().invoke(main, ["import", str(source), "--out", str(folder)])
    assert result.exit_code == 1, result.output
    body = bulletins(folder)["en"].body
    for text in ("RELEASE | VERSION", "Spring 2021 | 4.2", "Thank you for your patience."):
        assert text in body
        assert text in result.output
    assert body.count("TODO:") == 2
    assert "left over (2), in the body under TODO:" in result.output
    assert result.output.count("BB316") == 2  # validation flags each TODO


def test_a_window_table_in_the_agency_layout_becomes_a_windows_block(
    folder: Path, tmp_path: Path
) -> None:
    """Labels over a row per window (System | Start | End | Clients affected), in a known-
    problems bulletin: the bulletin is written with blocks, its kind stays known-problems,
    the closing paragraph is a text block, the missing description a TODO validation flags."""
    source = agency_bulletin(tmp_path / "a.fr.docx", "fr", "CARM 2021-09-02", extras=True)
    run = import_files([source], folder)
    (item,) = run.imported
    assert item.leftovers == []
    bulletin = item.bulletin
    assert bulletin.kind is None  # the default kind, known-problems
    assert [b.type for b in bulletin.blocks] == ["problems", "windows", "contact", "text"]
    table = bulletin.blocks[1].windows
    assert table is not None
    assert table.heading == "MAINTENANCE PLANIFIÉE"
    (window,) = table.windows
    assert (window.system, window.start, window.end, window.clients_affected) == (
        "Portail client de la GCRA",
        "2021-09-04 20:00 ET",
        "2021-09-05 06:00 ET",
        "Tous",
    )
    assert bulletin.blocks[3].text == "Merci de votre patience."
    flagged = [d.field for d in run.diagnostics if d.code == "BB316"]
    assert flagged == ["blocks[1].windows.windows[0].description"]


def test_cli_report_names_every_field(folder: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(SEED_TEXT), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    for line in (
        "message_number: CARM 2021-07-15  [table 1, 'MESSAGE NUMBER']",
        "date: 2021-07-15  [the message number]",
        "sections[1].problems[1]: duplicate-relationship-requests, fix date 2021-07-31",
        "contact: ccsh  [table 4: the same facts as contacts/ccsh.en.md]",
        "left over: nothing",
        "a list written without item markers was kept as one item",
    ):
        assert line in result.output


def test_a_contact_block_with_other_facts_is_written_as_a_new_one(tmp_path: Path) -> None:
    folder = fresh_folder(SEED_BULLETINS, tmp_path / "b")
    text = SEED_TEXT.read_text(encoding="utf-8").replace("07:00 to 20:00", "08:00 to 17:00")
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    run = import_files([seed], folder)
    assert _errors(run) == []
    new = folder / "contacts" / "carm-client-support-helpdesk.en.md"
    assert new in run.written
    assert "08:00 to 17:00" in new.read_text(encoding="utf-8")
    assert run.imported[0].bulletin.contact == "carm-client-support-helpdesk"


def test_an_email_is_read_through_its_html_part(folder: Path, tmp_path: Path) -> None:
    from email.message import EmailMessage  # noqa: PLC0415

    (edition,) = [e for e in load_editions([SEED_BULLETINS]) if e.language == "fr"]
    message = EmailMessage()
    message["Subject"] = "Bulletin"
    message.set_content("Voir la version HTML.")
    html = get_renderer("html").render(edition).decode("utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')  # a stale one
    message.add_alternative(html, subtype="html")
    mail = tmp_path / "bulletin.eml"
    mail.write_bytes(bytes(message))
    run = import_files([mail], folder)
    assert [p.name for p in run.written] == ["carm-2021-07-15.fr.md"]
    assert facts(bulletins(folder)["fr"]) == facts(edition.bulletin)


def test_lang_overrides_the_labels_and_the_report_says_so(folder: Path) -> None:
    run = import_files([SEED_TEXT], folder, language="fr")
    (item,) = run.imported
    assert item.bulletin.language == "fr"
    assert item.path.name == "carm-2021-07-15.fr.md"
    assert "--lang fr given, but the table labels are in en" in item.notes


def test_a_page_with_both_languages_gives_both_files(folder: Path, tmp_path: Path) -> None:
    """A second header table starts a second bulletin; its labels say its language."""
    pages = {
        e.language: get_renderer("html").render(e).decode("utf-8")
        for e in load_editions([SEED_BULLETINS])
        if e.slug == "carm-2021-07-15"
    }
    main_part = re.compile(r"<main[^>]*>(.*)</main>", re.S)
    french = main_part.search(pages["fr"])
    assert french is not None
    both = pages["en"].replace("</main>", french.group(1) + "</main>")
    page = tmp_path / "both.html"
    page.write_text(both, encoding="utf-8")
    run = import_files([page], folder)
    assert _errors(run) == []
    assert sorted(p.name for p in run.written) == ["carm-2021-07-15.en.md", "carm-2021-07-15.fr.md"]
    imported = bulletins(folder)
    assert [p.id for p in imported["fr"].problems()] == [p.id for p in imported["en"].problems()]


def test_an_unknown_kind_is_a_usage_error(folder: Path) -> None:
    result = CliRunner().invoke(
        main, ["import", str(SEED_TEXT), "--kind", "service-windows", "--out", str(folder)]
    )
    assert result.exit_code == 2
    assert "--kind service-windows: unknown; the kinds of" in result.output
    assert "are contact-page, known-problems, notice, problem-message, service-notice" in (
        result.output
    )
    assert list(folder.glob("*.md")) == []


AGENCY_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Bulletin</title>
<style>td { color: red }</style></head><body>
<nav><ul><li><a href="/en/services">Services and information</a></li>
<li><a href="/en/news">News</a></li></ul></nav>
<header role="banner"><p>Canada Border Services Agency</p></header>
<div class="content">
<p><strong>CARM Client Support Helpdesk (CCSH) BULLETIN</strong></p>
<p><strong>CARM Client Portal (CCP) - Known Problems</strong></p>
<table><tr><th>MESSAGE NUMBER</th><th>TARGET AUDIENCE</th></tr>
<tr><td>CARM 2021-07-15</td><td>Commercial clients</td></tr></table>
<table><tr><th colspan="3">CCP PROBLEMS KNOWN TO THE CBSA</th></tr>
<tr><th>Description</th><th>Information / Work around</th><th>Fix Date</th></tr>
<tr><td>Duplicate relationship requests</td>
<td><p>You can <em>reject</em> the request.</p><ol><li>Open the request</li>
<li>Choose <b>Reject</b></li></ol></td><td>July 31, 2021</td></tr></table>
</div>
<div role="contentinfo"><p>Date modified: 2021-07-15</p></div>
<footer><a href="/en/terms">Terms and conditions</a></footer>
</body></html>"""


def test_a_web_page_without_main_is_read_without_its_menus(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(AGENCY_PAGE, encoding="utf-8")
    run = import_files([page], folder)
    (item,) = run.imported
    assert item.leftovers == []
    written = item.path.read_text(encoding="utf-8")
    for chrome in ("Services and information", "News", "Terms", "Date modified", "color"):
        assert chrome not in written
    (problem,) = item.bulletin.problems()
    assert problem.workaround == (
        "You can *reject* the request.\n\n1. Open the request\n2. Choose **Reject**"
    )
    assert problem.fix_date == "2021-07-31"
    assert item.bulletin.contact == "TODO"  # no contact table: validation flags it
    assert any(d.code == "BB316" and d.field == "contact" for d in run.diagnostics)


def test_text_around_known_tables_is_never_dropped(folder: Path, tmp_path: Path) -> None:
    """A heading above a table that has its own, an extra header row, text before a number."""
    source = agency_bulletin(tmp_path / "a.en.docx", "en", "CARM 2021-09-02")
    document = docx.Document(str(source))
    header, problems, contact = document.tables
    header.add_row().cells[0].text = "Issued by the CCSH"
    heading = document.add_paragraph("Known problems this week")
    problems._tbl.addprevious(heading._p)
    phone = contact.rows[3].cells[1].paragraphs[0]
    phone.insert_paragraph_before("Call us:")
    document.save(str(source))
    run = import_files([source], folder)
    (item,) = run.imported
    why = [left.why for left in item.leftovers]
    assert why == [
        "a row outside the header's labels and values in table 1",
        "a heading above table 2, which has its own",
        "text before the first telephone number in table 3",
    ]
    body = item.bulletin.body
    for text in ("Issued by the CCSH", "Known problems this week", "Call us:"):
        assert text in body


def test_the_same_bulletin_twice_in_one_run_is_refused(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_TEXT.read_bytes())
    with pytest.raises(UsageError, match=r"would both be .*carm-2021-07-15\.en\.md"):
        import_files([SEED_TEXT, copy], folder)
    assert list(folder.glob("*.md")) == []


OUTLOOK_CELL = """<table><tr><td><p class=MsoNormal>Description</p></td>
<td><p class=MsoNormal>Information / Work around</p></td>
<td><p class=MsoNormal>Fix Date</p></td></tr>
<tr><td><p class=MsoNormal>The page is blank<o:p></o:p></p></td>
<td><p class=MsoNormal>Try this:<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst><!--[if !supportLists]--><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span>
<!--[endif]-->Clear the <b>cache</b></p>
<p class=MsoListParagraphCxSpLast><!--[if !supportLists]--><span>·<span>&nbsp;&nbsp; </span></span>
<!--[endif]-->Sign in again</p>
<p class=MsoListParagraph><span>1.<span>&nbsp;&nbsp; </span></span>Call the CCSH</p></td>
<td><p class=MsoNormal>TBD</p></td></tr></table>"""


def test_an_outlook_list_becomes_a_markdown_list() -> None:
    from bulletin_builder.importing.blocks import Table, to_markdown  # noqa: PLC0415
    from bulletin_builder.importing.html_reader import read_html  # noqa: PLC0415

    document = read_html(f"<html><body>{OUTLOOK_CELL}</body></html>".encode())
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert to_markdown(table.rows[1][1]) == (
        "Try this:\n\n- Clear the **cache**\n- Sign in again\n\n1. Call the CCSH"
    )


TEXT_BOX = (
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape><v:textbox>'
    "<w:txbxContent><w:p><w:r><w:t>Scheduled outage tonight</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
)


def test_a_text_box_is_read_not_dropped(folder: Path, tmp_path: Path) -> None:
    from docx.oxml import parse_xml  # noqa: PLC0415

    source = agency_bulletin(tmp_path / "a.en.docx", "en", "CARM 2021-09-02")
    document = docx.Document(str(source))
    document.element.body.insert(-1, parse_xml(TEXT_BOX))
    document.save(str(source))
    run = import_files([source], folder)
    (item,) = run.imported
    assert [left.markdown for left in item.leftovers] == ["Scheduled outage tonight"]


def test_a_second_value_for_a_field_is_kept(folder: Path, tmp_path: Path) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8").replace(
        "MESSAGE NUMBER\tTARGET AUDIENCE\nCARM 2021-07-15\tCommercial clients",
        "MESSAGE NUMBER\tTARGET AUDIENCE\tAUDIENCE\nCARM 2021-07-15\tCommercial clients\tBrokers",
    )
    seed = tmp_path / "seed.txt"
    seed.write_text(text, encoding="utf-8")
    (item,) = import_files([seed], folder).imported
    assert item.bulletin.audience == "Commercial clients"
    assert [(x.why, x.markdown) for x in item.leftovers] == [
        ("a second audience (table 1, 'AUDIENCE')", "Brokers")
    ]


def test_french_dates_and_labels_are_read_as_typeset_and_as_typed() -> None:
    """French typography's no-break spaces and "1er"; the reviewed labels and the agency's."""
    assert fix_date("1er\u00a0août\u00a02021") == "2021-08-01"
    assert fix_date("31\u202fjuillet 2021") == "2021-07-31"
    assert fix_date("31 juillet 2021") == "2021-07-31"
    for label in (
        "Renseignements / Solution de contournement",
        "Information – Solution de rechange",
    ):
        assert language_of(WORKAROUND, label) == {"fr"}
