"""The labels that name a table's columns and rows, in English and French, and fix dates.

Labels are compared as keys: accents, case, punctuation and spaces removed, so
"Information – Work around", "Information / Work-around" and "INFORMATION/WORKAROUND" agree.
The French labels are those of ``templates/locale/fr.po`` and of the agency's own documents.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from bulletin_builder.importing.blocks import squeeze


def key(label: str) -> str:
    """A label reduced to lowercase ASCII letters and digits."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed.casefold() if c.isascii() and c.isalnum())


def keys(*labels: str) -> frozenset[str]:
    return frozenset(key(label) for label in labels)


# Header table (message number, audience, date)
MESSAGE_NUMBER = {
    "en": keys("Message number", "Message no.", "Message #"),
    "fr": keys("Numéro du message", "Numéro de message", "No du message"),
}
AUDIENCE = {"en": keys("Target audience", "Audience"), "fr": keys("Public cible", "Public visé")}
DATE = {"en": keys("Date", "Date issued"), "fr": keys("Date", "Date de publication")}

# Known-problems table
DESCRIPTION = {"en": keys("Description", "Problem"), "fr": keys("Description", "Problème")}
WORKAROUND = {
    "en": keys("Information / Work around", "Information – Work around", "Work around",
               "Workaround", "Information / Workaround"),
    "fr": keys("Information / Solution de rechange", "Information – Solution de rechange",
               "Solution de rechange", "Information / Solution de contournement",
               "Renseignements / Solution de contournement",
               "Solution de contournement"),
}  # fmt: skip
FIX_DATE = {
    "en": keys("Fix date", "Fix Date", "Date of fix"),
    "fr": keys("Date de correction", "Date de la correction", "Date de résolution",
               "Date de correction prévue"),
}  # fmt: skip

# Contact table
HOURS = {"en": keys("Hours of service", "Hours"), "fr": keys("Heures de service", "Heures")}
WEB_FORM = {
    "en": keys("Web contact form", "Web form", "Contact form"),
    "fr": keys("Formulaire de contact en ligne", "Formulaire Web", "Formulaire de contact"),
}
TELEPHONE = {"en": keys("Telephone", "Phone"), "fr": keys("Téléphone")}

FIX_WORDS = {
    "TBD": keys("TBD", "To be determined", "À déterminer", "A determiner", "ÀD", "TBC"),
    "N/A": keys("N/A", "NA", "Not applicable", "S.O.", "SO", "Sans objet", "s/o"),
}
MONTHS = {
    **{key(m): n for n, m in enumerate(
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"], start=1)},
    **{key(m): n for n, m in enumerate(
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
         "septembre", "octobre", "novembre", "décembre"], start=1)},
    **{key(m): n for n, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1)},
    "sept": 9,
}  # fmt: skip
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:er|st|nd|rd|th)?\s+([^\W\d]+)\.?,?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def language_of(labels: dict[str, frozenset[str]], label: str) -> set[str]:
    """The languages in which ``label`` is one of ``labels``."""
    return {lang for lang, names in labels.items() if key(label) in names}


def long_date(text: str) -> dt.date | None:
    """'July 31, 2021', '31 juillet 2021', '1er août 2021', '2021-07-31' → a date; else None."""
    text = squeeze(text).strip().rstrip(".")
    try:
        if match := _ISO.match(text):
            return dt.date(*(int(g) for g in match.groups()))
        if match := _MONTH_DAY_YEAR.match(text):
            month, day, year = MONTHS.get(key(match[1])), int(match[2]), int(match[3])
        elif match := _DAY_MONTH_YEAR.match(text):
            day, month, year = int(match[1]), MONTHS.get(key(match[2])), int(match[3])
        else:
            return None
        return dt.date(year, month, day) if month else None
    except ValueError:  # 31 February
        return None


def fix_date(text: str) -> str | None:
    """A fix-date cell as the source writes it: 'TBD', 'N/A' or 'YYYY-MM-DD'; None if unread."""
    for word, names in FIX_WORDS.items():
        if key(text) in names:
            return word
    day = long_date(text)
    return day.isoformat() if day else None
