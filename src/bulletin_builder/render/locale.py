"""Each language's labels and dates: gettext catalogs a translator can edit, Babel dates.

Labels are written in English in the templates and renderers (``_("Fix date")``); each
other language has ``templates/locale/<lang>.po``. The ``.po`` file is read directly with
Babel, so there is no compile step to forget.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from bulletin_builder.languages import language
from bulletin_builder.render.templates import templates_dir
from bulletin_builder.typography import NBSP


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


def catalog(language: str) -> Catalog:
    """The label catalog for ``language`` (English is the identity), from the templates in use."""
    return _catalog(templates_dir(), language)


@cache
def _catalog(folder: Path, language: str) -> Catalog:
    path = folder / "locale" / f"{language}.po"
    return Catalog(_read_po(path) if path.is_file() else {})


INDEX_TITLE = "Known problems bulletins"
"""The index page's title when ``bulletins.toml`` names none (``[index_title]``)."""


def index_title(language: str, named: str = "") -> str:
    """The index page's title in ``language``: ``named`` (from ``[index_title]``) if given,
    else :data:`INDEX_TITLE` in that language. Not typeset."""
    return named or catalog(language).gettext(INDEX_TITLE)


def long_date(day: dt.date, language_code: str) -> str:
    """The long, spelled-out date used in every output ("July 31, 2021" / "31 juillet 2021").

    In French, as *Le guide du rédacteur* writes it: "1er août 2021" (ordinal first day) and
    a no-break space between the day and the month, so "31 juillet" never breaks.
    """
    from babel.dates import format_date  # noqa: PLC0415 - keep Babel off the validate path

    locale = language(language_code).locale
    if language_code == "fr":
        day_part = "1er" if day.day == 1 else str(day.day)
        return f"{day_part}{NBSP}{format_date(day, format='MMMM y', locale=locale)}"
    return format_date(day, format="long", locale=locale)
