"""Bad input to bulletin import: a clear error naming the file, and nothing written.

A Word file that is not a bulletin, a damaged ZIP, a ZIP that unzips to too much, a 200 MB
file, an old .doc, a page whose content only scripts would build. Scripts are never run:
a bulletin page with scripts imports without a trace of them.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from bulletin_builder.cli import main
from bulletin_builder.importing.run import ImportErrors, import_files
from bulletin_builder.render import get_renderer
from bulletin_builder.validate.runner import load_editions
from conftest import SEED_BULLETINS, SEED_TEXT
from import_support import fresh_folder


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return fresh_folder(SEED_BULLETINS, tmp_path / "bulletins")


def refused(paths: list[Path], folder: Path, reason: str) -> None:
    """Importing ``paths`` fails with ``reason`` and leaves ``folder`` as it was."""
    before = listing(folder)
    with pytest.raises(ImportErrors, match=reason) as caught:
        import_files(paths, folder)
    assert str(paths[-1]) in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert listing(folder) == before


def _not_a_bulletin(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Minutes of the team meeting")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Item", "Owner"
    table.cell(1, 0).text, table.cell(1, 1).text = "Budget", "Finance"
    document.save(str(path))
    return path


def test_a_word_file_that_is_not_a_bulletin(folder: Path, tmp_path: Path) -> None:
    refused([_not_a_bulletin(tmp_path / "minutes.docx")], folder, "does not look like a bulletin")


def test_numbered_paragraphs_alone_are_not_a_bulletin(folder: Path, tmp_path: Path) -> None:
    """A memo numbered like a customs notice, with no header table: refused, nothing written."""
    memo = tmp_path / "memo.txt"
    memo.write_text(
        "Minutes\n1. Welcome.\n2. The budget.\nNext meeting in May.\n", encoding="utf-8"
    )
    refused([memo], folder, "does not look like a bulletin")


def test_a_damaged_zip(folder: Path, tmp_path: Path) -> None:
    good = io.BytesIO()
    docx.Document().save(good)
    bad = tmp_path / "damaged.docx"
    bad.write_bytes(good.getvalue()[:2000])
    refused([bad], folder, "damaged")


def test_a_zip_that_unzips_to_too_much(folder: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (101 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    refused([bomb], folder, "unzips to 101 MB")


def test_a_200_mb_file_is_refused_before_reading(folder: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as handle:
        os.truncate(handle.fileno(), 200 * 1024 * 1024)  # sparse: no disk used
    refused([huge], folder, "200 MB is too large")


def test_an_old_word_file(folder: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    refused([old], folder, r"\.doc\) file; save it as \.docx")


def test_a_page_built_by_scripts_only(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "app.html"
    page.write_text(
        "<!DOCTYPE html><html><head><script src='app.js'></script></head><body>"
        "<div id='root'></div><script>document.write('<table><tr><td>Description</td>"
        "<td>Information / Work around</td><td>Fix date</td></tr></table>')</script>"
        "</body></html>",
        encoding="utf-8",
    )
    refused([page], folder, "does not look like a bulletin.*its scripts were not run")


def test_one_bad_file_stops_the_good_ones_too(folder: Path, tmp_path: Path) -> None:
    refused([SEED_TEXT, _not_a_bulletin(tmp_path / "minutes.docx")], folder, "minutes.docx")


def test_the_command_says_so_and_exits_1(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "damaged.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["import", str(bad), "--out", str(folder)])
    assert result.exit_code == 1
    assert f"{bad}: not a valid Word file (the ZIP archive is damaged)" in result.output
    assert "nothing was written" in result.output


def test_scripts_in_a_bulletin_page_are_never_read_or_run(folder: Path, tmp_path: Path) -> None:
    (edition,) = [e for e in load_editions([SEED_BULLETINS]) if e.language == "en"]
    html = get_renderer("html").render(edition).decode("utf-8")
    html = html.replace(
        "<main ",
        "<script>alert('planted-script-text')</script><main onclick=\"steal()\" ",
    ).replace(
        "N/A</td>",  # the first fix-date cell
        "N/A<script>document.write('planted-in-cell')</script></td>",
        1,
    )
    html = html.replace(
        "please contact the CCSH for assistance.</p>",
        'please contact the <a href="javascript:steal()">CCSH</a> for assistance.</p>',
        1,
    )
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(page), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    written = (folder / "carm-2021-07-15.en.md").read_text(encoding="utf-8")
    for planted in ("planted", "steal", "javascript", "<script"):
        assert planted not in written
    assert "please contact the CCSH for assistance." in written
    assert "ignored 2 <script> element(s)" in result.output
    assert "link to 'javascript:steal()' dropped" in result.output
