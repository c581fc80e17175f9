"""Template labels translated through gettext catalogs a translator can edit.

Labels are written in English in the templates and renderers (``_("Fix date")``); each
other language has ``templates/locale/<lang>.po``. The ``.po`` file is read directly with
Babel, so there is no compile step to forget.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bulletin_builder.paths import templates_dir

LANGUAGE_TAGS = {"en": "en-CA", "fr": "fr-CA"}
"""The BCP 47 tag of each bulletin language (HTML ``lang``, Word ``w:lang``, PDF ``/Lang``)."""


class Catalog:
    """The gettext interface Jinja's i18n extension and the DOCX renderer call."""

    def __init__(self, messages: dict[str, str]) -> None:
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _read_po(path: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po  # noqa: PLC0415 - only renderers need Babel

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


@cache
def catalog(language: str) -> Catalog:
    """The label catalog for ``language`` (English is the identity)."""
    path = templates_dir() / "locale" / f"{language}.po"
    return Catalog(_read_po(path) if path.is_file() else {})
