"""Turn a read source into a typed record (a Bulletin or a Contact), with positioned errors.

Pydantic checks the types and required fields; this module maps each of its errors back to
the line and column the writer must fix, with a stable code and a hint.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bulletin_builder import yamltree
from bulletin_builder.model import Bulletin, Contact, Record
from bulletin_builder.reader import Source

R = TypeVar("R", bound=Record)

CODES = {
    "missing": "BB101",
    "extra_forbidden": "BB102",
    "string_type": "BB103",
    "list_type": "BB103",
    "model_type": "BB103",
    "model_attributes_type": "BB103",
    "dict_type": "BB103",
    "string_too_short": "BB104",
    "too_short": "BB104",
    "bb_date": "BB105",
    "literal_error": "BB106",
    "string_pattern_mismatch": "BB107",
    "bb_fix_date": "BB307",
    "bb_slug": "BB305",
}
"""Pydantic error type → our stable diagnostic code (BB100 for anything else)."""

PATTERN_HINTS = {
    "number": "write the number as digits and dashes, e.g. 1-800-461-9999",
    "web_form": "use the full https:// address of the form",
}


def field_name(loc: tuple[str | int, ...]) -> str:
    """``('sections', 0, 'problems', 2, 'fix_date')`` → ``sections[0].problems[2].fix_date``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The record class that holds the last key of ``loc`` (for 'did you mean')."""
    for step in loc:
        if isinstance(step, int) or step not in model.model_fields:
            continue
        annotation = model.model_fields[step].annotation
        inner = [a for a in (annotation, *typing.get_args(annotation)) if isinstance(a, type)]
        nested = [a for a in inner if issubclass(a, BaseModel)]
        if not nested:
            break
        model = nested[0]
    return model


def _hint(error: ErrorDetails, model: type[BaseModel], code: str) -> str | None:
    loc = error["loc"]
    name = str(loc[-1]) if loc else ""
    if code == "BB102":
        fields = list(_model_at(model, loc[:-1]).model_fields)
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        return f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(fields)}"
    if code == "BB101":
        return f"add '{name}:' with a value"
    if code == "BB104":
        return f"give '{name}' a value"
    if code == "BB307":
        return "write TBD, N/A or a date as YYYY-MM-DD"
    if code == "BB105":
        return "write the date as YYYY-MM-DD, e.g. 2021-07-15"
    return PATTERN_HINTS.get(name) if code == "BB107" else None


def _message(error: ErrorDetails) -> str:
    name = field_name(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'"
    if error.get("input") is None and kind in ("string_type", "string_too_short"):
        return f"'{name}' is empty"
    return f"'{name}': {error['msg']}"


def _code(error: ErrorDetails) -> str:
    if error.get("input") is None and error["type"] == "string_type":
        return "BB104"
    return CODES.get(error["type"], "BB100")


def _report(source: Source, error: ErrorDetails, model: type[BaseModel]) -> None:
    loc = tuple(error["loc"])
    node, key = yamltree.lookup(source.tree, loc)
    at = key if error["type"] == "extra_forbidden" and key else node
    line, column = (at.line, at.column) if at else (1, 1)
    code = _code(error)
    source.error(code, _message(error), line, column, field=field_name(loc),
                 hint=_hint(error, model, code))


def build_record(source: Source, model: type[R]) -> R | None:
    """Validate a source's front matter (and body) as ``model``; None if it is invalid."""
    if not isinstance(source.tree, yamltree.Mapping):
        return None
    data: dict[str, Any] = yamltree.to_data(source.tree)
    if "body" in data:
        key = source.tree.keys["body"]
        source.error("BB102", "unknown field 'body'", key.line, key.column, field="body",
                     hint="the body is the Markdown written after the closing '---'")
        return None
    data["body"] = source.body
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report(source, error, model)
        return None


def read_bulletin(source: Source) -> Bulletin | None:
    return build_record(source, Bulletin)


def read_contact(source: Source) -> Contact | None:
    return build_record(source, Contact)
