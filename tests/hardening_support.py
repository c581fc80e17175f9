"""Helpers of the hardening tests: hostile edits, output hashes, CLI runs, output inspection."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
from click.testing import CliRunner, Result

from bulletin_builder.cli import main
from bulletin_builder.markdown import SAFE_SCHEMES, link_scheme
from bulletin_builder.model.convert import from_data
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin, Contact
from bulletin_builder.render import get_renderer

SLUG = "carm-2021-07-15"
EN = f"{SLUG}.en.md"
ALL = ("html", "pdf", "docx")
TARGET = "        description: Duplicate relationship requests"
"""A one-line description of the seed (sections[1].problems[1]) that hostile edits replace."""
TARGET_FIELD = "sections[1].problems[1].description"


def untouched(out: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``out`` with its sha256, inode and modification time.

    Builds are deterministic, so a file rewritten with the same bytes keeps its hash; the
    inode (a rename replaces it) and the time tell whether anything was written at all.
    """
    snapshot = {}
    for p in sorted(out.rglob("*")):
        if p.is_file():
            stat = p.stat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
            snapshot[str(p.relative_to(out))] = (digest, stat.st_ino, stat.st_mtime_ns)
    return snapshot


def hashes(out: Path) -> dict[str, str]:
    """sha256 of every file under ``out`` (relative path → digest)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def temp_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.tmp"))


def edit(root: Path, old: str, new: str, name: str = EN) -> None:
    """Replace the first ``old`` by ``new`` in ``root/name`` (which must contain it)."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def where(root: Path, needle: str, name: str = EN) -> tuple[int, int]:
    """The 1-based line and column of ``needle`` in the file, as a diagnostic must give them."""
    for number, line in enumerate((root / name).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not found in {name}")


def diagnostics(root: Path) -> list[dict[str, Any]]:
    """Every diagnostic of ``bulletin validate --format json`` on ``root``."""
    result = cli("validate", str(root), "--format", "json")
    report: dict[str, Any] = json.loads(result.stdout)
    found: list[dict[str, Any]] = report["diagnostics"]
    return found


def assert_refused(
    root: Path,
    out: Path,
    code: str,
    needle: str,
    field: str | None,
    name: str = EN,
) -> dict[str, Any]:
    """``code`` at the needle's line and column and ``field``; the build exits 1, writes nothing.

    ``out`` holds a previous build; its files must stay byte-identical.
    """
    before = untouched(out)
    line, column = where(root, needle, name)
    found = [d for d in diagnostics(root) if d["code"] == code and d["path"].endswith(name)]
    assert found, f"no {code} in {name}: {diagnostics(root)}"
    first = found[0]
    assert (first["line"], first["column"], first["field"]) == (line, column, field), first
    result = cli("build", str(root), "--out", str(out), "--format", ",".join(ALL), "--force")
    assert result.exit_code == 1, result.output
    assert f"{name}:{line}:{column}: error {code}:" in result.output
    assert "Traceback" not in result.output
    assert untouched(out) == before
    assert temp_files(out) == []
    return first


def edition_with(
    edition: Edition, bulletin: dict[str, Any] | None = None, contact: dict[str, Any] | None = None
) -> Edition:
    """``edition`` with fields replaced, built from plain data (field checks only, no rules)."""
    data = {k: v for k, v in edition.bulletin.model_dump().items() if v is not None}
    people = edition.contact.model_dump()
    return dataclasses.replace(
        edition,
        bulletin=from_data(Bulletin, {**data, **(bulletin or {})}),
        contact=from_data(Contact, {**people, **(contact or {})}),
    )


def render_all(edition: Edition) -> dict[str, bytes]:
    return {fmt: get_renderer(fmt).render(edition) for fmt in ALL}


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes followed by every Flate stream inflated (object streams included)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_uris(data: bytes) -> list[str]:
    return [m.decode("latin-1") for m in re.findall(rb"/URI ?\(([^)]*)\)", pdf_objects(data))]


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def pdf_info(data: bytes, folder: Path) -> str:
    path = folder / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def docx_text(data: bytes) -> str:
    """Every paragraph of the body and of its tables (nested ones too), in order."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    while cells:
        cell = cells.pop(0)
        texts.extend(p.text for p in cell.paragraphs)
        cells.extend(c for t in cell.tables for r in t.rows for c in r.cells)
    return "\n".join(texts)


def docx_targets(data: bytes) -> list[str]:
    rels = docx_part(data, "word/_rels/document.xml.rels")
    return re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels)


def unsafe(url: str) -> bool:
    """A link target a reader could be harmed by (not https, http, mailto or tel)."""
    scheme = link_scheme(url)
    return scheme is not None and scheme not in SAFE_SCHEMES


def squeezed(text: str) -> str:
    """Text without whitespace or bullets: where a line wraps is not content."""
    return re.sub(r"[\s•\u00a0\u202f]+", "", text).casefold()
