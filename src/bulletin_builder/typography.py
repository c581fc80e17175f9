"""French typography as the Translation Bureau's *Le guide du rédacteur* sets it out.

Canadian federal usage, not France's:

- a no-break space (U+00A0) before the colon, and inside « guillemets »;
- **no** space before the semicolon, the question mark and the exclamation mark (a space a
  writer typed there is removed, so that none can end up alone at the start of a line);
- a no-break space between the groups of three digits of a number (``25 000``), between a
  number and ``%`` or ``$``, and inside times (``7 h``, ``20 h 30``);
- a no-break space between the day and the month of a date (``31 juillet 2021``).

U+00A0 everywhere: it is the character the Guide calls *espace insécable*, the one CLDR's
``fr_CA`` locale groups digits with, and every font, PDF text extractor and Word version
knows it. Addresses (``https://…``, ``mailto:…``, ``www.…``) inside a text are left as typed.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
"""The no-break space (espace insécable)."""
_SPACES = "[ \t\u00a0\u202f]"

_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)\S+", re.IGNORECASE)
"""An address written in the text: never typeset."""

_SPACED_COLON = re.compile(rf"{_SPACES}+:(?!\w)")
_GLUED_COLON = re.compile(r"(?<=[^\W\d_]):(?=\s|$)")
_BEFORE_POINT = re.compile(rf"(?<=\S){_SPACES}+([;?!])(?!\w)")
"""The space before ; ? ! (kept after an address, where the mark would seem part of it)."""
_OPEN_GUILLEMET = re.compile(rf"«{_SPACES}*")
_CLOSE_GUILLEMET = re.compile(rf"{_SPACES}*»")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u202f]\d{3})+(?!\d|[.,]\d)")
_NUMBER_SYMBOL = re.compile(r"(?<=\d)[ \u202f]?([%$])")
_TIME = re.compile(r"\b(\d{1,2})[ \u202f]?h(?:[ \u202f]?(\d{2}))?\b")
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_DAY_MONTH = re.compile(rf"\b(1er|\d{{1,2}})[ \u202f]({_MONTHS})\b")


def _time(match: re.Match[str]) -> str:
    hours, minutes = match.group(1), match.group(2)
    return f"{hours}{NBSP}h" + (f"{NBSP}{minutes}" if minutes else "")


def _typeset_words(text: str) -> str:
    """The rules applied to a text that holds no address."""
    text = _BEFORE_POINT.sub(r"\1", text)
    text = _SPACED_COLON.sub(NBSP + ":", text)
    text = _GLUED_COLON.sub(NBSP + ":", text)
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    text = _DIGIT_GROUPS.sub(lambda m: re.sub(r"[ \u202f]", NBSP, m.group()), text)
    text = _NUMBER_SYMBOL.sub(NBSP + r"\1", text)
    text = _TIME.sub(_time, text)
    return _DAY_MONTH.sub(rf"\1{NBSP}\2", text)


def french(text: str) -> str:
    """``text`` with the Guide's spacing; addresses in it are left untouched."""
    if not any(c in text for c in ":;?!«»%$0123456789"):
        return text
    parts: list[str] = []
    last = 0
    for address in _ADDRESS.finditer(text):
        parts += [_typeset_words(text[last : address.start()]), address.group()]
        last = address.end()
    parts.append(_typeset_words(text[last:]))
    return "".join(parts)
