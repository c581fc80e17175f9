"""Typed records from read sources: a Bulletin or a Contact, or positioned diagnostics."""

from __future__ import annotations

from typing import TypeVar

from bulletin_builder import yamltree
from bulletin_builder.convert import convert, field_name
from bulletin_builder.model import Bulletin, Contact, Record
from bulletin_builder.reader import Source

R = TypeVar("R", bound=Record)

__all__ = ["build_record", "field_name", "read_bulletin", "read_contact"]


def build_record(source: Source, model: type[R]) -> R | None:
    """Validate a source's front matter (and body) as ``model``; None if it is invalid."""
    if not isinstance(source.tree, yamltree.Mapping):
        return None
    record, issues = convert(source.tree, model, source.body)
    for issue in issues:
        source.error(
            issue.code,
            issue.message,
            issue.line,
            issue.column,
            field=issue.field or None,
            hint=issue.hint,
        )
    return record


def read_bulletin(source: Source) -> Bulletin | None:
    return build_record(source, Bulletin)


def read_contact(source: Source) -> Contact | None:
    return build_record(source, Contact)
