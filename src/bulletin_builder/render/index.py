"""``build/index.html``: one bilingual page listing every bulletin and its outputs.

Links are relative to ``build/``: ``<slug>/<slug>.<lang>.<fmt>``. The page uses the same
house style as the bulletins (inlined) and is checked for accessibility like them. Bulletins
are grouped by kind (titled as ``[kinds.<key>] title`` says), then status (open, resolved,
cancelled: the status of the bulletin an edition belongs to); a list of audiences filters the
rows with CSS alone (``:target``), so the page reads whole without JavaScript and without CSS. Kind,
status and audience come from :mod:`bulletin_builder.render.catalog_data`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.render import catalog_data
from bulletin_builder.render.html import environment, inline_styles
from bulletin_builder.render.locale import catalog, index_title
from bulletin_builder.source.family import DEFAULT_PUBLISHER

FORMATS = ("html", "pdf", "docx")
"""The outputs linked for each edition, in this order."""

MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def anchor(audience: str) -> str:
    """'for-commercial-clients': the fragment that filters the page (safe in CSS and URLs)."""
    return "for-" + re.sub(r"[^a-z0-9-]", "-", audience.lower())


@dataclass
class IndexRow:
    """One bulletin (all its languages) as a row of the index."""

    slug: str
    message_number: str
    date: str
    kind: str = "known-problems"
    status: str = "open"
    audience: str = ""
    editions: dict[str, Edition] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return anchor(self.audience)

    @property
    def titles(self) -> dict[str, str]:
        """Each language's title, French typography applied."""
        return {lang: typeset(e.bulletin.title, lang) for lang, e in self.editions.items()}


def index_rows(editions: Sequence[Edition]) -> list[IndexRow]:
    """Editions grouped by bulletin, newest first (then by message number); each row has the
    status of the bulletin it is an edition of (its latest edition's)."""
    rows: dict[str, IndexRow] = {}
    statuses = catalog_data.statuses(editions)
    for edition in editions:
        bulletin = edition.bulletin
        row = rows.setdefault(
            edition.slug,
            IndexRow(
                edition.slug,
                bulletin.message_number,
                bulletin.date,
                catalog_data.kind(bulletin),
                statuses[edition.slug],
                catalog_data.audience(edition),
            ),
        )
        row.editions[edition.language] = edition
    ordered = sorted(rows.values(), key=lambda row: row.message_number)
    return sorted(ordered, key=lambda row: row.date, reverse=True)


@dataclass(frozen=True)
class Group:
    """The rows of one kind and status, with their headings' labels (English)."""

    kind: str
    status: str
    rows: list[IndexRow]

    @property
    def titles(self) -> dict[str, str]:
        """The kind's title in each language (``[kinds.<key>] title`` in bulletins.toml)."""
        return {
            lang: title
            for row in self.rows
            for edition in row.editions.values()
            for lang, title in edition.kind_titles
        }

    @property
    def label(self) -> str:
        return self.titles.get("en") or next(iter(self.titles.values()), self.kind)

    @property
    def status_label(self) -> str:
        return catalog_data.STATUS_LABELS[self.status]


def groups(rows: Sequence[IndexRow]) -> list[Group]:
    """The rows by kind, then status, in the order of KINDS and STATUSES; no empty group."""
    found = []
    for kind in sorted({r.kind for r in rows}, key=catalog_data.kind_order):
        for status in catalog_data.STATUSES:
            chosen = [r for r in rows if r.kind == kind and r.status == status]
            if chosen:
                found.append(Group(kind, status, chosen))
    return found


@dataclass(frozen=True)
class Audience:
    """An audience of the filter: its key, its fragment id and its name in each language."""

    key: str
    names: dict[str, str]

    @property
    def anchor(self) -> str:
        return anchor(self.key)


def audiences(rows: Sequence[IndexRow]) -> list[Audience]:
    """The audiences the rows are for, by key, each with its names."""
    names: dict[str, dict[str, str]] = {}
    for row in rows:
        for lang, edition in row.editions.items():
            names.setdefault(row.audience, {}).setdefault(
                lang, typeset(edition.bulletin.audience, lang)
            )
    return [Audience(key, names[key]) for key in sorted(names)]


def _languages(editions: Sequence[Edition]) -> list[str]:
    found = {lang for edition in editions for lang in (*edition.languages, edition.language)}
    return sorted(found, key=lambda lang: (lang != "en", lang))


def _translate(found: Sequence[Group], language: str) -> Callable[[str], str]:
    """The page's labels in ``language``, its typography applied ("Date de modification :"): a
    kind's title as bulletins.toml gives it, any other label through templates/locale."""
    titles = {g.label: g.titles[language] for g in found if language in g.titles}
    gettext = catalog(language).gettext
    return lambda text: typeset(titles.get(text) or gettext(text), language)


def _publisher(editions: list[Edition]) -> str:
    """The publisher's name in the index's first language (English)."""
    return next((e.publisher for e in editions if e.language == "en"), DEFAULT_PUBLISHER["en"])


def _page_title(editions: list[Edition]) -> tuple[str, str]:
    """The index page's title in English and in French: ``[index_title]`` if the folder
    names one, else the templates' own ("Known problems bulletins")."""
    named = {e.language: e.index_title for e in editions if e.index_title}
    french = typeset(index_title("fr", named.get("fr", "")), "fr")
    return index_title("en", named.get("en", "")), french


def render_index(editions: list[Edition], formats: Sequence[str] = FORMATS) -> bytes:
    """The UTF-8 bytes of ``build/index.html`` for ``editions``, with the bulletin pages'
    banner and footer (``_banner.html.j2``, ``_footer.html.j2``)."""
    template = environment("en").get_template("index.html.j2")
    rows = index_rows(editions)
    found = groups(rows)
    text = template.render(
        media="screen",
        toggle=[],
        index_href=None,
        modified=max((row.date for row in rows), default=""),
        groups=found,
        audiences=audiences(rows),
        feed_path=catalog_data.feed_path,
        languages=_languages(editions),
        formats=list(formats),
        media_types=MEDIA_TYPES,
        styles=inline_styles(),
        fr=_translate(found, "fr"),
        page_title=_page_title(editions),
        publisher=_publisher(editions),
    )
    return text.encode("utf-8")
