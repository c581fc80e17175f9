"""The preview's own pages (index, side-by-side view) from the templates of this package.

These pages carry the reload and scroll script (``static/preview.js``); the bulletin pages
they frame are the published HTML, byte for byte, and stay script-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from bulletin_builder.preview.pipeline import (
    EMAIL_VIEWS,
    LANGUAGE_NAMES,
    LANGUAGE_TAGS,
    Diagnostic,
    as_dict,
    summary,
)
from bulletin_builder.preview.state import Entry, Page, Snapshot

HERE = Path(__file__).resolve().parent
STATIC = {
    "preview.css": ("text/css; charset=utf-8", HERE / "static" / "preview.css"),
    "preview.js": ("text/javascript; charset=utf-8", HERE / "static" / "preview.js"),
}
"""The only files the preview serves from disk: name → (media type, path)."""

VIEW_LABELS = {"html": "HTML", "pdf": "PDF", "email": "E-mail", "email-text": "E-mail (text)"}
"""The switch's name of each view (a format not listed shows in capitals)."""
VSCODE = "vscode://file{path}:{line}:{column}"
"""The default editor link: Visual Studio Code opens the file at the line and column."""


@dataclass(frozen=True)
class DiagnosticView:
    """One diagnostic as the page lists it."""

    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str
    hint: str | None
    source: str | None
    """The line of the file the diagnostic points at, when it is not blank."""
    editor: str | None
    """A link that opens the file at that line in the writer's editor (None: no link)."""


def editor_link(template: str, d: Diagnostic) -> str | None:
    """``template`` filled with the file's absolute path, line and column ('' means no link).

    ``{path}`` starts with '/': ``/home/writer/bulletins/x.fr.md``, ``/C:/bulletins/x.fr.md``.
    """
    if not template:
        return None
    absolute = d.location.path.resolve().as_posix()
    path = quote(absolute if absolute.startswith("/") else "/" + absolute, safe="/:")
    return template.format(path=path, line=d.location.line, column=d.location.column)


def diagnostic_view(d: Diagnostic, snapshot: Snapshot, editor: str) -> DiagnosticView:
    fields = as_dict(d)
    lines = snapshot.lines.get(d.location.path, [])
    line = d.location.line
    source = lines[line - 1] if 0 < line <= len(lines) and lines[line - 1].strip() else None
    return DiagnosticView(
        fields["path"],
        line,
        d.location.column,
        d.code,
        fields["severity"],
        d.message,
        d.hint,
        source,
        editor_link(editor, d),
    )


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        language_names=LANGUAGE_NAMES, language_tags=LANGUAGE_TAGS, view_labels=VIEW_LABELS
    )
    return env


def _diagnostics(
    items: tuple[Diagnostic, ...] | list[Diagnostic], snapshot: Snapshot, editor: str
) -> list[DiagnosticView]:
    return [diagnostic_view(d, snapshot, editor) for d in items]


def index_page(snapshot: Snapshot, editor: str) -> str:
    """The list of bulletins with each one's validation state, and every diagnostic."""
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            snapshot=snapshot,
            entries=sorted(snapshot.entries.values(), key=lambda e: e.slug),
            diagnostics=_diagnostics(snapshot.diagnostics, snapshot, editor),
            summary=summary(list(snapshot.diagnostics), snapshot.files),
        )
    )


def frame_src(page: Page, fmt: str, snapshot: Snapshot) -> str | None:
    """Where a column's frame loads its page from (the content key makes it change on save).

    An e-mail holds every language of its bulletin: its key is the message's own, which
    changes when any of them does.
    """
    if page.key is None:
        return None
    message = snapshot.emails.get((page.slug, page.language)) if fmt in EMAIL_VIEWS else None
    version = (message.key if message else page.key)[:16]
    return f"/page/{quote(page.slug)}/{quote(page.slug)}.{page.language}.{fmt}?v={version}"


def bulletin_page(
    snapshot: Snapshot, entry: Entry, shown: dict[str, str], views: tuple[str, ...], editor: str
) -> str:
    """The side-by-side view of one bulletin; ``shown`` is language → format in each column."""
    columns = [
        {
            "page": page,
            "format": shown[language],
            "src": frame_src(page, shown[language], snapshot),
            "errors": _diagnostics(page.errors, snapshot, editor),
            "switch": [(fmt, _query(shown, language, fmt)) for fmt in views],
        }
        for language, page in sorted(entry.pages.items(), key=lambda item: item[0] != "en")
    ]
    return (
        environment()
        .get_template("bulletin.html.j2")
        .render(
            snapshot=snapshot,
            entry=entry,
            columns=columns,
            diagnostics=_diagnostics(snapshot.diagnostics, snapshot, editor),
            summary=summary(list(snapshot.diagnostics), snapshot.files),
        )
    )


def _query(shown: dict[str, str], language: str, fmt: str) -> str:
    """The query string that shows ``fmt`` in ``language``'s column and keeps the others."""
    wanted = {**shown, language: fmt}
    return "?" + "&".join(f"{lang}={f}" for lang, f in sorted(wanted.items()) if f != "html")
