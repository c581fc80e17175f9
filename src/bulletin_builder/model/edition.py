"""The typed context every renderer and template receives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bulletin_builder.languages import DEFAULT_LANGUAGES
from bulletin_builder.model.project import Project
from bulletin_builder.model.records import Bulletin, Contact
from bulletin_builder.source.family import DEFAULT_KIND, DEFAULT_KINDS, DEFAULT_PUBLISHER, Kind


@dataclass(frozen=True)
class Edition:
    """One validated bulletin in one language, with everything needed to render it."""

    bulletin: Bulletin
    """The validated bulletin."""
    contact: Contact | None
    """The first contact block it shows (None for none), in the same language."""
    slug: str
    """The file stem without language, e.g. 'carm-2021-07-15'; outputs are named after it."""
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    """Every language this bulletin is published in (for the language toggle)."""
    alternates: dict[str, str] = field(default_factory=dict)
    """Language → file name of that language's HTML page, e.g. {'fr': 'carm-2021-07-15.fr.html'}."""
    downloads: tuple[tuple[str, int], ...] = ()
    """(format, size in bytes) of the other files of this edition the HTML page links to, e.g.
    (('pdf', 86016), ('docx', 40960)); set by the build, which renders the page last."""
    audience_key: str = ""
    """The audience's stable key in bulletins.toml (e.g. 'commercial-clients'): feeds, filters."""
    contacts: dict[str, Contact] = field(default_factory=dict)
    """Every contact block the bulletin shows, by id, in the same language."""
    publisher: str = DEFAULT_PUBLISHER["en"]
    """The publishing agency's name in this language (``bulletins.toml`` ``[publisher]``)."""
    index_title: str = ""
    """The index page's title in this language (``bulletins.toml`` ``[index_title]``); '' for
    the templates' own ("Known problems bulletins"): the breadcrumb and footer link to it."""
    kind_titles: tuple[tuple[str, str], ...] = DEFAULT_KINDS[DEFAULT_KIND].titles
    """(language, title) of the bulletin's kind in every language (``[kinds.<key>] title``):
    the index page's heading for it."""

    def contact_block(self, contact_id: str) -> Contact:
        """The contact block ``contact_id`` (``contact`` first, so a replaced one wins)."""
        if self.contact is not None and self.contact.id == contact_id:
            return self.contact
        return self.contacts[contact_id]

    @property
    def language(self) -> str:
        return self.bulletin.language

    @property
    def day(self) -> dt.date:
        """The bulletin's date: also the creation date stamped into PDF and DOCX metadata."""
        return self.bulletin.day

    def output_name(self, fmt: str) -> str:
        """``<slug>.<lang>.<fmt>``, the file name inside ``build/<slug>/``."""
        return f"{self.slug}.{self.language}.{fmt}"


def editions(project: Project) -> list[Edition]:
    """The renderable editions of a validated project, in file order."""
    contacts = {(c.stem, c.language): c.record for c in project.contacts if c.record}
    languages = project.config.languages
    out = []
    for file in project.bulletins:
        bulletin = file.record
        if bulletin is None:
            continue
        present = [
            lang
            for lang in languages
            if any(f.stem == file.stem and f.language == lang for f in project.bulletins)
        ]
        alternates = {lang: f"{file.stem}.{lang}.html" for lang in present if lang != file.language}
        shown = {cid: contacts[(cid, bulletin.language)] for cid in bulletin.contacts()}
        audience = project.config.find(project.config.audiences, file.language, bulletin.audience)
        key = audience.key if audience else re.sub(r"[^a-z0-9]+", "-", bulletin.audience.lower())
        out.append(
            Edition(
                bulletin,
                next(iter(shown.values()), None),
                file.stem,
                tuple(present),
                alternates,
                audience_key=key.strip("-"),
                contacts=shown,
                publisher=project.config.publisher_name(bulletin.language),
                index_title=project.config.index_title.get(bulletin.language, ""),
                kind_titles=_kind_titles(project, bulletin.kind or DEFAULT_KIND, languages),
            )
        )
    return out


def _kind_titles(
    project: Project, key: str, languages: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    kind = project.config.kinds.get(key) or Kind(key)
    return tuple((lang, kind.title(lang)) for lang in languages)
