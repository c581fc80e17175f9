"""Long code tokens in the Word document are never split at the end of a line.

`!errors.carm.invalid.client.id.message` has a line-break opportunity after its "!" in
Unicode's line-breaking algorithm (UAX #14), which LibreOffice (ICU) and Word follow; the
renderer glues it with WORD JOINERs (U+2060). Checked here by laying the document out in
LibreOffice with the token at every position of a line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from bulletin_builder.model.edition import Edition
from bulletin_builder.render.furniture import WORD_JOINER, joined_code
from test_render_docx import open_docx, render
from validators import libreoffice_pdf, pdf_text

TOKEN = "!errors.carm.invalid.client.id.message"
WORDS = ("a", "bb", "ccc", "dddd", "eeeee")


def sliding(edition: Edition, count: int = 60) -> Edition:
    """The edition with a body of ``count`` paragraphs, each the token after one word more,
    so that some paragraph puts the token across the end of a line."""
    paragraphs = [
        " ".join([*(WORDS[i % len(WORDS)] for i in range(k)), f"`{TOKEN}` end."])
        for k in range(count)
    ]
    bulletin = dataclasses.replace(edition.bulletin, body="\n\n".join(paragraphs))
    return dataclasses.replace(edition, bulletin=bulletin)


@pytest.mark.parametrize(
    ("code", "joined"),
    [
        (TOKEN, "!\u2060errors.carm.invalid.client.id.message"),
        ("make test", "make test"),
        ("a-b/c", "a\u2060-\u2060b\u2060/\u2060c"),
        ("(x)", "(\u2060x\u2060)"),
        ("!", "!"),
    ],
)
def test_joined_code(code: str, joined: str) -> None:
    assert joined_code(code) == joined
    assert joined_code(code).replace(WORD_JOINER, "") == code


def test_the_code_run_carries_the_joiner(seed_editions: dict[str, Edition]) -> None:
    document = open_docx(render(sliding(seed_editions["en"], 1)))
    texts = [
        "".join(t.text or "" for t in r.iter(qn("w:t")))
        for r in document.element.body.iter(qn("w:r"))
    ]
    code = [text for text in texts if TOKEN[1:] in text]
    assert len(code) == 2, "the seed's problem table and the body"
    assert set(code) == {joined_code(TOKEN)}


@pytest.mark.validator
def test_libreoffice_never_breaks_the_token(
    seed_editions: dict[str, Edition], tmp_path: Path
) -> None:
    path = tmp_path / "sliding.docx"
    path.write_bytes(render(sliding(seed_editions["en"])))
    lines = pdf_text(libreoffice_pdf(path, tmp_path / "pdf")).splitlines()
    pieces = [line for line in lines if re.search(r"errors\b|!\s*$", line)]
    assert len(pieces) >= 60
    assert [line for line in pieces if TOKEN not in line.replace(WORD_JOINER, "")] == []
