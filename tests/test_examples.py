"""Every folder of examples/ validates with --strict, builds, and shows its facts in every output.

One folder per shape of the family (service windows, outages, editions, a correction, a
numbered notice, a contact page), English and French. The facts are checked in the text a
reader gets from the HTML page, the PDF (pdftotext) and the Word document: message numbers,
window times, status words, continued paragraph numbers, phone-menu options.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT
from hardening_support import cli, diagnostics, docx_text, pdf_text

EXAMPLES = ROOT / "examples"
SHAPES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())

FACTS: dict[tuple[str, str, str], list[str]] = {
    ("scheduled-maintenance", "tcc25-0112", "en"): [
        "TCC25-0112",
        "Saturday, November 8, 2025, 6:00 a.m. ET",
        "Saturday, November 8, 2025, 10:00 a.m. ET",
        "Sunday, November 9, 2025, 2:30 a.m. ET",
        "eManifest Portal",
        "Electronic Data Interchange (EDI)",
        "Clients affected",
        "Action required",
        "None",
    ],
    ("scheduled-maintenance", "tcc25-0112", "fr"): [
        "TCC25-0112",
        "samedi 8 novembre 2025, 6 h HE",
        "dimanche 9 novembre 2025, 2 h 30 HE",
        "Clients touchés",
        "Mesure requise",
        "Agence des services frontaliers du Canada",
    ],
    ("unscheduled-outage", "tcc25-0120", "en"): [
        "Wednesday, November 12, 2025, 9:15 a.m. ET",
        "Unknown: an investigation is under way; no estimated time of resolution.",
        "approximately a few minutes",
    ],
    ("unscheduled-outage", "tcc25-0120", "fr"): [
        "mercredi 12 novembre 2025, 9 h 15 HE",
        "Clientèle commerciale",
        "Inconnue : une enquête est en cours",
        "quelques minutes",
    ],
    ("known-problem-editions", "carm-bulletin-5368", "en"): [
        "CARM Bulletin 5368",
        "Payments and release prior to payment are not affected.",
        "Interim workaround",
        "TBD",
    ],
    ("known-problem-editions", "carm-bulletin-5371", "en"): [
        "UPDATED",
        "This message updates CARM Bulletin 5368.",
        "October 31, 2025",
        "Original message sent October 20, 2025:",
    ],
    ("known-problem-editions", "carm-bulletin-5374", "en"): [
        "RESOLVED",
        "Resolved October 31, 2025",
        "Update sent October 24, 2025:",
        "Original message sent October 20, 2025:",
    ],
    ("known-problem-editions", "carm-bulletin-5374", "fr"): [
        "Bulletin de la GCRA 5374",
        "RÉSOLU",
        "Résolu le 31 octobre 2025",
        "Message original envoyé le 20 octobre 2025 :",
    ],
    ("known-problem-editions", "carm-bulletin-5371", "fr"): ["MISE À JOUR"],
    ("correction", "tcc23-007", "en"): [
        "CORRECTION",
        "This message corrects TCC23-006.",
        "it ends at 5 a.m. ET, not 3 a.m. ET",
        "Sunday, March 5, 2023, 5:00 a.m. ET",
    ],
    ("correction", "tcc23-007", "fr"): ["CORRECTION", "dimanche 5 mars 2023, 5 h HE"],
    ("numbered-notice", "customs-notice-24-31", "en"): [
        "Customs Notice 24-31",
        "Financial security",
        "Memorandum D17-1-4, Release of commercial goods",
    ],
    ("numbered-notice", "customs-notice-24-31", "fr"): ["Avis des douanes 24-31", "Références"],
    ("contact-page", "carm-2025-11-03", "en"): [
        "CARM Client Support Helpdesk (CCSH)",
        "Option 2: CARM Client Portal (CCP)",
        "Option 1: Accessing the CCP and business accounts",
        "1-204-983-3500",
        "within 2 business days",
    ],
    ("contact-page", "carm-2025-11-03", "fr"): [
        "Option 2 : Portail client de la GCRA",
        "dans un délai de 2 jours ouvrables",
    ],
}
"""(example, bulletin, language) → sentences every output of it must show."""

NUMBERED = [
    ("en", "Financial security", "4. Financial security may be"),
    ("fr", "Garantie financière", "4. La garantie financière peut"),
]


def _plain(text: str) -> str:
    """Text as compared: no-break spaces as spaces, runs of white space as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _html_text(page: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


_BUILD_EACH = """
import sys
from bulletin_builder.cli import main
examples, out = sys.argv[1], sys.argv[2]
for shape in sys.argv[3:]:
    args = ["build", "--strict", f"{examples}/{shape}", "--out", f"{out}/{shape}"]
    try:
        main.main(args, prog_name="bulletin")
    except SystemExit as done:
        if done.code:
            sys.exit(f"{shape}: exit status {done.code}")
"""
"""``bulletin build --strict`` of each example, one after the other, in one process (the
command line's own entry point, as ``bulletin`` calls it; one start-up for all six)."""


def build_examples(out: Path) -> Path:
    """Every example built by the command line, outside the test process (WeasyPrint stays out
    of it, whose memory the bounded-memory tests' children inherit)."""
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_EACH, str(EXAMPLES), str(out), *SHAPES],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in out.iterdir()) == SHAPES, done.stdout
    return out


