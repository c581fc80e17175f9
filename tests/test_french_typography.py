"""French typography (Le guide du rédacteur) in the text and in every output.

The no-break space U+00A0 must hold ``25 000``, ``31 juillet 2021``, ``7 h`` and ``20 h 30``
together in the HTML page, the Word runs and the PDF lines; ``; ? !`` take no space; the
colon and « guillemets » take U+00A0; addresses, code and link targets are left as typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest

from bulletin_builder.markdown import rendering_parser, tokens
from bulletin_builder.model.convert import from_data
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin
from bulletin_builder.render import get_renderer
from bulletin_builder.render.locale import long_date
from bulletin_builder.typography import french
from validators import require

NB = "\u00a0"
KEPT = (f"25{NB}000", f"31{NB}juillet", f"7{NB}h", f"20{NB}h{NB}30")
"""What must never break across lines, as the outputs must write it."""
FILLERS = ("", "Note", "Selon l'équipe", "Dans le portail client", "Ainsi", "Oui, et")


def to_html(text: str, language: str) -> str:
    """``text`` as the renderers turn it into HTML (the rendering parser, typography applied)."""
    md = rendering_parser()
    html: str = md.renderer.render(tokens(text, language), md.options, {})
    return html


@pytest.mark.parametrize(
    ("typed", "typeset"),
    [
        ("environ 25 000 comptes", f"environ 25{NB}000 comptes"),
        ("1 250 000 $ et 15 %", f"1{NB}250{NB}000{NB}$ et 15{NB}%"),
        ("d'ici le 31 juillet 2021", f"d'ici le 31{NB}juillet 2021"),
        ("le 1er août", f"le 1er{NB}août"),
        ("de 7 h à 20 h HE", f"de 7{NB}h à 20{NB}h HE"),
        ("à 20 h 30, ou 9h15", f"à 20{NB}h{NB}30, ou 9{NB}h{NB}15"),
        ("le message suivant : « erreur »", f"le message suivant{NB}: «{NB}erreur{NB}»"),
        ("Notez:", f"Notez{NB}:"),
        ("«!errors.carm»", f"«{NB}!errors.carm{NB}»"),
        ("reçu ; faites", "reçu; faites"),
        ("Pourquoi ? Voilà !", "Pourquoi? Voilà!"),
        (f"reçu{NB};", "reçu;"),
        ("à 12:30 ou en 2021 100 fois", "à 12:30 ou en 2021 100 fois"),
        ("voir https://x.ca/a?b=1 000 : ok", f"voir https://x.ca/a?b=1 000{NB}: ok"),
        ("https://x.ca/p?q ; puis", "https://x.ca/p?q ; puis"),
        ("mailto:a@x.ca ; www.x.ca/25 000", "mailto:a@x.ca ; www.x.ca/25 000"),
    ],
)
def test_the_guide_spacing(typed: str, typeset: str) -> None:
    assert french(typed) == typeset


def test_code_and_link_targets_are_left_as_typed() -> None:
    page = to_html("`a : b ; 25 000` [le 31 juillet](https://x.ca/?d=31 'a : b')", "fr")
    assert "<code>a : b ; 25 000</code>" in page
    assert 'href="https://x.ca/?d=31"' in page
    assert 'title="a : b"' in page
    assert f">le 31{NB}juillet</a>" in page


def test_french_long_dates() -> None:
    assert long_date(dt.date(2021, 7, 31), "fr") == f"31{NB}juillet 2021"
    assert long_date(dt.date(2021, 8, 1), "fr") == f"1er{NB}août 2021"
    assert long_date(dt.date(2021, 7, 31), "en") == "July 31, 2021"


def _sentences(count: int) -> list[str]:
    """Sentences holding every kept group at shifting offsets, so a breakable one would break."""
    return [
        f"{FILLERS[i % len(FILLERS)]} {'x' * (i % 7)} environ 25 000 comptes, "
        f"le 31 juillet 2021, de 7 h à 20 h 30."
        for i in range(count)
    ]


@pytest.fixture(scope="module")
def edition(seed_editions: dict[str, Edition]) -> Edition:
    """The French seed with a long body and a problem whose narrow cell holds the groups."""
    french_seed = seed_editions["fr"]
    data: dict[str, Any] = {
        k: v for k, v in french_seed.bulletin.model_dump().items() if v is not None
    }
    data["body"] = " ".join(_sentences(40))
    data["sections"][0]["problems"][0]["description"] = " ".join(_sentences(12))
    return dataclasses.replace(french_seed, bulletin=from_data(Bulletin, data))


@pytest.fixture(scope="module")
def page_text(edition: Edition) -> str:
    page = get_renderer("html").render(edition).decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_html_holds_every_group(page_text: str) -> None:
    text = page_text
    for group in KEPT:
        assert text.count(group) >= 52, group
    assert re.search(r"25 000|31 juillet|\d h\b", text) is None, "an ordinary space left"
    assert f"de 7{NB}h à 20{NB}h HE" in text  # the contact block's hours


def test_docx_runs_hold_every_group(edition: Edition) -> None:
    document = docx.Document(io.BytesIO(get_renderer("docx").render(edition)))
    runs = "\n".join(t.text or "" for t in document.element.body.iter(docx.oxml.ns.qn("w:t")))
    for group in KEPT:
        assert runs.count(group) >= 52, group
    assert re.search(r"25 000|31 juillet|\d h\b", runs) is None, "an ordinary space left"
    assert f"31{NB}juillet 2021" in runs  # the fix date column
    assert f"de 7{NB}h à 20{NB}h HE" in runs


def test_pdf_lines_never_break_a_group(edition: Edition, page_text: str, tmp_path: Path) -> None:
    require("pdftotext")
    pdf = tmp_path / "fr.pdf"
    pdf.write_bytes(get_renderer("pdf").render(edition))
    done = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    text = done.stdout.replace(NB, " ")  # the PDF's text layer may write U+00A0 as a space
    for group in KEPT:
        expected = page_text.count(group)
        assert text.count(group.replace(NB, " ")) == expected, f"{group!r} broken across lines"
