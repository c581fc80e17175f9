"""Case 14 of the hardening list: property-based tests with Hypothesis (see docs/security.md).

Generated valid bulletins (random problems, Markdown, French text) must validate clean,
render in all three formats, and carry every problem's text into the PDF and the DOCX.
Random mutations of a valid file must only ever produce diagnostics, never an exception.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bulletin_builder.model.edition import editions
from bulletin_builder.validate.runner import validate
from hardening_support import SLUG, docx_text, pdf_text, render_all, squeezed

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "abcdefghijklmnopqrstuvwxyzéèêàâçôûùëïABCDEFGHIJKLMNOPQRSTUVWXYZÉÀÇ0123456789"
PUNCTUATION = ["", "", "", ".", ",", ";", ":", "?", "!"]

WORD = st.text(LETTERS, min_size=1, max_size=10).filter(lambda w: w.lower() != "todo")
"""A word; never TODO, the placeholder ``bulletin new`` leaves and validation refuses (BB316)."""

ORDERED_MARKER = re.compile(r"^\d{1,9}[.)](\s|$)")
"""'76. x' at the start of a paragraph or item is an ordered list in CommonMark, not text."""

words = (
    st.lists(
        st.tuples(WORD, st.sampled_from(PUNCTUATION)).map(lambda pair: pair[0] + pair[1]),
        min_size=1,
        max_size=8,
    )
    .map(" ".join)
    .filter(lambda text: not ORDERED_MARKER.match(text))
)


@st.composite
def markdown_block(draw: st.DrawFn) -> tuple[str, list[str]]:
    """(Markdown, the plain text a reader sees of each paragraph or item) for one block."""
    kind = draw(st.sampled_from(["plain", "bold", "italic", "link", "list"]))
    text = draw(words)
    if kind == "bold":
        return f"**{text}**", [text]
    if kind == "italic":
        return f"*{text}*", [text]
    if kind == "link":
        return f"See [{text}](https://www.cbsa-asfc.gc.ca/services/carm-gcra/menu-eng.html)", [
            "See " + text
        ]
    if kind == "list":
        items = draw(st.lists(words, min_size=1, max_size=3))
        return "\n".join(f"- {item}" for item in items), items
    return text, [text]


@st.composite
def markdown(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Blocks separated by blank lines: the Markdown and every paragraph's or item's text.

    Paragraphs are compared one by one: in a table, text extraction may interleave the lines
    of neighbouring cells between two paragraphs, never inside a short one.
    """
    blocks = draw(st.lists(markdown_block(), min_size=1, max_size=3))
    return "\n\n".join(md for md, _ in blocks), [p for _, plain in blocks for p in plain]


@st.composite
def bulletin(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A valid bulletin's front matter (French) and the plain text of every problem's texts."""
    count = draw(st.integers(min_value=1, max_value=5))
    problems, plain = [], []
    for index in range(count):
        description, text = draw(markdown())
        workaround, workaround_text = draw(markdown())
        fix = draw(st.sampled_from(["TBD", "N/A", "2021-07-31", "2022-01-15"]))
        problems.append(
            {
                "id": f"probleme-{index}",
                "description": description,
                "workaround": workaround,
                "fix_date": fix,
            }
        )
        plain.extend(text + workaround_text)
    front = {
        "message_number": "CARM 2021-07-15",
        "title": draw(words),
        "audience": "Clients commerciaux",
        "date": "2021-07-15",
        "contact": "ccsh",
        "sections": [{"heading": draw(words), "problems": problems}],
    }
    return front, plain


def _seed_value(language: str, key: str) -> str:
    source = (ROOT / "bulletins" / f"{SLUG}.{language}.md").read_text(encoding="utf-8")
    return next(
        line.split(": ", 1)[1] for line in source.splitlines() if line.startswith(f"{key}: ")
    )


def _write(folder: Path, front: dict[str, Any], body: str = "") -> None:
    """A bulletins folder: the seed's configuration and contacts, this bulletin in French and
    its English counterpart (same problems, so the two are in step)."""
    shutil.copytree(ROOT / "bulletins", folder)
    for language in ("fr", "en"):
        data = {
            **front,
            "language": language,
            "series": _seed_value(language, "series"),
            "audience": _seed_value(language, "audience"),
        }
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
        (folder / f"{SLUG}.{language}.md").write_text(text + "---\n" + body, encoding="utf-8")


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example renders 3 files
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
@given(generated=bulletin(), body=markdown())
def test_14_valid_bulletins_validate_render_and_round_trip(
    generated: tuple[dict[str, Any], list[str]], body: tuple[str, list[str]]
) -> None:
    front, plain = generated
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "bulletins"
        _write(folder, front, body[0])
        result = validate([folder])
        errors = result.diagnostics.errors()
        assert errors == [], [(d.code, d.message) for d in errors]
        (edition,) = [e for p in result.projects for e in editions(p) if e.language == "fr"]
        rendered = render_all(edition)
        pdf = squeezed(pdf_text(rendered["pdf"], Path(scratch)))
        words_docx = squeezed(docx_text(rendered["docx"]))
        html = rendered["html"].decode("utf-8")
        assert html.rstrip().endswith("</html>")
        for text in [*plain, *body[1]]:
            assert squeezed(text) in pdf, text
            assert squeezed(text) in words_docx, text


MUTATIONS = st.sampled_from(
    [
        "delete-line",
        "duplicate-line",
        "insert",
        "truncate",
        "replace-value",
        "indent",
    ]
)
HOSTILE = [
    "\x00",
    "\x01",
    "\u202e",
    "\u200b",
    "\uffff",
    "<script>",
    "[x](javascript:1)",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    ": ",
    "- ",
    "\t",
    "'",
    '"',
    "{{ 1 }}",
    "---",
    "\ufeff",
    "é",
    "\r",
    "[",
    "]",
    "#",
    "|",
    ">",
]


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    mutation=MUTATIONS,
    where=st.integers(min_value=0, max_value=10_000),
    payload=st.sampled_from(HOSTILE),
)
def test_14_invalid_mutations_give_only_diagnostics(
    mutation: str, where: int, payload: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "bulletins"
        shutil.copytree(ROOT / "bulletins", folder)
        path = folder / f"{SLUG}.en.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        at = where % len(lines)
        if mutation == "delete-line":
            del lines[at]
        elif mutation == "duplicate-line":
            lines.insert(at, lines[at])
        elif mutation == "insert":
            column = where % (len(lines[at]) + 1)
            lines[at] = lines[at][:column] + payload + lines[at][column:]
        elif mutation == "truncate":
            lines = lines[:at]
        elif mutation == "replace-value" and ": " in lines[at]:
            lines[at] = lines[at].split(": ", 1)[0] + ": " + payload
        elif mutation == "indent":
            lines[at] = " " * (where % 7) + lines[at]
        path.write_text("\n".join(lines), encoding="utf-8")
        result = validate([folder])  # must not raise
        for d in result.diagnostics.items:
            assert d.code.startswith("BB")
            assert d.location.line >= 1
            assert d.location.column >= 1
        if not result.failed():
            for project in result.projects:
                for edition in editions(project):
                    assert edition.bulletin.sections
