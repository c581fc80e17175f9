"""Smoke tests of the external validators: each one flags a bad input and passes a good one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import validators
from validators import (
    axe_violations,
    libreoffice_pdf,
    openxml_errors,
    pdf_text,
    screenshot,
    verapdf_failures,
    vnu_errors,
)

GOOD_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Known problems</title></head>
<body><main><h1>Known problems</h1><p>The portal is slow on Mondays.</p></main></body>
</html>
"""
# No lang, an image without alt: WCAG 3.1.1 and 1.1.1.
INACCESSIBLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Known problems</title></head>
<body><main><h1>Known problems</h1><img src="chart.png"></main></body></html>
"""
INVALID_HTML = "<html><body><p><div>Known problems</p></span></body></html>\n"


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` and return the path."""
    path.write_text(text, encoding="utf-8")
    return path


def describe(rules: list[dict[str, object]]) -> str:
    """One line per failed veraPDF rule, for assertion messages."""
    return "\n".join(
        f"  {r['specification']} {r['clause']}-{r['testNumber']} ({r['failedChecks']} checks): "
        f"{r['description']}"
        for r in rules
    )


def test_require_skips_without_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(validators._CHECKS, "nothing", lambda: "not installed here")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed here"):
        validators.require("nothing")


def test_require_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(validators._CHECKS, "nothing", lambda: "not installed here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        validators.require("nothing")


@pytest.mark.validator
def test_axe_flags_missing_alt_and_lang_and_passes_clean_page(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.html", INACCESSIBLE_HTML)
    good = write(tmp_path / "good.html", GOOD_HTML)
    found = axe_violations([bad, good])
    assert {"image-alt", "html-has-lang"} <= {v["id"] for v in found[bad]}
    assert found[good] == [], [v["id"] for v in found[good]]


@pytest.mark.validator
def test_axe_check_flags_a_page_that_scrolls_sideways_at_320_px(tmp_path: Path) -> None:
    wide = GOOD_HTML.replace("</main>", '<p style="width: 400px">A fixed-width block.</p></main>')
    page = write(tmp_path / "wide.html", wide)
    assert axe_violations([page], width=1280) == {page: []}
    found = axe_violations([page], width=320)[page]
    assert [v["id"] for v in found] == ["reflow-horizontal-scroll"]
    assert "400px" in found[0]["nodes"][-1]["html"]


@pytest.mark.validator
def test_screenshot_writes_png(tmp_path: Path) -> None:
    png = tmp_path / "good.png"
    screenshot(write(tmp_path / "good.html", GOOD_HTML), png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.validator
def test_vnu_flags_invalid_document_and_passes_valid_one(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.html", INVALID_HTML)
    good = write(tmp_path / "good.html", GOOD_HTML)
    found = vnu_errors([bad, good])
    assert any("Stray end tag" in e["message"] for e in found[bad]), found[bad]
    assert found[good] == []


@pytest.mark.validator
def test_verapdf_fails_untagged_pdf_and_passes_weasyprint_pdf_ua(tmp_path: Path) -> None:
    import weasyprint  # noqa: PLC0415 - a dependency of the product, never skipped

    plain, tagged = tmp_path / "plain.pdf", tmp_path / "ua.pdf"
    weasyprint.HTML(string=GOOD_HTML).write_pdf(plain)
    weasyprint.HTML(string=GOOD_HTML).write_pdf(tagged, pdf_variant="pdf/ua-1")
    failures = verapdf_failures([plain, tagged])
    assert "7.1" in {r["clause"] for r in failures[plain]}, describe(failures[plain])
    assert failures[tagged] == [], "PDF/UA-1 rules failed:\n" + describe(failures[tagged])


def docx_without_styles_with_effects(path: Path, text: str) -> Path:
    """A python-docx document, minus the template's stale stylesWithEffects part."""
    import docx  # noqa: PLC0415 - a dependency of the product, never skipped

    document = docx.Document()
    document.add_paragraph(text)
    rels = document.part.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del rels[rel_id]
    document.save(path)
    return path


@pytest.mark.validator
def test_openxml_audit_flags_python_docx_stale_styles_with_effects(tmp_path: Path) -> None:
    """python-docx's default template ships a stylesWithEffects.xml out of step with styles.xml."""
    import docx  # noqa: PLC0415 - a dependency of the product, never skipped

    path = tmp_path / "default.docx"
    docx.Document().save(path)
    assert any("stylesWithEffects" in e for e in openxml_errors(path))


@pytest.mark.validator
def test_openxml_audit_passes_clean_docx_and_flags_broken_one(tmp_path: Path) -> None:
    good = docx_without_styles_with_effects(tmp_path / "good.docx", "Known problems")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b'<w:body><w:bogus w:val="1"/>', 1)
            dst.writestr(item, data)
    assert openxml_errors(good) == []
    assert any("bogus" in e for e in openxml_errors(broken))


@pytest.mark.validator
def test_libreoffice_converts_docx_to_pdf_with_its_text(tmp_path: Path) -> None:
    docx = docx_without_styles_with_effects(tmp_path / "bulletin.docx", "Problèmes connus 2025")
    pdf = libreoffice_pdf(docx, tmp_path / "out")
    assert "Problèmes connus 2025" in pdf_text(pdf)


@pytest.mark.validator
def test_libreoffice_reports_unloadable_file(tmp_path: Path) -> None:
    """soffice exits 0 when it cannot load a file: libreoffice_pdf must notice."""
    good = docx_without_styles_with_effects(tmp_path / "good.docx", "Known problems")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(validators.ValidatorError, match="no PDF"):
        libreoffice_pdf(truncated, tmp_path / "out")


# The examples/ folders (built once per test run: conftest.examples_built), through every
# validator.


@pytest.fixture
def built(examples_built: Path) -> Path:
    return examples_built


def _outputs_of(built: Path, suffix: str) -> list[Path]:
    return sorted(built.rglob(f"*.{suffix}"))


@pytest.mark.validator
def test_examples_html_is_axe_and_vnu_clean(built: Path) -> None:
    from validators import axe_violations, vnu_errors  # noqa: PLC0415

    pages = [p for p in _outputs_of(built, "html") if p.name != "index.html"]
    assert len(pages) == 18
    assert axe_violations(pages) == {path: [] for path in pages}
    assert vnu_errors(pages) == {path.resolve(): [] for path in pages}


@pytest.mark.validator
def test_examples_pdf_are_pdf_ua_clean(built: Path) -> None:
    from validators import verapdf_failures  # noqa: PLC0415

    paths = _outputs_of(built, "pdf")
    assert len(paths) == 18
    assert verapdf_failures(paths) == {path: [] for path in paths}


@pytest.mark.validator
def test_examples_docx_are_openxml_clean(built: Path) -> None:
    from validators import openxml_errors  # noqa: PLC0415

    paths = _outputs_of(built, "docx")
    assert len(paths) == 18
    assert {path: openxml_errors(path) for path in paths} == {path: [] for path in paths}
