"""Hardening cases 18–20 and 24: links and identifiers a reviewer could be fooled by.

Relative links, link text disguising another e-mail address or telephone number, look-alike
letters in an e-mail domain, the Unicode line separators, problem ids that equal the page's
own ids, and the fast path of the link check (provably never more lenient than the full
CommonMark parse: a Hypothesis property). Numbers continue those of ``docs/security.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_builder.model.edition import Edition
from bulletin_builder.validate.rules.safety import findings, plainly_safe
from hardening_support import (
    EN,
    TARGET,
    TARGET_FIELD,
    assert_refused,
    cli,
    diagnostics,
    docx_text,
    edit,
    edition_with,
    pdf_objects,
    render_all,
    where,
)
from quick import examples

# 18. Relative links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["faq.html", "../../../etc/passwd", "/etc/passwd", "//evil.example"]
)
def test_18_relative_link_refused(url: str, bulletins_copy: Path, out: Path) -> None:
    edit(bulletins_copy, TARGET, f"        description: See the [FAQ]({url}) first")
    assert_refused(bulletins_copy, out, "BB408", url, TARGET_FIELD)


def test_18_relative_link_second_layer_no_path_in_any_output(
    seed_editions: dict[str, Edition],
) -> None:
    text = "See [FAQ](faq.html), [x](../../../etc/passwd) and [y](/etc/passwd)."
    out = render_all(edition_with(seed_editions["en"], {"body": text}))
    html = out["html"].decode()
    assert "[FAQ](faq.html)" in html  # shown as text, never as a link
    assert "passwd" not in "".join(re.findall(r"<[^>]*>", html))  # in no tag or attribute
    for uri in re.findall(rb"/URI\s*\(([^)]*)\)", pdf_objects(out["pdf"])):
        assert uri.startswith((b"https:", b"http:", b"mailto:", b"tel:")), uri
    assert b"file:" not in pdf_objects(out["pdf"])
    assert b"faq.html" not in _docx_relationships(out["docx"])
    assert b"passwd" not in _docx_relationships(out["docx"])
    assert "[FAQ](faq.html)" in docx_text(out["docx"])


def _docx_relationships(docx: bytes) -> bytes:
    import io  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".rels"))


# 19. Disguised contacts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "needle"),
    [
        ("[help@gov.example](mailto:x@evil.example)", "[help@gov.example]"),
        ("[mailto:help@gov.example](mailto:x@evil.example)", "[mailto:help@gov.example]"),
        ("[1-800-461-9999](tel:+19005550100)", "[1-800-461-9999]"),
        ("[+1 800 461 9999](https://evil.example)", "[+1 800 461 9999]"),
    ],
)
def test_19_disguised_contact_refused(
    link: str, needle: str, bulletins_copy: Path, out: Path
) -> None:
    edit(bulletins_copy, TARGET, f"        description: Write to {link}")
    assert_refused(bulletins_copy, out, "BB404", needle, TARGET_FIELD)


@pytest.mark.parametrize(
    "link",
    [
        "[help@gov.example](mailto:help@gov.example)",
        "[Help@Gov.example](mailto:help@gov.example?subject=CARM)",
        "[1-800-461-9999](tel:+18004619999)",
        "[1-800-461-9999](tel:18004619999)",
        "[2021-07-31](https://www.cbsa-asfc.gc.ca/)",
    ],
)
def test_19_honest_contact_links_accepted(link: str) -> None:
    assert not [f for _, f in findings(f"Write to {link}", Path())]


def test_19_look_alike_letter_in_an_e_mail_domain_refused(bulletins_copy: Path, out: Path) -> None:
    link = "[the helpdesk](mailto:help@cbs\u0430-asfc.gc.ca)"
    edit(bulletins_copy, TARGET, f"        description: Write to {link}")
    assert_refused(bulletins_copy, out, "BB405", "cbs\u0430-asfc", TARGET_FIELD)


# 20. Line and paragraph separators ------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_20_raw_separator_refused_at_its_own_line(
    char: str, bulletins_copy: Path, out: Path
) -> None:
    edit(bulletins_copy, TARGET, f"        description: Duplicate{char}relationship requests")
    assert_refused(bulletins_copy, out, "BB006", char, None)


def test_20_every_escape_of_a_value_reported_where_it_is(bulletins_copy: Path, out: Path) -> None:
    edit(bulletins_copy, TARGET, '        description: "One\\Ltwo\\u2029three\\x01"')
    first = assert_refused(bulletins_copy, out, "BB006", "\\L", TARGET_FIELD)
    assert "U+2028" in first["message"]
    found = [(d["line"], d["column"]) for d in diagnostics(bulletins_copy) if d["code"] == "BB006"]
    assert found == [where(bulletins_copy, n) for n in ("\\L", "\\u2029", "\\x01")]


# 24. The link check's fast path is never more lenient than the full parse ----------------------

PIECES = [
    "[",
    "]",
    "(",
    ")",
    "](",
    "] (",
    "\\",
    "`",
    "*",
    "_",
    "<",
    "!",
    "&amp;",
    "&#9;",
    "\n",
    " ",
    "  ",
    "\t",
    "a",
    "b c",
    ":",
    "%0a",
    "é",
    ">",
    "#",
    "- ",
    "1. ",
    "help@gov.example",
    "x@evil.example",
    "mailto:",
    "tel:",
    "javascript:",
    "JaVaScRiPt:",
    "data:",
    "https://",
    "www.cbsa-asfc.gc.ca",
    "evil.example",
    "/",
    "1-800-461-9999",
    "+19005550100",
    "faq.html",
    "/etc/passwd",
    "cbs\u0430",
    "alert(1)",
    "http://",
    "https://www.cbsa-asfc.gc.ca/eservices/menu-eng.html",
    "https://xn--80ak6aa92e.com/",
    "help@",
    ". ",
]


@st.composite
def link_like(draw: st.DrawFn) -> str:
    """Text made of link syntax, addresses, schemes and the characters that change a parse."""
    return "".join(draw(st.lists(st.sampled_from(PIECES), max_size=24)))


CONTACT_TEXTS = [
    "1-800-461-9999",
    "+1 800 461 9999",
    "&#49;-800-461-9999",
    "help@gov.example",
    "help&#64;gov.example",
    "www.cbsa-asfc.gc.ca",
    "cbsa-asfc.gc.ca/\\[x",
]
"""Link texts that show a contact: a telephone number, an e-mail address, a web address, some
with a character written as an entity (the reader sees the number; only the full parse does)
or with an escaped bracket (the link's text starts at an earlier '[' than the nearest one)."""
CONTACT_URLS = [
    "tel:+19005550100",
    "tel:+18004619999",
    "mailto:x@evil.example",
    "mailto:help@gov.example",
    "https://evil.example",
]
"""Addresses a contact text may honestly or dishonestly link to. Drawn whole: built from
pieces, a disguised ``tel:`` link (the one kind of disguise without a bare address, so the
fast path decides it alone) came up too rarely to catch a fast path that skips ``disguise``."""


@st.composite
def links(draw: st.DrawFn) -> str:
    """Real-looking inline links with prefixes, nested brackets and blanks in odd places."""
    shown = draw(st.one_of(link_like(), st.sampled_from(CONTACT_TEXTS)))
    pieces = st.lists(st.sampled_from([*PIECES[26:], "", " ", "\n"]), max_size=4).map("".join)
    url = draw(st.one_of(pieces, st.sampled_from(CONTACT_URLS)))
    gap = draw(st.sampled_from(["", " ", "\n", "\t", "\n  "]))
    return f"{draw(link_like())}[{shown}]({gap}{url}){draw(link_like())}"


@settings(max_examples=examples(3000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(link_like(), links()))
def test_24_fast_path_never_passes_what_the_full_parse_refuses(text: str) -> None:
    if plainly_safe(text):
        assert [f[0] for _, f in findings(text, Path())] == [], text


@pytest.mark.parametrize(
    "text",
    [
        "[a [b] c](javascript:alert(1))",
        "[a\\] b](javascript:alert(1))",
        "[a](\njavascript:alert(1))",
        "[help@gov.example](mailto:x@evil.example)",
        "[1-800-461-9999](tel:+19005550100)",
        "[&#49;-800-461-9999](tel:+19005550100)",
        "[cbsa-asfc.gc.ca/\\[x](tel:+19005550100)",
        "[x](faq.html)",
        "See https://xn--80ak6aa92e.com.",
        "See https://help@gov.example/x",
    ],
)
def test_24_known_escapes_of_the_old_fast_path_are_caught(text: str) -> None:
    assert not plainly_safe(text)
    assert [f for _, f in findings(text, Path())]


# 21. Problem ids never collide with the page's own ids -------------------------------------


PAGE_IDS = {
    "emanifest-portal-redirect": "main",
    "payment-amount-not-accepted": "section-1",
    "soa-amount-not-accepted": "contact-ccsh",
}
"""A problem's id → an id of the page's own it is renamed to (three problems, one build)."""


def test_21_problem_ids_equal_to_page_ids_give_unique_html_ids(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    for name in (EN, EN.replace(".en.", ".fr.")):
        for problem_id, page_id in PAGE_IDS.items():
            edit(bulletins_copy, f"- id: {problem_id}", f"- id: {page_id}", name)
    out = tmp_path / "out"
    result = cli("build", str(bulletins_copy), "--out", str(out), "--format", "html,pdf")
    assert result.exit_code == 0, result.output
    pages = sorted((out / "carm-2021-07-15").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        ids = re.findall(r'\sid="([^"]*)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        assert set(PAGE_IDS.values()) <= set(ids)  # the page's own ids are still there
        assert {f"problem-{page_id}" for page_id in PAGE_IDS.values()} <= set(ids)
