"""The typed context every renderer and template receives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bulletin_builder.languages import DEFAULT_LANGUAGES
from bulletin_builder.model.project import Project
from bulletin_builder.model.records import Bulletin, Contact


@dataclass(frozen=True)
class Edition:
    """One validated bulletin in one language, with everything needed to render it."""

    bulletin: Bulletin
    """The validated bulletin."""
    contact: Contact
    """The contact block it references, in the same language."""
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
        contact = contacts[(bulletin.contact, bulletin.language)]
        assert contact is not None
        audience = project.config.find(project.config.audiences, file.language, bulletin.audience)
        key = audience.key if audience else re.sub(r"[^a-z0-9]+", "-", bulletin.audience.lower())
        out.append(
            Edition(
                bulletin,
                contact,
                file.stem,
                tuple(present),
                alternates,
                audience_key=key.strip("-"),
            )
        )
    return out
