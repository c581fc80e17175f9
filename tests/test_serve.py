"""``bulletin serve`` as a writer meets it: a real server, and Debian's Chromium driving it."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser
from bulletin_builder.preview.server import allowed_hosts, host_warning, is_loopback
from conftest import SEED_BULLETINS
from serve_support import Server, running, stop

SLUG = "carm-2021-07-15"
GOOD_DATE = "        fix_date: 2021-07-31"
BAD_DATE = "        fix_date: 2021-07-30"
FR_FRAME = "#frame-fr"
ROW = "#problem-duplicate-relationship-requests .description"
WAIT_MS = 10_000
"""Bound of every wait in the browser; the speed target itself is measured in bench/."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: relative path → (size, modification time)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def server(bulletins_copy: Path, tmp_path: Path) -> Iterator[Server]:
    """A preview of a private copy of the seed, which the test may edit."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with running(bulletins_copy, cwd) as started:
        yield started
    assert list(cwd.iterdir()) == [], "the preview wrote into its working folder"


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One preview of the seed shared by the tests that only read from it."""
    folder = tmp_path_factory.mktemp("seed") / "bulletins"
    shutil.copytree(SEED_BULLETINS, folder)
    with running(folder, folder.parent) as started:
        yield started


# The server, over plain HTTP ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e%2fpipeline.py",
        "/static/..%2F..%2Fcli.py",
        f"/page/{SLUG}/..%2F..%2F..%2Fetc%2Fpasswd",
        f"/page/{SLUG}/{SLUG}.fr.md",
        f"/page/{SLUG}/{SLUG}.fr.docx",
        f"/page/{SLUG}/{SLUG}.fr.eml",
        f"/page/{SLUG}/{SLUG}.fr.email.txt",
        "/page/no-such-bulletin/no-such-bulletin.fr.email",
        f"/page/{SLUG}/../{SLUG}.fr.md",
        "/b/..%2Fcontacts",
        "/bulletins.toml",
    ],
)
def test_only_the_previews_own_pages_are_served(seed_server: Server, path: str) -> None:
    assert seed_server.get(path).status == 404


def test_a_foreign_host_header_is_refused(seed_server: Server) -> None:
    assert seed_server.get("/", host="evil.example").status == 400
    assert seed_server.get("/", host=f"rebind.example:{seed_server.port}").status == 400
    assert seed_server.get("/", host=f"localhost:{seed_server.port}").status == 200
    assert seed_server.get("/").status == 200


def test_pages_carry_their_content_security_policy(seed_server: Server) -> None:
    shell = seed_server.get(f"/b/{SLUG}")
    assert shell.status == 200
    assert "script-src 'self'" in shell.headers["content-security-policy"]
    page = seed_server.get(f"/page/{SLUG}/{SLUG}.fr.html")
    assert page.status == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy


def test_the_pdf_view_is_the_pdf(seed_server: Server) -> None:
    reply = seed_server.get(f"/page/{SLUG}/{SLUG}.fr.pdf")
    assert (reply.status, reply.headers["content-type"]) == (200, "application/pdf")
    assert reply.body.startswith(b"%PDF-")


