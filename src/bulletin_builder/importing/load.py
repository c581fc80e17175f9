"""One input file, read safely: size cap, format by name and content, ZIP bomb guard.

Nothing is read past :data:`MAX_BYTES`; a Word file's ZIP directory is checked (entry count,
declared uncompressed sizes) before python-docx opens it; HTML is parsed, never run.
"""

from __future__ import annotations

import email
import email.policy
import zipfile
from io import BytesIO
from pathlib import Path

from bulletin_builder.errors import BulletinError
from bulletin_builder.importing import inline
from bulletin_builder.importing.blocks import Document

MB = 1024 * 1024
MAX_BYTES = 20 * MB
"""The largest file ``bulletin import`` reads (a bulletin is a few hundred kilobytes)."""
MAX_UNZIPPED = 100 * MB
"""The most a Word file may hold once unzipped (its directory says so before reading)."""
MAX_ENTRIES = 2000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MIME_SUFFIXES = {".eml", ".mht", ".mhtml"}
TEXT_SUFFIXES = {".txt", ".text"}


class ImportFileError(BulletinError):
    """A file that cannot be imported, with the reason; nothing is written."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


def _bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFileError(path, f"cannot read: {exc.strerror}") from None
    if not path.is_file():
        raise ImportFileError(path, "not a file")
    if size > MAX_BYTES:
        raise ImportFileError(
            path,
            f"{size / MB:.0f} MB is too large; bulletin import reads files up to "
            f"{MAX_BYTES // MB} MB",
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while we looked
        raise ImportFileError(path, "too large")
    return data


def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ImportFileError(
                    path, f"a Word file with {len(entries)} parts is not a bulletin"
                )
            total = sum(e.file_size for e in entries)
            if total > MAX_UNZIPPED:
                raise ImportFileError(
                    path,
                    f"unzips to {total // MB} MB (more than {MAX_UNZIPPED // MB} MB); refused",
                )
            if "word/document.xml" not in {e.filename for e in entries}:
                raise ImportFileError(
                    path, "a ZIP file but not a Word document (no word/document.xml)"
                )
    except zipfile.BadZipFile:
        raise ImportFileError(path, "not a valid Word file (the ZIP archive is damaged)") from None


def _kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    head = data[:2048].lstrip().lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(path, "a Word 97-2003 (.doc) file; save it as .docx and import that")
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return "docx"
    if suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in MIME_SUFFIXES or (
        head.startswith((b"mime-version:", b"from:", b"received:", b"return-path:"))
        and b"content-type:" in head
    ):
        return "mime"
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "text"
    raise ImportFileError(
        path, f"unknown kind of file '{suffix}'; import .docx, .html, .eml or .txt"
    )


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(path, "text that is neither UTF-8 nor Windows-1252")


def _mime_html(path: Path, data: bytes) -> bytes:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("html",))
    if body is None:
        raise ImportFileError(path, "a message without an HTML part")
    content = body.get_content()
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def read_document(path: Path) -> Document:
    """The blocks of ``path``, whatever its format; :class:`ImportFileError` if unreadable."""
    data = _bytes(path)
    kind = _kind(path, data)
    inline.notices.clear()
    try:
        if kind == "docx":
            _check_zip(path, data)
            from bulletin_builder.importing.docx_reader import read_docx  # noqa: PLC0415

            document = read_docx(data)
        elif kind in ("html", "mime"):
            from bulletin_builder.importing.html_reader import read_html  # noqa: PLC0415

            if kind == "mime":  # the message's HTML part, already decoded, as UTF-8
                document = read_html(_mime_html(path, data), "utf-8")
            else:
                document = read_html(data)
        else:
            from bulletin_builder.importing.text_reader import read_text  # noqa: PLC0415

            document = read_text(_decode(path, data))
    except ImportFileError:
        raise
    except Exception as exc:  # a library failing on a malformed file, whatever its error
        raise ImportFileError(path, f"could not be read as {kind}: {exc}") from None
    document.notes.extend(dict.fromkeys(inline.notices))
    return document
