"""The ground every record stands on: the field specification (``spec``) that documents and
constrains a field, the checks it names, :class:`FieldError` and the :class:`Record` base.

Records are plain frozen dataclasses, so validation starts fast; their constraints are
enforced by :mod:`bulletin_builder.model.convert`, which reports every problem at its line
and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIX_DATE_WORDS = ("TBD", "N/A")


class FieldError(ValueError):
    """A value a writer must correct: a stable code, a message and a hint."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def parse_iso_date(value: str) -> dt.date:
    """A real calendar date written as ``YYYY-MM-DD``; anything else is a writer error."""
    hint = "write the date as YYYY-MM-DD, e.g. 2021-07-15"
    if not ISO_DATE.match(value):
        raise FieldError("BB105", f"not an ISO date (YYYY-MM-DD): {value!r}", hint)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError("BB105", f"{value} is not a date on the calendar", hint) from None


def check_slug(value: str) -> None:
    if not SLUG.match(value):
        raise FieldError(
            "BB305",
            f"{value!r} is not a slug (lowercase words joined by '-')",
            "e.g. emanifest-portal-redirect",
        )


def check_fix_date(value: str) -> None:
    if value not in FIX_DATE_WORDS:
        try:
            parse_iso_date(value)
        except FieldError:
            raise FieldError(
                "BB307",
                f"fix date must be TBD, N/A or a date (YYYY-MM-DD), not {value!r}",
                "write TBD, N/A or a date as YYYY-MM-DD",
            ) from None


def check_date(value: str) -> None:
    parse_iso_date(value)


def spec(
    doc: str,
    *,
    default: Any = dataclasses.MISSING,
    min_length: int = 0,
    pattern: str | None = None,
    check: Callable[[str], None] | None = None,
    example: str | None = None,
) -> Any:
    """Declare a field: its documentation and its constraints, in one place."""
    metadata = {
        "doc": doc,
        "min_length": min_length,
        "pattern": pattern,
        "check": check,
        "example": example,
    }
    if isinstance(default, list):
        return dataclasses.field(default_factory=list, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Base of every record: built only through :mod:`bulletin_builder.model.convert`."""

    def model_dump(self) -> dict[str, Any]:
        """The record as plain data (dicts, lists, strings)."""
        return dataclasses.asdict(self)