def test_the_email_views_are_script_free_pages_and_text(seed_server: Server) -> None:
    html = seed_server.get(f"/page/{SLUG}/{SLUG}.en.email")
    assert (html.status, html.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "script-src" not in html.headers["content-security-policy"]
    assert b"<script" not in html.body.lower()
    assert "La version française suit".encode() in html.body
    text = seed_server.get(f"/page/{SLUG}/{SLUG}.fr.email-text")
    assert (text.status, text.headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert text.body.startswith(b"(English follows)")


def test_a_save_right_after_the_address_is_printed_is_seen(
    server: Server, bulletins_copy: Path
) -> None:
    edit(bulletins_copy / f"{SLUG}.fr.md", GOOD_DATE, BAD_DATE)
    deadline = time.monotonic() + WAIT_MS / 1000
    while b"BB204" not in server.get("/").body:
        assert time.monotonic() < deadline, "the save was never seen"
        time.sleep(0.1)


def test_ctrl_c_stops_it_cleanly_with_a_page_listening(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    with running(bulletins_copy, tmp_path) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", "/events")
            events = conn.getresponse()
            first = events.readline() + events.readline()
            assert b'"version": 2' in first  # the start-up checks, before and after watching
            started = time.monotonic()
            assert stop(server.process) == 0
            assert time.monotonic() - started < 5
        finally:
            conn.close()
    assert server.output[-1].strip() == "Stopped."
    assert not any("Traceback" in line for line in server.output)


def test_the_command_line_loads_no_server_until_it_serves() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from bulletin_builder.cli import main;"
        "result = CliRunner().invoke(main, ['serve', '--help']); assert result.exit_code == 0;"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'watchfiles') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_it_listens_on_this_machine_only_unless_told() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert "192.0.2.7" in allowed_hosts("192.0.2.7")


def test_it_serves_the_interface_asked_for_only(seed_server: Server) -> None:
    assert seed_server.host == "127.0.0.1"
    conn = http.client.HTTPConnection("127.0.0.2", seed_server.port, timeout=5)
    with pytest.raises(ConnectionRefusedError):
        conn.request("GET", "/")
    conn.close()


def test_another_interface_is_served_when_asked(bulletins_copy: Path, tmp_path: Path) -> None:
    with running(bulletins_copy, tmp_path, "--host", "127.0.0.2") as server:
        assert server.host == "127.0.0.2"
        assert server.get("/", host=f"127.0.0.2:{server.port}").status == 200
        assert server.get("/", host="evil.example").status == 400
    assert not any("warning" in line for line in server.output)


def test_serving_beyond_this_machine_prints_a_warning() -> None:
    assert host_warning("127.0.0.1") is None
    assert host_warning("localhost") is None
    assert (host_warning("0.0.0.0") or "").startswith("warning: serving on every interface:")
    assert (host_warning("192.0.2.7") or "").startswith("warning: serving on 192.0.2.7:")


# In Chromium ------------------------------------------------------------------------------


@pytest.mark.validator
def test_a_writer_edits_breaks_and_fixes_the_french_file(
    server: Server, bulletins_copy: Path, tmp_path: Path
) -> None:
    french = bulletins_copy / f"{SLUG}.fr.md"
    before = tree(bulletins_copy)
    with Browser(server.url) as browser:
        browser.call("goto", url=f"{server.url}b/{SLUG}")
        browser.wait(ROW, "Demandes de relation", frame=FR_FRAME, timeout_ms=WAIT_MS)
        # An edit shows in the French column.
        edit(french, "Demandes de relation", "Requêtes de relation")
        browser.wait(ROW, "Requêtes de relation", frame=FR_FRAME, timeout_ms=WAIT_MS)
        # A mistake: the error with its code and line over the last good render.
        edit(french, GOOD_DATE, BAD_DATE)
        overlay = browser.wait("#overlay-fr", "BB204", timeout_ms=WAIT_MS) or ""
        assert f"{SLUG}.fr.md:92:19" in overlay
        assert "fix date differs from English (2021-07-31)" in overlay
        assert "hint: write fix_date: 2021-07-31" in overlay
        link = browser.call("attr", selector="#overlay-fr a.open", name="href")["value"]
        assert link == f"vscode://file{french.resolve().as_posix()}:92:19"
        assert "BB204" in (browser.wait("#folder-diagnostics", "BB204") or "")
        assert browser.call("text", selector="#overlay-en")["text"].strip() == ""
        browser.call("click", selector="#folder-details > summary")  # the writer folds the list
        version = _version(browser)
        edit(french, "Requêtes de relation", "Requêtes en double")  # while still broken
        _wait_version(browser, version + 1)
        time.sleep(0.5)  # time enough for a wrong reload to show
        assert browser.call("eval", expression=FOLDED)["value"] is True
        shown = browser.call("text", selector=ROW, frame=FR_FRAME)["text"]
        assert "Requêtes de relation" in shown
        browser.call("screenshot", path=str(tmp_path / "broken.png"))
        # Fixed: the error goes and the column shows the file as saved.
        edit(french, BAD_DATE, GOOD_DATE)
        browser.wait("#overlay-fr", "BB204", absent=True, timeout_ms=WAIT_MS)
        browser.wait(ROW, "Requêtes en double", frame=FR_FRAME, timeout_ms=WAIT_MS)
        browser.wait("#folder-diagnostics", "No problems in the folder", timeout_ms=WAIT_MS)
        assert browser.call("errors")["errors"] == []
    assert set(tree(bulletins_copy)) == set(before), "the preview wrote into the bulletins folder"


@pytest.mark.validator
def test_the_preview_pages_pass_axe(server: Server, bulletins_copy: Path) -> None:
    edit(bulletins_copy / f"{SLUG}.fr.md", GOOD_DATE, BAD_DATE)
    with Browser(server.url) as browser:
        browser.call("goto", url=server.url)
        browser.wait("#folder-diagnostics", "BB204", timeout_ms=WAIT_MS)
        assert browser.call("axe")["violations"] == []
        browser.call("goto", url=f"{server.url}b/{SLUG}")
        browser.wait(ROW, "Demandes de relation", frame=FR_FRAME, timeout_ms=WAIT_MS)
        browser.wait("#overlay-fr", "BB204", timeout_ms=WAIT_MS)
        violations = browser.call("axe")["violations"]
        assert violations == [], json.dumps(violations, indent=1)[:3000]
        assert browser.call("errors")["errors"] == []


FOLDED = "!document.getElementById('folder-details').open"


def _version(browser: Browser) -> int:
    return int(browser.call("eval", expression="document.body.dataset.version")["value"])


def _wait_version(browser: Browser, version: int) -> None:
    """Wait until the page has swapped in the snapshot ``version`` (or a later one)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while _version(browser) < version:
        assert time.monotonic() < deadline, f"the page never reached version {version}"
        time.sleep(0.05)


def _row_top(browser: Browser, language: str, row: str) -> float:
    expression = (
        f"document.querySelector('#frame-{language}').contentDocument"
        f".getElementById('{row}').getBoundingClientRect().top"
    )
    value: float = browser.call("eval", expression=expression)["value"]
    return value


@pytest.mark.validator
def test_the_columns_scroll_together_row_by_row(seed_server: Server) -> None:
    with Browser(seed_server.url) as browser:
        browser.call("goto", url=f"{seed_server.url}b/{SLUG}")
        browser.wait(ROW, "Demandes", frame=FR_FRAME, timeout_ms=WAIT_MS)
        row = "problem-duplicate-relationship-requests"
        assert _row_top(browser, "fr", row) > 300
        browser.call("scroll", frame="#frame-en", id=row)
        deadline = time.monotonic() + WAIT_MS / 1000
        while abs(_row_top(browser, "fr", row)) > 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert abs(_row_top(browser, "en", row)) <= 2
        assert abs(_row_top(browser, "fr", row)) <= 2


@pytest.mark.validator
def test_a_narrow_screen_puts_french_under_english(seed_server: Server, tmp_path: Path) -> None:
    with Browser(seed_server.url) as browser:
        browser.call("viewport", width=600, height=900)
        browser.call("goto", url=f"{seed_server.url}b/{SLUG}")
        box = "document.querySelector('#frame-{}').getBoundingClientRect().{}"
        en_bottom = browser.call("eval", expression=box.format("en", "bottom"))["value"]
        fr_top = browser.call("eval", expression=box.format("fr", "top"))["value"]
        assert fr_top >= en_bottom
        browser.call("screenshot", path=str(tmp_path / "narrow.png"))


@pytest.mark.validator
def test_the_pdf_switch_shows_the_pdf_of_that_language(seed_server: Server) -> None:
    with Browser(seed_server.url) as browser:
        browser.call("goto", url=f"{seed_server.url}b/{SLUG}")
        browser.call("click", selector="#head-fr a:text-is('PDF')")
        src = browser.call("attr", selector=FR_FRAME, name="src")["value"]
        assert src.startswith(f"/page/{SLUG}/{SLUG}.fr.pdf?v=")
        en = browser.call("attr", selector="#frame-en", name="src")["value"]
        assert ".en.html?v=" in en
        fetched = browser.call(
            "eval",
            expression=f"fetch('{src}').then(async r => [r.status, r.headers.get('content-type'),"
            " new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))])",
        )["value"]
        assert fetched == [200, "application/pdf", "%PDF-"]
        viewer = "document.querySelector('#frame-fr').contentDocument?.contentType ?? null"
        deadline = time.monotonic() + 60  # the first PDF of a server is rendered now
        while browser.call("eval", expression=viewer)["value"] in (None, "text/html"):
            assert time.monotonic() < deadline, "Chromium showed no PDF in the French column"
            time.sleep(0.2)
        assert browser.call("eval", expression=viewer)["value"] == "application/pdf"
        assert browser.call("errors")["errors"] == []


EN_TITLE = "CARM Client Portal (CCP) – Known Problems"
EMAIL_BODY = "body"


@pytest.mark.validator
def test_the_email_switch_shows_the_email_edition(
    server: Server, bulletins_copy: Path, tmp_path: Path
) -> None:
    before = tree(bulletins_copy)
    with Browser(server.url) as browser:
        browser.call("goto", url=f"{server.url}b/{SLUG}")
        browser.call("click", selector="#head-en a:text-is('E-mail')")
        src = browser.call("attr", selector="#frame-en", name="src")["value"]
        assert src.startswith(f"/page/{SLUG}/{SLUG}.en.email?v=")
        shown = browser.wait(EMAIL_BODY, "La version française suit", frame="#frame-en") or ""
        assert "CARM 2021-07-15" in shown
        assert EN_TITLE in shown
        assert "Duplicate relationship requests" in shown
        browser.call("click", selector="#head-fr a:text-is('E-mail')")
        assert "English follows" in (
            browser.wait(EMAIL_BODY, "CARM 2021-07-15", frame=FR_FRAME) or ""
        )
        violations = browser.call("axe")["violations"]
        assert violations == [], json.dumps(violations, indent=1)[:3000]
        browser.call("screenshot", path=str(tmp_path / "email.png"))
        # An English save changes the French-first e-mail too (it carries both languages).
        edit(bulletins_copy / f"{SLUG}.en.md", "Duplicate relationship", "Repeated relationship")
        browser.wait(EMAIL_BODY, "Repeated relationship", frame=FR_FRAME, timeout_ms=WAIT_MS)
        browser.wait(EMAIL_BODY, "Repeated relationship", frame="#frame-en", timeout_ms=WAIT_MS)
        # The plain-text part, from the switch beside it.
        browser.call("click", selector="#head-fr a:text-is('E-mail (text)')")
        src = browser.call("attr", selector=FR_FRAME, name="src")["value"]
        assert src.startswith(f"/page/{SLUG}/{SLUG}.fr.email-text?v=")
        text = browser.wait(EMAIL_BODY, "(English follows)", frame=FR_FRAME) or ""
        assert "Message number: CARM 2021-07-15" in text
        assert "Repeated relationship requests" in text
        assert browser.call("errors")["errors"] == []
    assert set(tree(bulletins_copy)) == set(before), "the preview wrote into the bulletins folder"
