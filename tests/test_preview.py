"""The preview's state: one render per changed bulletin, the last good render kept on errors."""

from __future__ import annotations

import email
import re
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from bulletin_builder.preview import pages
from bulletin_builder.preview.app import media_type
from bulletin_builder.preview.pipeline import views
from bulletin_builder.preview.state import Preview
from bulletin_builder.render import get_renderer
from bulletin_builder.validate.runner import load_editions
from publish_support import publish_build

SLUG = "carm-2021-07-15"
OTHER = "carm-2021-07-22"
GOOD_DATE = "        fix_date: 2021-07-31"
BAD_DATE = "        fix_date: 2021-07-30"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def two_bulletins(bulletins_copy: Path) -> Path:
    """The seed and a second edition of it, a week later."""
    for lang in ("en", "fr"):
        text = (bulletins_copy / f"{SLUG}.{lang}.md").read_text(encoding="utf-8")
        text = text.replace("CARM 2021-07-15", "CARM 2021-07-22")
        text = text.replace("date: 2021-07-15", "date: 2021-07-22")
        (bulletins_copy / f"{OTHER}.{lang}.md").write_text(text, encoding="utf-8")
    return bulletins_copy


def test_a_save_renders_the_bulletin_it_changed_only(two_bulletins: Path) -> None:
    preview = Preview([two_bulletins])
    first = preview.refresh()
    assert sorted(preview.cache.rendered) == [
        (slug, lang, "html") for slug in (SLUG, OTHER) for lang in ("en", "fr")
    ]
    assert first.diagnostics == ()
    preview.cache.rendered.clear()
    edit(two_bulletins / f"{OTHER}.fr.md", "Demandes de relation", "Requêtes de relation")
    second = preview.refresh()
    assert preview.cache.rendered == [(OTHER, "fr", "html")]
    assert second.changed == {OTHER}
    assert second.entries[SLUG].pages["fr"].key == first.entries[SLUG].pages["fr"].key
    html = preview.output(OTHER, "fr", "html")
    assert html is not None
    assert "Requêtes de relation".encode() in html


def test_nothing_changed_renders_nothing(two_bulletins: Path) -> None:
    preview = Preview([two_bulletins])
    preview.refresh()
    preview.cache.rendered.clear()
    assert preview.refresh().changed == frozenset()
    assert preview.cache.rendered == []


def test_an_invalid_save_keeps_the_last_good_render_until_fixed(bulletins_copy: Path) -> None:
    preview = Preview([bulletins_copy])
    good = preview.refresh().entries[SLUG].pages["fr"]
    shown = preview.output(SLUG, "fr", "html")
    edit(bulletins_copy / f"{SLUG}.fr.md", GOOD_DATE, BAD_DATE)
    broken = preview.refresh().entries[SLUG].pages["fr"]
    assert not broken.current
    assert broken.key == good.key
    assert preview.output(SLUG, "fr", "html") == shown
    assert [(d.code, d.location.line, d.location.column) for d in broken.errors] == [
        ("BB204", 92, 19)
    ]
    assert preview.snapshot.entries[SLUG].pages["en"].current
    edit(bulletins_copy / f"{SLUG}.fr.md", BAD_DATE, GOOD_DATE)
    fixed = preview.refresh().entries[SLUG].pages["fr"]
    assert fixed.current
    assert fixed.errors == []
    assert fixed.key == good.key


def test_a_file_never_valid_has_no_render_and_a_placeholder(bulletins_copy: Path) -> None:
    edit(bulletins_copy / f"{SLUG}.fr.md", "language: fr", "language: de")
    preview = Preview([bulletins_copy])
    snapshot = preview.refresh()
    page = snapshot.entries[SLUG].pages["fr"]
    assert page.key is None
    assert page.errors
    assert preview.output(SLUG, "fr", "html") is None
    entry = snapshot.entries[SLUG]
    html = pages.bulletin_page(snapshot, entry, {"en": "html", "fr": "html"}, ("html",), "")
    assert 'id="frame-fr" class="page placeholder"' in html
    assert 'iframe id="frame-en"' in html


def test_a_broken_contact_block_marks_every_page_that_uses_it(bulletins_copy: Path) -> None:
    preview = Preview([bulletins_copy])
    preview.refresh()
    edit(bulletins_copy / "contacts" / "ccsh.fr.md", "1-800-461-9999", "1-800-461-9998")
    entry = preview.refresh().entries[SLUG]
    assert [d.code for d in entry.pages["fr"].errors] == ["BB206"]
    assert not entry.pages["fr"].current
    assert entry.pages["fr"].key is not None  # the last good render stays on show
    assert entry.pages["en"].current


def test_the_preview_shows_the_published_page_byte_for_byte(bulletins_copy: Path) -> None:
    preview = Preview([bulletins_copy])
    preview.refresh()
    (edition,) = (e for e in load_editions([bulletins_copy]) if e.language == "fr")
    published = get_renderer("html").render(edition)
    assert preview.output(SLUG, "fr", "html") == published
    assert b"<script" not in published.lower()


