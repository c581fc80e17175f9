"""The publisher named in bulletins.toml signs every output: page, PDF footer, feeds, e-mail."""

from __future__ import annotations

import email
import shutil
import subprocess
from email.message import Message
from pathlib import Path

import pytest

from publish_support import ROOT, publish_build

pytestmark = pytest.mark.slow  # a whole build with PDFs

SLUG = "carm-2021-07-15"
NAMES = {"en": "Test Publishing Office", "fr": "Bureau de publication d'essai"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("publisher")
    folder = root / "bulletins"
    shutil.copytree(ROOT / "bulletins", folder)
    config = folder / "bulletins.toml"
    table = f'[publisher]\nen = "{NAMES["en"]}"\nfr = "{NAMES["fr"]}"\n\n'
    config.write_text(table + config.read_text(encoding="utf-8"), encoding="utf-8")
    publish_build(folder, root / "build")
    return root / "build"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_and_the_pdf_name_the_publisher(built: Path, lang: str) -> None:
    page = (built / SLUG / f"{SLUG}.{lang}.html").read_text(encoding="utf-8")
    assert f'<meta name="author" content="{NAMES[lang]}' in page.replace("&#39;", "'")
    pdf = built / SLUG / f"{SLUG}.{lang}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert NAMES[lang] in text.replace("\u2019", "'")
    assert "Canada Border Services Agency" not in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_feed_names_the_publisher(built: Path, lang: str) -> None:
    feed = (built / "feeds" / f"{lang}.atom").read_text(encoding="utf-8")
    assert f"<name>{NAMES[lang]}</name>" in feed.replace("&apos;", "'").replace("&#39;", "'")


def test_the_email_names_the_publisher(built: Path) -> None:
    message = email.message_from_bytes((built / SLUG / f"{SLUG}.en.eml").read_bytes())
    parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    assert len(parts) == 1
    html = _decoded(parts[0])
    assert NAMES["en"] in html
    assert "Canada Border Services Agency" not in html


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8").replace("&#39;", "'")
