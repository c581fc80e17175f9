"""The English source carries every sentence, list item, date, URL and phone number of the seed.

The seed is the bulletin as published (a text export with tab-separated table cells and
leftover HTML). Each of its table rows is compared with the matching problem of
``bulletins/carm-2021-07-15.en.md``, cell by cell, sentence by sentence; the contact block
with ``bulletins/contacts/ccsh.en.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from bulletin_builder.model.records import Bulletin, Contact
from bulletin_builder.validate.runner import load_editions
from conftest import SEED_BULLETINS
from seed import seed_text

TAG = re.compile(r"<[^>]*>")
SENTENCE_END = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“!])")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
URL = re.compile(r"https?://[^\s<>\"]+")
PHONE = re.compile(r"\b1-\d{3}-\d{3}-\d{4}\b")
LONG_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (\d{1,2}), (\d{4})\b"
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

PROBLEMS_HEADING = "CCP PROBLEMS KNOWN TO THE CBSA"
COLUMNS = ["Description", "Information / Work around", "Fix Date"]
CONTACT_HEADING = "HOW TO CONTACT THE CARM CLIENT SUPPORT HELPDESK"
CONTACT_LABELS = {"Hours of service", "Web contact form", "Telephone"}
"""Row labels of the contact table: printed by the templates, not written in the source."""


@dataclass
class Seed:
    """The seed bulletin, cut into its parts."""

    series: str
    title: str
    message_number: str
    audience: str
    sections: list[list[list[str]]]
    """Per table, its rows; per row, its cells (description, workaround, fix date)."""
    contact: list[tuple[str, str]]
    """(label, value) rows of the contact table."""
    text: str


def cells(line: str) -> list[str]:
    out = [cell.strip() for cell in line.split("\t")]
    while out and not out[-1]:
        out.pop()
    return out


def parse_seed(text: str) -> Seed:
    lines = [line for line in text.split("\n") if line.strip()]
    series, title = [part for part in lines[0].split("**") if part.strip()]
    number_row = lines.index("MESSAGE NUMBER\tTARGET AUDIENCE") + 1
    message_number, audience = cells(lines[number_row])
    sections: list[list[list[str]]] = []
    contact: list[tuple[str, str]] = []
    for line in lines[number_row + 1 :]:
        row = cells(line)
        if row == [PROBLEMS_HEADING]:
            sections.append([])
        elif row == [CONTACT_HEADING]:
            sections.append([])  # a sentinel: rows from here on are the contact's
        elif row == COLUMNS:
            continue
        elif len(row) == 3:
            sections[-1].append(row)
        elif len(row) == 2:
            contact.append((row[0], row[1]))
        else:
            pytest.fail(f"unexpected seed line: {line!r}")
    assert sections[-1] == [], "the contact table follows the problem tables"
    return Seed(series, title, message_number, audience, sections[:-1], contact, text)


def sentences(cell: str) -> list[str]:
    """The sentences and list items of a seed cell (HTML and bullets are boundaries)."""
    out = []
    for chunk in re.split(r"<[^>]*>|•", cell):
        out.extend(s for s in SENTENCE_END.split(flatten(chunk)) if s)
    return out


def flatten(text: str) -> str:
    """Markdown or seed text as running words: list markers dropped, whitespace collapsed."""
    return " ".join(LIST_MARKER.sub("", TAG.sub(" ", text)).split())


def missing(cell: str, source: str) -> list[str]:
    """The sentences of a seed cell not found, word for word, in the source text."""
    target = flatten(source)
    return [s for s in sentences(cell) if s not in target]


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


@pytest.fixture(scope="module")
def seed() -> Seed:
    return parse_seed(seed_text())


@pytest.fixture(scope="module")
def english() -> tuple[Bulletin, Contact]:
    editions = load_editions([SEED_BULLETINS / "carm-2021-07-15.en.md"])
    edition = next(e for e in editions if e.language == "en" and e.slug == "carm-2021-07-15")
    return edition.bulletin, edition.contact


def test_header(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    bulletin, _ = english
    assert bulletin.series.casefold() == seed.series.casefold()
    assert bulletin.title == seed.title.replace(" - ", " – ")  # the seed lost its en dash
    assert bulletin.message_number == seed.message_number
    assert bulletin.audience == seed.audience


def test_same_tables_and_rows(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    bulletin, _ = english
    assert [len(rows) for rows in seed.sections] == [len(s.problems) for s in bulletin.sections]
    assert [s.heading.casefold() for s in bulletin.sections] == [
        PROBLEMS_HEADING.casefold() for _ in seed.sections
    ]


def test_every_problem_sentence(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    bulletin, _ = english
    lost = []
    for rows, section in zip(seed.sections, bulletin.sections, strict=True):
        for (description, workaround, _), problem in zip(rows, section.problems, strict=True):
            lost += [(problem.id, s) for s in missing(description, problem.description)]
            lost += [(problem.id, s) for s in missing(workaround, problem.workaround)]
    assert lost == []


def test_every_fix_date(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    bulletin, _ = english
    seed_dates = [row[2] for rows in seed.sections for row in rows]
    ours = [p.fix_date if p.fix_day is None else long_date(p.fix_date) for p in bulletin.problems()]
    assert ours == seed_dates
    assert "July 31, 2021" in seed_dates


def test_every_contact_sentence(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    _, contact = english
    texts = {
        "Hours of service": contact.hours,
        "Web contact form": contact.web_form,
        "Telephone": " ".join(f"{t.number} {t.note}" for t in contact.telephone),
    }
    groups = {group.heading: "\n".join(f"- {i}" for i in group.items) for group in contact.tips}
    assert set(texts) == CONTACT_LABELS
    lost = []
    for label, value in seed.contact:
        source = texts.get(label, groups.get(label))
        assert source is not None, f"seed row {label!r} has no counterpart in the contact block"
        lost += [(label, s) for s in missing(value, source)]
    assert lost == []
    assert [label for label, _ in seed.contact if label not in CONTACT_LABELS] == [
        group.heading for group in contact.tips
    ]


def test_contact_block_heading(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    _, contact = english
    assert contact.heading.casefold() == CONTACT_HEADING.casefold()
    assert CONTACT_HEADING in seed.text


def test_every_url_phone_and_date(seed: Seed, english: tuple[Bulletin, Contact]) -> None:
    bulletin, contact = english
    everything = " ".join([str(bulletin), str(contact)])
    urls, phones = URL.findall(seed.text), PHONE.findall(seed.text)
    assert urls == ["https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html"]
    assert phones == ["1-800-461-9999"]
    assert [u for u in urls if u not in everything] == []
    assert [p for p in phones if p not in everything] == []
    iso = ISO_DATE.findall(seed.text)
    assert iso
    assert all(d in bulletin.message_number or d == bulletin.date for d in iso)
    long_dates = [m.group(0) for m in LONG_DATE.finditer(seed.text)]
    assert long_dates == ["July 31, 2021", "July 31, 2021"]
    assert "July 31, 2021" in flatten(" ".join(p.workaround for p in bulletin.problems()))


def test_sentences_are_split_as_the_seed_reads() -> None:
    cell = (
        '<p>If this occurs, close it.</p> <ul style="x"> Go to the page Enter the key '
        "<p>If it persists, call us.</p>"
    )
    assert sentences(cell) == [
        "If this occurs, close it.",
        "Go to the page Enter the key",
        "If it persists, call us.",
    ]
    assert (
        missing(
            cell,
            "If this occurs, close it.\n\n- Go to the page\n- Enter the key\n\n"
            "If it persists, call\nus.",
        )
        == []
    )
    assert missing(cell, "If this occurs, close it. If it persists, call us.") == [
        "Go to the page Enter the key"
    ]