def test_a_pdf_is_rendered_once_per_content(bulletins_copy: Path) -> None:
    preview = Preview([bulletins_copy])
    preview.refresh()
    pdf = preview.output(SLUG, "en", "pdf")
    assert pdf is not None
    assert pdf.startswith(b"%PDF-")
    assert preview.output(SLUG, "en", "pdf") == pdf
    assert [r for r in preview.cache.rendered if r[2] == "pdf"] == [(SLUG, "en", "pdf")]


def test_editor_links_open_the_file_at_the_line(bulletins_copy: Path) -> None:
    edit(bulletins_copy / f"{SLUG}.fr.md", GOOD_DATE, BAD_DATE)
    preview = Preview([bulletins_copy])
    snapshot = preview.refresh()
    (diagnostic,) = snapshot.diagnostics
    view = pages.diagnostic_view(diagnostic, snapshot, pages.VSCODE)
    path = (bulletins_copy / f"{SLUG}.fr.md").resolve().as_posix()
    assert view.editor == f"vscode://file{path}:92:19"
    assert view.source == BAD_DATE
    assert view.hint == "write fix_date: 2021-07-31"
    assert pages.diagnostic_view(diagnostic, snapshot, "").editor is None


def _eml_part(folder: Path, tmp_path: Path, lang: str, subtype: str) -> str:
    """The ``subtype`` part of the ``.eml`` that ``bulletin build`` writes for ``lang``."""
    out = tmp_path / "site"
    publish_build(folder, out, ("html",))
    data = (out / SLUG / f"{SLUG}.{lang}.eml").read_bytes()
    part = email.message_from_bytes(data, policy=default).get_body((subtype,))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def test_the_email_switch_is_offered_in_every_column(bulletins_copy: Path) -> None:
    assert views() == ("html", "pdf", "email", "email-text")
    preview = Preview([bulletins_copy])
    snapshot = preview.refresh()
    entry = snapshot.entries[SLUG]
    html = pages.bulletin_page(snapshot, entry, {"en": "html", "fr": "email"}, views(), "")
    assert '<a href="?fr=email" aria-current="page">E-mail</a>' in html
    assert '<a href="?en=email-text&amp;fr=email">E-mail (text)</a>' in html
    assert '<a href="?">HTML</a>' in html  # back to the HTML of the French column
    assert f"/page/{SLUG}/{SLUG}.fr.email?v=" in html


@pytest.mark.parametrize(
    ("lang", "follows"), [("en", "La version française suit"), ("fr", "English follows")]
)
def test_the_email_views_are_the_parts_of_the_built_email(
    bulletins_copy: Path, tmp_path: Path, lang: str, follows: str
) -> None:
    preview = Preview([bulletins_copy])
    preview.refresh()
    html = preview.output(SLUG, lang, "email")
    text = preview.output(SLUG, lang, "email-text")
    assert html is not None
    assert text is not None
    assert html.decode() == _eml_part(bulletins_copy, tmp_path, lang, "html")
    assert text.decode() == _eml_part(bulletins_copy, tmp_path, lang, "plain")
    assert follows in html.decode()
    assert text.decode().startswith(f"({follows})")
    assert b"<script" not in html.lower()
    assert media_type("email") == "text/html; charset=utf-8"
    assert media_type("email-text") == "text/plain; charset=utf-8"


def test_an_email_is_made_once_per_content_and_follows_both_languages(
    bulletins_copy: Path,
) -> None:
    preview = Preview([bulletins_copy])
    before = preview.refresh()
    first = preview.output(SLUG, "fr", "email")
    assert first is not None
    assert preview.output(SLUG, "fr", "email-text") is not None
    assert preview.output(SLUG, "fr", "email") == first
    assert preview.mail.made == [(SLUG, "fr")]
    # The French-first message holds the English bulletin too: an English save changes it,
    # and the French column's e-mail frame gets a new address, so the page reloads it.
    edit(bulletins_copy / f"{SLUG}.en.md", "Duplicate relationship", "Repeated relationship")
    after = preview.refresh()
    assert after.entries[SLUG].pages["fr"].key == before.entries[SLUG].pages["fr"].key
    changed = preview.output(SLUG, "fr", "email")
    assert changed is not None
    assert b"Repeated relationship" in changed
    assert b"Repeated relationship" not in first
    assert preview.mail.made == [(SLUG, "fr"), (SLUG, "fr")]
    shown = {"en": "html", "fr": "email"}
    old_page = pages.bulletin_page(before, before.entries[SLUG], shown, views(), "")
    new_page = pages.bulletin_page(after, after.entries[SLUG], shown, views(), "")
    src = re.compile(r'id="frame-fr"[^>]* src="([^"]+)"')
    old_src, new_src = src.findall(old_page), src.findall(new_page)
    assert len(old_src) == len(new_src) == 1
    assert old_src != new_src
    assert new_src[0].startswith(f"/page/{SLUG}/{SLUG}.fr.email?v=")


def test_an_invalid_save_keeps_the_last_good_email(bulletins_copy: Path) -> None:
    preview = Preview([bulletins_copy])
    preview.refresh()
    shown = preview.output(SLUG, "en", "email")
    edit(bulletins_copy / f"{SLUG}.fr.md", GOOD_DATE, BAD_DATE)
    preview.refresh()
    assert preview.output(SLUG, "en", "email") == shown
    assert preview.output("no-such-bulletin", "en", "email") is None
