"""Hostile content, cases 1 to 9 of the hardening list (see docs/security.md).

Each "refused" case edits a copy of the seed bulletins, checks the diagnostic (code, file,
line, column, field), that ``bulletin build`` exits 1, and that a previous build in the
output folder stays byte-identical. Each "second layer" case builds an :class:`Edition`
directly from plain data, bypassing validation, renders HTML, PDF and DOCX, and checks
that nothing of the attack reaches any output.
"""

from __future__ import annotations

import html.parser
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from bulletin_builder.model.edition import Edition
from bulletin_builder.model.project import load_project
from bulletin_builder.render import get_renderer
from bulletin_builder.render.docx.renderer import UnsafeTextError
from bulletin_builder.validate.rules.limits import MAX_MARKS, MAX_NESTING, MAX_PROBLEMS, MAX_TEXT
from hardening_support import (
    EN,
    SLUG,
    TARGET,
    TARGET_FIELD,
    assert_refused,
    cli,
    diagnostics,
    docx_part,
    docx_targets,
    docx_text,
    edit,
    edition_with,
    pdf_info,
    pdf_objects,
    pdf_text,
    pdf_uris,
    render_all,
    unsafe,
    untouched,
)

ROOT = Path(__file__).resolve().parent.parent


def second_layer(edition: Edition, tmp_path: Path) -> dict[str, bytes]:
    """Render all three formats and check the universal promises: no script, no embedded file."""
    rendered = render_all(edition)
    html = rendered["html"].decode("utf-8")
    assert "<script" not in html.lower()
    assert not [href for href in _hrefs(html) if unsafe(href)]
    objects = pdf_objects(rendered["pdf"])
    for marker in (b"/JavaScript", b"/JS ", b"/EmbeddedFiles", b"/Launch", b"/URI (javascript"):
        assert marker not in objects, marker
    assert not [uri for uri in pdf_uris(rendered["pdf"]) if unsafe(uri)]
    assert not [target for target in docx_targets(rendered["docx"]) if unsafe(target)]
    return rendered


def _hrefs(html: str) -> list[str]:
    import re  # noqa: PLC0415

    return re.findall(r'(?:href|src)="([^"]*)"', html)


# 1. Raw HTML of every dangerous kind ------------------------------------------------------

RAW_HTML = {
    "script": "<script>alert(1)</script>",
    "iframe": '<iframe src="https://example.com/"></iframe>',
    "object": '<object data="https://example.com/x.swf"></object>',
    "svg-onload": "<svg onload=alert(1)>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "link-attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "style": "<style>p{color:red}</style>",
}


@pytest.mark.parametrize("kind", sorted(RAW_HTML))
def test_01_raw_html_refused(kind: str, bulletins_copy: Path, out: Path) -> None:
    tag = RAW_HTML[kind]
    edit(bulletins_copy, TARGET, f"        description: 'Duplicate requests {tag}'")
    assert_refused(bulletins_copy, out, "BB401", tag, TARGET_FIELD)


