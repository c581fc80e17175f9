"""``build/index.html``: one bilingual page listing every bulletin and its outputs.

Links are relative to ``build/``: ``<slug>/<slug>.<lang>.<fmt>``. The page uses the same
house style as the bulletins (inlined) and is checked for accessibility like them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.render.html import environment, inline_styles
from bulletin_builder.render.locale import catalog

FORMATS = ("html", "pdf", "docx")
"""The outputs linked for each edition, in this order."""

MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class IndexRow:
    """One bulletin (all its languages) as a row of the index."""

    slug: str
    message_number: str
    date: str
    editions: dict[str, Edition] = field(default_factory=dict)

    @property
    def titles(self) -> dict[str, str]:
        """Each language's title, French typography applied."""
        return {lang: typeset(e.bulletin.title, lang) for lang, e in self.editions.items()}


def index_rows(editions: Sequence[Edition]) -> list[IndexRow]:
    """Editions grouped by bulletin, newest first (then by message number)."""
    rows: dict[str, IndexRow] = {}
    for edition in editions:
        bulletin = edition.bulletin
        row = rows.setdefault(
            edition.slug, IndexRow(edition.slug, bulletin.message_number, bulletin.date)
        )
        row.editions[edition.language] = edition
    ordered = sorted(rows.values(), key=lambda row: row.message_number)
    return sorted(ordered, key=lambda row: row.date, reverse=True)


def _languages(editions: Sequence[Edition]) -> list[str]:
    found = {lang for edition in editions for lang in (*edition.languages, edition.language)}
    return sorted(found, key=lambda lang: (lang != "en", lang))


def render_index(editions: list[Edition], formats: Sequence[str] = FORMATS) -> bytes:
    """The UTF-8 bytes of ``build/index.html`` for ``editions``."""
    template = environment("en").get_template("index.html.j2")
    text = template.render(
        rows=index_rows(editions),
        languages=_languages(editions),
        formats=list(formats),
        media_types=MEDIA_TYPES,
        styles=inline_styles(),
        fr=catalog("fr").gettext,
    )
    return text.encode("utf-8")