@pytest.fixture
def built(examples_built: Path) -> Path:
    return examples_built


def outputs(built: Path, shape: str, slug: str, language: str, folder: Path) -> dict[str, str]:
    base = built / shape / slug / f"{slug}.{language}"
    page = Path(f"{base}.html").read_text(encoding="utf-8")
    return {
        "html": _plain(_html_text(page)),
        "pdf": _plain(pdf_text(Path(f"{base}.pdf").read_bytes(), folder)),
        "docx": _plain(docx_text(Path(f"{base}.docx").read_bytes())),
    }


@pytest.mark.parametrize("shape", SHAPES)
def test_example_validates_strictly(shape: str) -> None:
    result = cli("validate", "--strict", str(EXAMPLES / shape))
    assert result.exit_code == 0, result.output


def _terms(folder: Path) -> dict[str, dict[str, object]]:
    with (folder / "terms.toml").open("rb") as handle:
        entries: dict[str, dict[str, object]] = tomllib.load(handle)["terms"]
    return entries


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("shape", SHAPES)
def test_example_has_the_terminology_base(shape: str) -> None:
    """Each example carries the seed's base (same French terms, every refused variant kept,
    maybe more English or French forms and more entries), so BB209/BB210 read its French."""
    folder = EXAMPLES / shape
    assert (folder / "terms.toml").is_file(), f"{shape} has no terms.toml"
    seed, own = _terms(ROOT / "bulletins"), _terms(folder)
    for key, entry in seed.items():
        assert key in own, f"{shape}/terms.toml lacks [terms.{key}]"
        assert _listed(own[key]["fr"])[0] == _listed(entry["fr"])[0], key
        refused = set(_listed(own[key].get("forbidden", [])))
        assert refused >= set(_listed(entry.get("forbidden", []))), key


@pytest.mark.parametrize("shape", SHAPES)
def test_example_french_uses_the_agency_terms(shape: str) -> None:
    assert (EXAMPLES / shape / "terms.toml").is_file(), f"{shape}: the rule has no base to read"
    found = [d for d in diagnostics(EXAMPLES / shape) if d["code"] in ("BB209", "BB210")]
    assert not found, "\n".join(f"{d['path']}:{d['line']}: {d['message']}" for d in found)


def test_every_shape_of_the_issue_has_an_example() -> None:
    assert set(SHAPES) >= {
        "scheduled-maintenance",
        "unscheduled-outage",
        "known-problem-editions",
        "correction",
        "numbered-notice",
        "contact-page",
    }


@pytest.mark.parametrize(("shape", "slug", "language"), sorted(FACTS))
def test_facts_in_every_output(
    built: Path, tmp_path: Path, shape: str, slug: str, language: str
) -> None:
    texts = outputs(built, shape, slug, language, tmp_path)
    for fact in FACTS[shape, slug, language]:
        for fmt, text in texts.items():
            assert _plain(fact) in text, f"{fmt} lacks {fact!r}"


@pytest.mark.parametrize(("language", "heading", "fourth"), NUMBERED)
def test_numbering_continues_after_subheadings(
    built: Path, tmp_path: Path, language: str, heading: str, fourth: str
) -> None:
    texts = outputs(built, "numbered-notice", "customs-notice-24-31", language, tmp_path)
    for fmt in ("pdf", "docx"):
        text = texts[fmt]
        assert heading in text, fmt
        assert fourth in text, fmt
        assert text.index(heading) < text.index(fourth), fmt
        assert "1. " in text, fmt
        assert "7. " in text, fmt
    page = (built / "numbered-notice" / "customs-notice-24-31").glob(f"*.{language}.html")
    assert '<span class="paragraph-number">4.</span> ' in next(page).read_text(encoding="utf-8")
