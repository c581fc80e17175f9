"""The preview's one door into the pipeline: validation, editions, renderers, diagnostics,
and the e-mail edition of the publishing step.

Every import of the rest of ``bulletin_builder`` made by the preview is in this module, so
the preview follows the pipeline wherever its stages live. Nothing here validates or renders
by itself: it calls the functions ``bulletin validate`` and ``bulletin build`` use.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.build.plan import edition_key, templates_hash
from bulletin_builder.build.post import Built, Extra
from bulletin_builder.errors import Diagnostic, Severity
from bulletin_builder.languages import LANGUAGES
from bulletin_builder.model.edition import Edition, editions
from bulletin_builder.model.project import Project
from bulletin_builder.publish import publish_outputs
from bulletin_builder.render import RENDERERS, get_renderer
from bulletin_builder.render.index import FORMATS
from bulletin_builder.report import as_dict, summary
from bulletin_builder.source.config import Config
from bulletin_builder.source.discover import CONTACTS, project_root
from bulletin_builder.validate.runner import validate

LANGUAGE_NAMES = {code: lang.native for code, lang in LANGUAGES.items()}
"""Each language's name in itself, for the column headings."""
LANGUAGE_TAGS = {code: lang.tag for code, lang in LANGUAGES.items()}
"""Each language's BCP 47 tag, for the columns' ``lang`` attributes."""

__all__ = [
    "EMAIL_VIEWS",
    "LANGUAGE_NAMES",
    "LANGUAGE_TAGS",
    "Checked",
    "Config",
    "Diagnostic",
    "Edition",
    "Extra",
    "Severity",
    "SourceRef",
    "as_dict",
    "check",
    "content_key",
    "email_outputs",
    "render",
    "roots",
    "summary",
    "views",
]

VIEWABLE = ("html", "pdf")
"""Output formats a browser can show, in the order of the preview's switch."""
EMAIL_VIEWS = {"email": "html", "email-text": "plain"}
"""The views of the e-mail edition, after the formats: view → the part of the message shown."""


@dataclass(frozen=True)
class SourceRef:
    """One bulletin file as the preview lists it, valid or not."""

    slug: str
    language: str
    path: Path
    title: str | None
    """The bulletin's title when the file was read well enough to have one."""
    message_number: str | None
    contact: Path | None
    """The contact block file the bulletin names (None when it could not be read)."""


@dataclass
class Checked:
    """One validation of the served folders: every source, every diagnostic, the editions."""

    sources: list[SourceRef] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[Path, list[str]] = field(default_factory=dict)
    """Path → lines of every source read, to quote the line a diagnostic points at."""
    config_paths: list[Path] = field(default_factory=list)
    files: int = 0
    configs: dict[str, Config] = field(default_factory=dict)
    """Slug → the configuration of the folder its files are in (for the e-mail edition)."""


def _refs(project: Project) -> list[SourceRef]:
    refs = []
    for file in project.bulletins:
        record = file.record
        contact = (
            project.root / CONTACTS / f"{record.contact}.{file.language}.md" if record else None
        )
        title = record.title if record else None
        number = record.message_number if record else None
        refs.append(SourceRef(file.stem, file.language, file.source.path, title, number, contact))
    return refs


def _renderable(project: Project) -> Project:
    """The project without the bulletins that cannot become an edition (no record, no contact)."""
    contacts = {(c.stem, c.language) for c in project.contacts if c.record}
    kept = [
        f
        for f in project.bulletins
        if f.record is not None and (f.record.contact, f.language) in contacts
    ]
    return dataclasses.replace(project, bulletins=kept)


def check(paths: Sequence[Path]) -> Checked:
    """Validate ``paths`` as ``bulletin build`` does; never raises for content problems."""
    result = validate(paths)
    checked = Checked(diagnostics=result.diagnostics.sorted(), files=result.files)
    checked.lines.update(result.sources)
    for project in result.projects:
        checked.sources.extend(_refs(project))
        checked.editions.extend(editions(_renderable(project)))
        checked.configs.update((file.stem, project.config) for file in project.bulletins)
        if project.config.path is not None:
            checked.config_paths.append(project.config.path)
    return checked


def roots(paths: Sequence[Path]) -> list[Path]:
    """The bulletins folders ``paths`` belong to (a contact block's is its folder's parent)."""
    return sorted({project_root(path).resolve() for path in paths})


_TEMPLATES: list[str] = []


def content_key(edition: Edition) -> str:
    """The hash of everything an edition's outputs are made from (the build's own key)."""
    if not _TEMPLATES:
        _TEMPLATES.append(templates_hash())  # the preview does not watch the templates
    return edition_key(edition, _TEMPLATES[0])


def render(edition: Edition, fmt: str) -> bytes:
    """One output file of ``edition``, from the renderer ``bulletin build`` uses."""
    return get_renderer(fmt).render(edition)


def views() -> tuple[str, ...]:
    """The views the preview offers a switch to: the formats registered that a browser shows,
    then the e-mail edition's HTML and plain-text parts."""
    return (*(fmt for fmt in VIEWABLE if fmt in RENDERERS), *EMAIL_VIEWS)


def email_outputs(editions: Sequence[Edition], keys: Sequence[str], config: Config) -> list[Extra]:
    """The ``.eml`` outputs ``bulletin build`` (default formats) would make of ``editions``
    (content ``keys``), as its publishing step declares them: path, content hash, maker."""
    hashes = {(e.slug, e.language): key for e, key in zip(editions, keys, strict=True)}
    built = Built(editions, FORMATS, "", hashes)
    return [x for x in publish_outputs(built, config) if x.path.endswith(".eml")]
