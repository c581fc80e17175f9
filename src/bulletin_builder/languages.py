"""The one table of bulletin languages: code, BCP 47 tag, names, Babel locale.

Every stage that needs to know about a language asks here: the model (which codes a file
may declare), the renderers (``lang`` attributes, Word's ``w:lang``, PDF ``/Lang``, dates),
the review reports (language names) and the configuration (the default languages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Language:
    """One language bulletins are published in."""

    code: str
    """The code used in file names and front matter: 'en', 'fr'."""
    tag: str
    """The BCP 47 tag of the outputs (HTML ``lang``, Word ``w:lang``, PDF ``/Lang``)."""
    name: str
    """Its name in English, for reports ('French')."""
    native: str
    """Its name in itself, for the language toggle ('Français')."""
    locale: str
    """The Babel locale for dates and numbers ('fr_CA')."""
    iso639_2: str
    """The ISO 639-2/T code Canada.ca's ``dcterms.language`` metadata uses ('fra')."""


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en-CA", "English", "English", "en_CA", "eng"),
    "fr": Language("fr", "fr-CA", "French", "Français", "fr_CA", "fra"),
}
"""Code → language, the reference language (English) first."""

LanguageCode = Literal["en", "fr"]
"""The type of a language field in the model (kept equal to the keys of LANGUAGES)."""

DEFAULT_LANGUAGES: tuple[str, ...] = tuple(LANGUAGES)


def language(code: str) -> Language:
    """The language of ``code``; ``KeyError`` for one not in the table."""
    return LANGUAGES[code]


def language_name(code: str) -> str:
    """'French' for 'fr'; the code in capitals for a language not in the table."""
    known = LANGUAGES.get(code)
    return known.name if known else code.upper()
