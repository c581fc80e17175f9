"""The words the renderers write around the family's blocks, read back in English and French.

They come from the renderers' own catalogs (``templates/locale/<lang>.po``), so a label a
translator changes is still recognised: a window's rows (*Start*, *End*, *Clients
affected*…), a single problem's headings (*Description*, *Scope*, *Interim workaround*), the
status word (*UPDATED*), the line naming the original (*This message updates %(number)s.*),
the history's headings (*Update sent %(date)s:*), a phone menu's *Option %(key)s:*.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from bulletin_builder.importing.blocks import squeeze
from bulletin_builder.importing.labels import key, keys, long_date
from bulletin_builder.model.views import EDITION_LINES, STATUS_WORDS
from bulletin_builder.render.locale import catalog

LANGUAGES = ("en", "fr")


def said(msgid: str, language: str) -> str:
    """The label as the renderer writes it in ``language``, spaces plain."""
    return squeeze(catalog(language).gettext(msgid)).strip()


def label_keys(
    *msgids: str, en: tuple[str, ...] = (), fr: tuple[str, ...] = ()
) -> dict[str, frozenset[str]]:
    """Language → the keys of ``msgids`` as rendered, plus other wordings the agency uses."""
    extra = {"en": en, "fr": fr}
    return {lang: keys(*(said(m, lang) for m in msgids), *extra[lang]) for lang in LANGUAGES}


def is_label(msgid: str, text: str) -> bool:
    """``text`` is the label ``msgid`` in one of the languages (case and accents aside)."""
    return any(key(text) == key(said(msgid, lang)) for lang in LANGUAGES)


@cache
def _template(msgid: str, language: str, name: str) -> re.Pattern[str]:
    """A label with one ``%(name)s`` placeholder as a regular expression capturing it."""
    before, _, after = said(msgid, language).partition(f"%({name})s")
    text = re.escape(before) + f"(?P<{name}>.+?)" + re.escape(after)
    return re.compile("^" + text.replace(r"\ ", r"\s*") + "$", re.IGNORECASE)


def filled(msgid: str, text: str, name: str) -> str | None:
    """The value of ``%(name)s`` in ``text`` if ``text`` is the label ``msgid`` filled in."""
    plain = squeeze(text).strip()
    for lang in LANGUAGES:
        if match := _template(msgid, lang, name).match(plain):
            return match[name].strip()
    return None


def status_of(text: str) -> str | None:
    """'UPDATED' / 'MISE À JOUR' → 'updated'."""
    return next((s for s, word in STATUS_WORDS.items() if is_label(word, text)), None)


def edition_line(text: str) -> tuple[str, str] | None:
    """'This message updates CARM Bulletin 5368.' → ('updated', 'CARM Bulletin 5368')."""
    for status, line in EDITION_LINES.items():
        if number := filled(line, text, "number"):
            return status, number
    return None


def dated(msgid: str, text: str) -> dt.date | None:
    """The date of a label like 'Update sent %(date)s:' or 'Resolved %(date)s'."""
    value = filled(msgid, text, "date")
    return long_date(value) if value else None


def history_heading(text: str) -> tuple[bool, dt.date] | None:
    """'Update sent October 24, 2025:' → (False, the date); the original's heading → True."""
    for original, msgid in (
        (True, "Original message sent %(date)s:"),
        (False, "Update sent %(date)s:"),
    ):
        if day := dated(msgid, text):
            return original, day
    return None


def audience_of(heading: str) -> tuple[str, str | None]:
    """A table's caption 'CCP problems…Clients affected: Brokers' → (heading, audience)."""
    for lang in LANGUAGES:
        label = re.escape(said("Clients affected", lang)).replace(r"\ ", r"\s*")
        if match := re.match(rf"^(.+?)\s*{label}\s*:\s*(.+)$", squeeze(heading).strip()):
            return match[1], match[2]
    return heading, None


# A window's rows, and the contact rows the family adds
SYSTEM = label_keys(en=("System", "Systems"), fr=("Système", "Systèmes"))
START = label_keys("Start", en=("Start date", "Start time"), fr=("Date de début",))
END = label_keys("End", en=("End date", "End time"), fr=("Date de fin",))
DURATION = label_keys("Duration")
CLIENTS = label_keys("Clients affected")
DESCRIPTION = label_keys("Description")
ACTION = label_keys("Action required", en=("Action",), fr=("Mesure",))
EMAIL = label_keys("Email", en=("E-mail", "Courriel"), fr=("Adresse courriel",))
RESPONSE_TIME = label_keys("Response time", fr=("Délai de traitement",))
UNKNOWN_END = "Unknown: an investigation is under way; no estimated time of resolution."
UNKNOWN_WORDS = keys(
    "Unknown",
    "Inconnue",
    "Inconnu",
    "TBD",
    "To be determined",
    "À déterminer",
    "Unknown at this time",
)


def unknown_end(text: str) -> bool:
    """A window's end that says no end is known: the renderer's sentence, or a word of it."""
    return is_label(UNKNOWN_END, text) or key(text) in UNKNOWN_WORDS


OPTION = "Option %(key)s:"