def test_01_raw_html_refused_in_body_and_contact(bulletins_copy: Path, out: Path) -> None:
    (bulletins_copy / EN).write_text(
        (bulletins_copy / EN).read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    assert_refused(bulletins_copy, out, "BB401", "<script>", "body")
    contact = "contacts/ccsh.en.md"
    edit(
        bulletins_copy,
        "      - Try clearing browser history",
        "      - Try <iframe src=x></iframe> clearing",
        contact,
    )
    assert_refused(bulletins_copy, out, "BB401", "<iframe", "tips[0].items[0]", contact)


def test_01_raw_html_second_layer_nothing_in_any_output(
    seed_editions: dict[str, Edition], tmp_path: Path
) -> None:
    hostile = "\n\n".join(RAW_HTML.values())
    edition = edition_with(
        seed_editions["en"],
        {
            "body": hostile,
            "sections": [
                {
                    "heading": "H",
                    "problems": [
                        {
                            "id": "p",
                            "description": hostile,
                            "workaround": "x " + " ".join(RAW_HTML.values()),
                            "fix_date": "TBD",
                        }
                    ],
                }
            ],
        },
        {"tips": [{"heading": "T", "items": list(RAW_HTML.values())}]},
    )
    rendered = second_layer(edition, tmp_path)
    html = rendered["html"].decode("utf-8")
    # the hostile tags themselves (the page's own artwork is an inline <svg>, see identity/)
    for tag in ("<iframe", "<object", "<svg onload", "<img src=x", 'rel="attachment"', "<style>p{"):
        assert tag not in html, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, never run
    document = docx_part(rendered["docx"], "word/document.xml")
    assert "&lt;iframe" in document
    assert "<script" not in document


# 2. Dangerous link schemes --------------------------------------------------------------

LINKS = {
    "javascript": ("javascript:alert(1)", "javascript"),
    "mixed-case": ("JaVaScRiPt:alert(1)", "javascript"),
    "entity-tab": ("java&#x09;script:alert(1)", "javascript"),
    "vbscript": ("vbscript:msgbox(1)", "vbscript"),
    "data-html": ("data:text/html,hello", "data"),
}


@pytest.mark.parametrize("kind", sorted(LINKS))
def test_02_unsafe_link_scheme_refused(kind: str, bulletins_copy: Path, out: Path) -> None:
    url, scheme = LINKS[kind]
    edit(bulletins_copy, TARGET, f"        description: 'Duplicate [requests]({url})'")
    # markdown-it decodes the entity, so the caret goes to the link itself
    needle = "](java&" if "&" in url else url.split(":")[0]
    found = assert_refused(bulletins_copy, out, "BB402", needle, TARGET_FIELD)
    assert f"'{scheme}:'" in found["message"]


def test_02_unsafe_links_second_layer_no_link_in_html_pdf_docx(
    seed_editions: dict[str, Edition], tmp_path: Path
) -> None:
    text = " ".join(f"[{kind}]({url})" for kind, (url, _) in LINKS.items())
    text += " <javascript:alert(2)> [ref]\n\n[ref]: vbscript:x"
    edition = edition_with(seed_editions["en"], {"body": text})
    rendered = second_layer(edition, tmp_path)
    html = rendered["html"].decode("utf-8").lower()
    for start in ('href="java', 'href="vbscript', 'href="data'):
        assert start not in html
    assert sorted(set(pdf_uris(rendered["pdf"]))) == [
        "https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html",
        "tel:+18004619999",
    ]
    rels = docx_part(rendered["docx"], "word/_rels/document.xml.rels").lower()
    assert "script" not in rels
    assert "data:" not in rels
    assert "javascript" in pdf_text(rendered["pdf"], tmp_path).lower()  # the words stay as text


# 3. Images and CSS pointing elsewhere; nothing fetched ------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server recording every request; yields its base URL and the log."""
    log: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": log})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def _image_targets(base: str) -> list[str]:
    return [
        "file:///etc/passwd",
        "../../../etc/hostname",
        "/dev/urandom",
        f"{base}/image.png",
        "http://[::1]/x.png",
        "http://169.254.169.254/latest/meta-data",
    ]


def test_03_images_outside_assets_refused(
    bulletins_copy: Path, out: Path, listener: tuple[str, list[str]]
) -> None:
    base, log = listener
    (bulletins_copy / "assets").mkdir()
    (bulletins_copy / "assets" / "evil.png").symlink_to("/etc/hostname")  # leads outside
    for target in [*_image_targets(base), "evil.png"]:
        edit(bulletins_copy, TARGET, f"        description: 'Duplicate ![chart]({target})'")
        assert_refused(bulletins_copy, out, "BB403", target, TARGET_FIELD)
        edit(bulletins_copy, f"        description: 'Duplicate ![chart]({target})'", TARGET)
    assert log == []


def test_03_css_pointing_elsewhere_refused(
    bulletins_copy: Path, out: Path, listener: tuple[str, list[str]]
) -> None:
    base, log = listener
    css = f'<div style="background:url({base}/css.png)">x</div>'
    edit(bulletins_copy, TARGET, f"        description: '{css}'")
    assert_refused(bulletins_copy, out, "BB401", "<div", TARGET_FIELD)
    assert log == []


class _Addresses(html.parser.HTMLParser):
    """Every attribute value and every <style> text of a page: where an address would act."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [value for _, value in attrs if value]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.values.append(data)


def _addresses(page: str) -> list[str]:
    parser = _Addresses()
    parser.feed(page)
    return parser.values


def test_03_second_layer_loopback_listener_records_zero_requests(
    seed_editions: dict[str, Edition], tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    base, log = listener
    images = " ".join(f"![img{i}]({t})" for i, t in enumerate(_image_targets(base)))
    css = (
        f"<style>@import url({base}/import.css); body {{ background: url({base}/bg.png) }}</style>"
        f'\n\n<div style="background:url({base}/div.png)">x</div>'
        f'\n\n<link rel="attachment" href="{base}/attached">'
        f'\n\n<link rel="stylesheet" href="{base}/sheet.css">'
    )
    edition = edition_with(seed_editions["en"], {"body": images + "\n\n" + css})
    rendered = second_layer(edition, tmp_path)
    assert log == []
    html = rendered["html"].decode("utf-8")
    assert "<img" not in html  # no image that is not a local file survives the rendering parser
    assert [v for v in _addresses(html) if base in v] == []  # only as text, never an address


def test_03_fetcher_alone_fetches_nothing_from_the_listener(
    listener: tuple[str, list[str]],
) -> None:
    from weasyprint import HTML  # noqa: PLC0415
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415

    from bulletin_builder.render.fetcher import ResourceRefused, TemplatesFetcher  # noqa: PLC0415

    base, log = listener
    pages = [
        f'<link rel="stylesheet" href="{base}/s.css">',
        '<link rel="attachment" href="file:///etc/passwd"><p>x</p>',
        f'<img src="{base}/i.png" alt="i">',
        f'<p style="background: url({base}/bg.png)">x</p>',
        '<img src="file:///dev/urandom" alt="u">',
        '<img src="http://[::1]/x.png" alt="6"><img src="http://169.254.169.254/" alt="m">',
    ]
    for page in pages:
        with pytest.raises(FatalURLFetchingError) as caught:
            HTML(string=page, url_fetcher=TemplatesFetcher()).write_pdf()
        assert isinstance(caught.value.__cause__, ResourceRefused), page
    assert log == []


# 4. Template syntax rendered literally -----------------------------------------------------

TEMPLATE = "`{{ ''.__class__.__mro__ }}` {{ 7*7 }} {% include '/etc/passwd' %}"


def test_04_template_syntax_rendered_literally(bulletins_copy: Path, tmp_path: Path) -> None:
    edit(bulletins_copy, TARGET, f'        description: "{TEMPLATE}"')
    out = tmp_path / "out"
    result = cli("build", str(bulletins_copy), "--out", str(out))
    assert result.exit_code == 0, result.output
    folder = out / SLUG
    html = (folder / f"{SLUG}.en.html").read_text(encoding="utf-8")
    assert "<code>{{ ''.__class__.__mro__ }}</code>" in html.replace("&#39;", "'")
    assert "{{ 7*7 }} {% include '/etc/passwd' %}" in html.replace("&#39;", "'")
    passwd = Path("/etc/passwd").read_text(encoding="utf-8").split("\n")[0]
    pdf = pdf_text((folder / f"{SLUG}.en.pdf").read_bytes(), tmp_path)
    words = docx_text((folder / f"{SLUG}.en.docx").read_bytes())
    for text in (html, pdf, words):
        assert passwd not in text
        assert "{{ 7*7 }}" in text
        assert "__mro__" in text
        assert "<class" not in text  # nothing was evaluated


# 5. HTML-special characters escaped everywhere ---------------------------------------------

SPECIAL = "<img src=x onerror=alert(1)> & \" '"


def test_05_special_characters_escaped_in_html_literal_in_pdf_and_docx(
    seed_editions: dict[str, Edition], tmp_path: Path
) -> None:
    fields = {
        "title": f"Title {SPECIAL}",
        "series": f"Series {SPECIAL}",
        "audience": f"Audience {SPECIAL}",
        "body": f"Body {SPECIAL}",
        "sections": [
            {
                "heading": f"Heading {SPECIAL}",
                "problems": [
                    {
                        "id": "p",
                        "description": f"Description {SPECIAL}",
                        "workaround": f"Workaround {SPECIAL}",
                        "fix_date": "TBD",
                    }
                ],
            }
        ],
    }
    contact = {
        "name": f"Name {SPECIAL}",
        "heading": f"Contact {SPECIAL}",
        "hours": f"Hours {SPECIAL}",
        "telephone": [{"number": "1-800-461-9999", "note": f"Note {SPECIAL}"}],
        "tips": [{"heading": f"Tips {SPECIAL}", "items": [f"Tip {SPECIAL}"]}],
    }
    rendered = second_layer(edition_with(seed_editions["en"], fields, contact), tmp_path)
    html = rendered["html"].decode("utf-8")
    assert "<img src=x" not in html
    labels = (
        "Title",
        "Audience",
        "Body",
        "Heading",
        "Description",
        "Workaround",
        "Contact",
        "Hours",
        "Note",
        "Tips",
        "Tip",
    )
    pdf = pdf_text(rendered["pdf"], tmp_path)
    words = docx_text(rendered["docx"])
    for label in labels:
        assert f"{label} &lt;img src=x onerror=alert(1)&gt; &amp; " in html, label
        assert f"{label} {SPECIAL}" in words, label
        assert f"{label} {SPECIAL}".replace(" ", "") in pdf.replace(" ", "").replace("\n", ""), (
            label
        )
    assert f"Title {SPECIAL}" in pdf_info(rendered["pdf"], tmp_path)
    core = docx_part(rendered["docx"], "docProps/core.xml")
    assert "Title &lt;img src=x onerror=alert(1)&gt; &amp; \" '" in core


def test_05_ampersand_and_quotes_build_through_the_cli(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    edit(bulletins_copy, TARGET, "        description: 'Duplicate & \"quoted\" ''requests'''")
    out = tmp_path / "out"
    assert cli("build", str(bulletins_copy), "--out", str(out)).exit_code == 0
    html = (out / SLUG / f"{SLUG}.en.html").read_text(encoding="utf-8")
    assert "Duplicate &amp; &quot;quoted&quot; 'requests'" in html  # markdown-it's escaping
    words = docx_text((out / SLUG / f"{SLUG}.en.docx").read_bytes())
    assert "Duplicate & \"quoted\" 'requests'" in words


# 6. Unicode disguises ----------------------------------------------------------------------

UNICODE = {
    "bidi-in-text": ("Duplicate \u202eelbuod requests", "\u202e", "BB006"),
    "zero-width-in-text": ("Dupli\u200bcate requests", "\u200b", "BB006"),
    "bidi-in-link": ("[form](https://www.cbsa-asfc.gc.ca/\u202ecarm)", "\u202e", "BB006"),
    "zero-width-in-link": ("[form](https://www.cbsa\u200b-asfc.gc.ca/)", "\u200b", "BB006"),
    "percent-bidi-in-link": ("[form](https://www.cbsa-asfc.gc.ca/%E2%80%AE)", "https://", "BB406"),
    "cyrillic-host": ("[form](https://www.cbs\u0430-asfc.gc.ca/)", "www.cbs\u0430", "BB405"),
    "shows-another-address": (
        "[www.cbsa-asfc.gc.ca](https://cbsa-asfc.example.com/)",
        "[www.cbsa",
        "BB404",
    ),
}


@pytest.mark.parametrize("kind", sorted(UNICODE))
def test_06_unicode_disguise_refused(kind: str, bulletins_copy: Path, out: Path) -> None:
    text, needle, code = UNICODE[kind]
    edit(bulletins_copy, TARGET, f"        description: '{text}'")
    field = None if code == "BB006" else TARGET_FIELD  # a character is refused before parsing
    assert_refused(bulletins_copy, out, code, needle, field)


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066"])
def test_06_hidden_character_in_telephone_number_refused(
    char: str, bulletins_copy: Path, out: Path
) -> None:
    contact = "contacts/ccsh.en.md"
    edit(bulletins_copy, "number: 1-800-461-9999", f"number: 1-800-{char}461-9999", contact)
    assert_refused(bulletins_copy, out, "BB006", char, None, contact)


def test_06_hidden_character_written_as_yaml_escape_refused(
    bulletins_copy: Path, out: Path
) -> None:
    edit(bulletins_copy, TARGET, '        description: "Duplicate \\u202eelbuod requests"')
    assert_refused(bulletins_copy, out, "BB006", "\\u202e", TARGET_FIELD)


def test_06_cyrillic_host_in_the_web_form_refused(bulletins_copy: Path, out: Path) -> None:
    contact = "contacts/ccsh.en.md"
    edit(
        bulletins_copy,
        "web_form: https://www.cbsa-asfc",
        "web_form: https://www.cbs\u0430-asfc",
        contact,
    )
    assert_refused(bulletins_copy, out, "BB405", "https://www.cbs", "web_form", contact)


# 7. YAML traps -------------------------------------------------------------------------------

ALIAS_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
)


def test_07_python_tag_refused_and_never_run(
    bulletins_copy: Path, out: Path, tmp_path: Path
) -> None:
    flag = tmp_path / "pwned"
    edit(
        bulletins_copy,
        "title: CARM Client Portal (CCP) – Known Problems",
        f"title: !!python/object/apply:os.system ['touch {flag}']",
    )
    assert_refused(bulletins_copy, out, "BB004", "!!python", None)
    assert not flag.exists()


def test_07_alias_bomb_refused(bulletins_copy: Path, out: Path) -> None:
    assert len(ALIAS_BOMB) <= 320
    edit(bulletins_copy, "contact: ccsh\n", "contact: ccsh\n" + ALIAS_BOMB)
    assert_refused(bulletins_copy, out, "BB005", "&a", None)


def test_07_alias_bomb_is_fast_and_memory_flat_in_a_bounded_process(bulletins_copy: Path) -> None:
    edit(bulletins_copy, "contact: ccsh\n", "contact: ccsh\n" + ALIAS_BOMB)
    script = (
        "import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from bulletin_builder.validate.runner import validate\n"
        f"r = validate([__import__('pathlib').Path({str(bulletins_copy)!r})])\n"
        "print(sorted({d.code for d in r.diagnostics.items}))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=20, check=True
    )
    codes, peak_kb = done.stdout.strip().split("\n")
    assert "BB005" in codes
    assert int(peak_kb) < 150_000  # the bomb is never expanded: memory of an ordinary run


def test_07_duplicate_key_refused(bulletins_copy: Path, out: Path) -> None:
    edit(bulletins_copy, "contact: ccsh\n", "contact: ccsh\ncontact:  ccsh\n")
    found = assert_refused(bulletins_copy, out, "BB003", "contact:  ccsh", None)
    assert "first written at line" in found["message"]


@pytest.mark.parametrize("word", ["NO", "yes", "0777", "12:30", "1.10", "on"])
def test_07_yaml_11_words_stay_text(word: str, bulletins_copy: Path) -> None:
    edit(bulletins_copy, "title: CARM Client Portal (CCP) – Known Problems", f"title: {word}")
    project = load_project(bulletins_copy)
    english = next(f for f in project.bulletins if f.source.path.name == EN)
    assert english.record is not None
    assert english.record.title == word


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ("        fix_date: TBD", "        fix_date: NO", "BB307", "NO"),
        ("date: 2021-07-15", "date: 2021-02-30", "BB105", "2021-02-30"),
        ("        fix_date: TBD", "        fix_date: 2021-02-30", "BB307", "2021-02-30"),
    ],
)
def test_07_yaml_values_that_are_not_dates_refused(
    old: str, new: str, code: str, needle: str, bulletins_copy: Path, out: Path
) -> None:
    edit(bulletins_copy, old, new)
    found = [d for d in diagnostics(bulletins_copy) if d["code"] == code]
    assert found, diagnostics(bulletins_copy)
    result = cli("build", str(bulletins_copy), "--out", str(out))
    assert result.exit_code == 1
    assert f"error {code}" in result.output
    assert needle in found[0]["message"]


# 8. Control characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "needle", "field"),
    [
        ("'Duplicate \x01 requests'", "\x01", None),
        ("'Duplicate \x00 requests'", "\x00", None),
        ("'Duplicate \uffff requests'", "\uffff", None),
        ('"Duplicate \\x1b requests"', "\\x1b", TARGET_FIELD),
        ("'[form](https://www.cbsa-asfc.gc.ca/\x07)'", "\x07", None),
        ('"[form](https://www.cbsa-asfc.gc.ca/\\x07)"', "\\x07", TARGET_FIELD),
    ],
)
def test_08_control_character_refused_at_validation(
    written: str, needle: str, field: str | None, bulletins_copy: Path, out: Path
) -> None:
    edit(bulletins_copy, TARGET, f"        description: {written}")
    assert_refused(bulletins_copy, out, "BB006", needle, field)


def test_08_control_character_only_in_a_link_url_refused(bulletins_copy: Path, out: Path) -> None:
    edit(bulletins_copy, TARGET, "        description: '[form](https://www.cbsa-asfc.gc.ca/%07)'")
    assert_refused(bulletins_copy, out, "BB406", "https://www.cbsa-asfc.gc.ca/%07", TARGET_FIELD)
    contact = "contacts/ccsh.en.md"
    edit(
        bulletins_copy,
        "web_form: https://www.cbsa-asfc.gc.ca/contact/csform-formulaire-sc-eng.html",
        'web_form: "https://www.cbsa-asfc.gc.ca/contact/\\x01"',
        contact,
    )
    assert_refused(bulletins_copy, out, "BB006", "\\x01", "web_form", contact)


def test_08_docx_never_fails_with_a_valueerror(seed_editions: dict[str, Edition]) -> None:
    for fields in ({"title": "T\x01"}, {"body": "[x](https://a.gc.ca/\x0b)"}):
        edition = edition_with(seed_editions["en"], fields)
        with pytest.raises(UnsafeTextError, match="control character"):
            get_renderer("docx").render(edition)


# 9. Pathological sizes -------------------------------------------------------------------------


def _problems(count: int) -> str:
    return "".join(
        f"      - id: p-{i}\n        description: Problem {i}\n"
        f"        workaround: Do this.\n        fix_date: TBD\n"
        for i in range(count)
    )


_PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w', encoding='ascii').write(str(peak))\n"
    "sys.exit(code)\n"
)


def _bounded_build(
    bulletins: Path, out: Path, formats: str = "html,pdf,docx"
) -> tuple[subprocess.CompletedProcess[str], int]:
    """``bulletin build`` in a child process with a time limit; also its peak memory (KB).

    A small wrapper runs the build and writes the largest ``ru_maxrss`` of its own children:
    this process's ``RUSAGE_CHILDREN`` would count every child any earlier test waited for.
    """
    peak = out.parent / f".{out.name}.peak"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _PEAK,
            str(peak),
            sys.executable,
            "-m",
            "bulletin_builder",
            "build",
            str(bulletins),
            "--out",
            str(out),
            "--format",
            formats,
            "-j",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    return done, int(peak.read_text(encoding="ascii"))


def test_09_five_thousand_problems_refused_as_too_large(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    (bulletins_copy / f"{SLUG}.fr.md").unlink()
    text = (bulletins_copy / EN).read_text(encoding="utf-8")
    head = text.split("sections:\n")[0]
    (bulletins_copy / EN).write_text(
        head + "sections:\n  - heading: H\n    problems:\n" + _problems(5000) + "---\n",
        encoding="utf-8",
    )
    done, peak_kb = _bounded_build(bulletins_copy, tmp_path / "out")
    assert done.returncode == 1
    assert (
        "error BB409: the bulletin is too large (5,000 problems, windows and numbered "
        f"paragraphs; at most {MAX_PROBLEMS})" in done.stderr
    )
    assert not (tmp_path / "out").exists()
    assert peak_kb < 400_000


@pytest.mark.parametrize(
    ("block", "item"),
    [
        ("numbered", "      - text: Paragraph.\n"),
        (
            "problem_blocks",
            "  - problem:\n      id: p{n}\n      description: D\n      workaround: W\n"
            "      fix_date: TBD\n",
        ),
    ],
)
def test_09_rows_in_blocks_count_against_the_problem_budget(
    bulletins_copy: Path, block: str, item: str
) -> None:
    """The budget is not walked around by writing the rows as blocks instead of sections."""
    (bulletins_copy / f"{SLUG}.fr.md").unlink()
    head = (bulletins_copy / EN).read_text(encoding="utf-8").split("sections:\n")[0]
    rows = "".join(item.format(n=n) for n in range(MAX_PROBLEMS + 1))
    blocks = "  - numbered:\n" + rows if block == "numbered" else rows
    (bulletins_copy / EN).write_text(head + "blocks:\n" + blocks + "---\n", encoding="utf-8")
    found = [d for d in diagnostics(bulletins_copy) if d["code"] == "BB409"]
    assert [d["message"] for d in found] == [
        f"the bulletin is too large ({MAX_PROBLEMS + 1} problems, windows and numbered "
        f"paragraphs; at most {MAX_PROBLEMS})"
    ]


def test_09_two_megabyte_paragraph_refused(bulletins_copy: Path, out: Path) -> None:
    (bulletins_copy / EN).write_text(
        (bulletins_copy / EN).read_text(encoding="utf-8") + "\n" + "word " * 420_000 + "\n",
        encoding="utf-8",
    )
    before = untouched(out)
    result = cli("build", str(bulletins_copy), "--out", str(out))
    assert result.exit_code == 1
    assert "error BB008: the file is too large" in result.output
    assert untouched(out) == before


def test_09_long_text_refused_as_too_large(bulletins_copy: Path, out: Path) -> None:
    edit(bulletins_copy, TARGET, "        description: " + "word " * 5000 + "end")
    found = assert_refused(bulletins_copy, out, "BB409", "word", TARGET_FIELD)
    assert f"at most {MAX_TEXT:,}" in found["message"]


def test_09_lists_nested_40_deep_refused(bulletins_copy: Path, out: Path) -> None:
    deep = "".join("          " + "  " * i + f"- level {i}\n" for i in range(40))
    edit(bulletins_copy, TARGET, "        description: |\n" + deep.rstrip("\n"))
    found = assert_refused(bulletins_copy, out, "BB409", f"- level {MAX_NESTING}", TARGET_FIELD)
    assert "nested too deep" in found["message"]


def test_09_fifty_thousand_stars_refused(bulletins_copy: Path, out: Path) -> None:
    """Refused by the length of the text; the count of marks is checked with fewer stars."""
    edit(bulletins_copy, TARGET, "        description: '" + "*" * 50_000 + "'")
    found = assert_refused(bulletins_copy, out, "BB409", "'***", TARGET_FIELD)
    assert f"at most {MAX_TEXT:,})" in found["message"]
    edit(bulletins_copy, "*" * 50_000, "*" * (MAX_TEXT - 1))
    found = assert_refused(bulletins_copy, out, "BB409", "'***", TARGET_FIELD)
    assert f"too much markup ({MAX_TEXT - 1:,} of" in found["message"]


@pytest.mark.slow
def test_09_pathological_text_within_budget_renders_bounded(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    emphasis = "*a " * MAX_MARKS  # unclosed emphasis: the classic quadratic case
    brackets = "[" * MAX_MARKS
    stars = "*" * (MAX_MARKS - 1) + " x"
    nested = "\n".join("          " + "  " * i + f"- level {i}" for i in range(MAX_NESTING))
    edit(bulletins_copy, TARGET, f"        description: '{emphasis}'")
    edit(
        bulletins_copy,
        "        description: |\n          I am receiving emails that tell me I have "
        "a notification, but there is no reference to\n          what or who the notification "
        "is for.\n",
        f"        description: '{brackets}'\n",
    )
    text = (bulletins_copy / EN).read_text(encoding="utf-8")
    text = text.replace(
        "      - id: notifications-not-received\n        description: |\n",
        f"      - id: notifications-not-received\n        description: |\n"
        f"{nested}\n          {stars}\n",
        1,
    )
    (bulletins_copy / EN).write_text(text, encoding="utf-8")
    done, peak_kb = _bounded_build(bulletins_copy, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert peak_kb < 600_000
    pdf = (tmp_path / "out" / SLUG / f"{SLUG}.en.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"%%EOF" in pdf[-64:]
    assert f"level {MAX_NESTING - 1}" in docx_text(
        (tmp_path / "out" / SLUG / f"{SLUG}.en.docx").read_bytes()
    )
