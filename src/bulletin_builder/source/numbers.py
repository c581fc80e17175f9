"""Message numbers: each series' pattern, the parts of a number, the file stem it implies.

A series declares how its numbers are written (``bulletins.toml``, ``number = ...``), with
these placeholders between literal text:

- ``{date}``: the publication date, ``YYYY-MM-DD``, optionally ``-N`` for a second
  bulletin of the day (``CARM 2021-07-15``, ``CARM 2021-07-15-2``);
- ``{yy}`` / ``{yyyy}``: the year of publication (``TCC25-0112``);
- ``{serial}`` or ``{serial:N}``: a running number; ``bulletin new`` writes it with at least
  N digits, and older numbers with fewer digits stay valid (``TCC23-006``).

Without ``number`` a series key ``CARM`` writes ``CARM {date}``. A language may write its
numbers differently (``Customs Notice {yy}-{serial}`` / ``Avis des douanes {yy}-{serial}``):
the parts are what the languages share, and the file stem is the reference language's
number in lowercase with every other run of characters made one '-'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MESSAGE_NUMBER = re.compile(
    r"^(?P<prefix>[A-Z][A-Z0-9]*) (?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<n>[1-9]\d*))?$"
)
"""The default form, ``<SERIES> YYYY-MM-DD[-N]``, of a series without a ``number`` pattern."""

_PLACEHOLDER = re.compile(r"\{(date|yyyy|yy|serial)(?::(\d))?\}")
_PARTS = {
    "date": r"(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<n>[1-9]\d*))?",
    "yyyy": r"(?P<yyyy>\d{4})",
    "yy": r"(?P<yy>\d{2})",
    "serial": r"(?P<serial>\d+)",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class PatternError(ValueError):
    """A series' ``number`` pattern that cannot give valid, unique numbers."""


@dataclass(frozen=True)
class NumberPattern:
    """How one series writes its message numbers in one language."""

    template: str
    regex: re.Pattern[str]
    width: int
    """Digits ``bulletin new`` writes the serial with (``{serial:4}``: 0112)."""

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.regex.groupindex) - {"n"}

    def parse(self, number: str) -> dict[str, str] | None:
        """The parts of ``number`` (``{'yy': '25', 'serial': '0112'}``), None if it is not one."""
        match = self.regex.match(number)
        if match is None:
            return None
        return {k: v for k, v in match.groupdict().items() if v is not None}

    def format(self, parts: dict[str, str]) -> str:
        """The number these parts make in this pattern."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "date":
                return parts["date"] + (f"-{parts['n']}" if parts.get("n") else "")
            return parts[name]

        return _PLACEHOLDER.sub(fill, self.template)

    def describe(self) -> str:
        """The pattern as writers read it: 'CARM YYYY-MM-DD[-N]', 'TCC{yy}-NNNN' → 'TCCYY-NNNN'."""
        words = {"date": "YYYY-MM-DD[-N]", "yyyy": "YYYY", "yy": "YY"}

        def word(match: re.Match[str]) -> str:
            return words.get(match.group(1)) or "N" * max(self.width, 1)

        return _PLACEHOLDER.sub(word, self.template)

    def example(self, day: str = "2025-11-08") -> str:
        """A number of this pattern for the date ``day`` (YYYY-MM-DD)."""
        parts = {"date": day, "yyyy": day[:4], "yy": day[2:4], "serial": "1".zfill(self.width)}
        return self.format(parts)


@cache
def compile_pattern(template: str) -> NumberPattern:
    """The pattern of a ``number`` template; :class:`PatternError` if it cannot work."""
    found = _PLACEHOLDER.findall(template)
    names = [name for name, _ in found]
    if "date" not in names and "serial" not in names:
        raise PatternError(
            f"{template!r} has neither {{date}} nor {{serial}}: numbers would repeat"
        )
    if len(set(names)) != len(names):
        raise PatternError(f"{template!r} uses a placeholder twice")
    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        raise PatternError(f"{template!r}: unknown placeholder (known: date, yyyy, yy, serial)")
    pieces, at = [], 0
    for match in _PLACEHOLDER.finditer(template):
        pieces += [re.escape(template[at : match.start()]), _PARTS[match.group(1)]]
        at = match.end()
    pieces.append(re.escape(template[at:]))
    width = next((int(w) for name, w in found if name == "serial" and w), 1)
    return NumberPattern(template, re.compile("^" + "".join(pieces) + "$"), width)


def default_template(key: str) -> str:
    """The pattern of a series that declares none: its key, a space, the date."""
    return f"{key} {{date}}"


def year_of(parts: dict[str, str]) -> str | None:
    """The four-digit year the parts name, if they name one."""
    if "date" in parts:
        return parts["date"][:4]
    if "yyyy" in parts:
        return parts["yyyy"]
    if "yy" in parts:
        return "20" + parts["yy"]
    return None


def slug_of(message_number: str) -> str:
    """The file stem a number implies: 'CARM 2021-07-15-2' → 'carm-2021-07-15-2',
    'Customs Notice 24-31' → 'customs-notice-24-31', 'TCC25-0112' → 'tcc25-0112'."""
    return _NOT_SLUG.sub("-", message_number.lower()).strip("-")
