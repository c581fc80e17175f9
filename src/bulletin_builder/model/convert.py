"""Turn a positioned YAML tree into typed records, reporting every problem at its position.

The converter walks the record's dataclass fields and type hints (str, Literal, list,
nested records, optional values) and the constraints declared with each field
(:func:`bulletin_builder.model.records.spec`). It never stops at the first problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from bulletin_builder.model.fields import FieldError, Record
from bulletin_builder.model.salvage import UNREAD, salvaged_class
from bulletin_builder.source import yamltree
from bulletin_builder.source.yamltree import field_name

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Issue:
    """A conversion problem at a node of the tree."""

    code: str
    message: str
    line: int
    column: int
    field: str
    hint: str | None = None


@cache
def _fields(cls: type) -> dict[str, tuple[Any, dataclasses.Field[Any]]]:
    hints = typing.get_type_hints(cls)
    return {f.name: (hints[f.name], f) for f in dataclasses.fields(cls) if f.name != "body"}


class _Converter:
    def __init__(self, *, salvage: bool = False) -> None:
        self.issues: list[Issue] = []
        self.salvage = salvage
        self.failed: None = UNREAD if salvage else None
        """What a value that could not be read becomes: None, or UNREAD in a salvaged record
        (typed None: it stands where None would, and nothing reads it)."""

    def issue(
        self,
        code: str,
        message: str,
        node: yamltree.Node,
        path: tuple[str | int, ...],
        hint: str | None = None,
    ) -> None:
        self.issues.append(Issue(code, message, node.line, node.column, field_name(path), hint))

    def value(
        self, node: yamltree.Node, tp: Any, path: tuple[str | int, ...], meta: dict[str, Any]
    ) -> Any:
        origin, args = _shape(tp)
        if origin is typing.Union:
            inner = next(a for a in args if a is not type(None))
            if isinstance(node, yamltree.Scalar) and node.value is None:
                return None
            return self.value(node, inner, path, meta)
        if origin is list:
            return self.sequence(node, args[0], path, meta)
        if isinstance(tp, type) and issubclass(tp, Record):
            return self.record(node, tp, path)
        return self.text(node, path, meta, args if origin is typing.Literal else ())

    def text(
        self,
        node: yamltree.Node,
        path: tuple[str | int, ...],
        meta: dict[str, Any],
        choices: tuple[Any, ...],
    ) -> str | None:
        if not isinstance(node, yamltree.Scalar):
            self.issue(
                "BB103",
                f"'{field_name(path)}' must be text, not a {_kind(node)}",
                node,
                path,
                "write the value on the same line as the name",
            )
            return self.failed
        value = (node.value or "").strip()
        if not value:
            self.issue(
                "BB104", f"'{field_name(path)}' is empty", node, path, f"give '{path[-1]}' a value"
            )
            return self.failed
        return self.constrain(value, node, path, meta, choices)

    def constrain(
        self,
        value: str,
        node: yamltree.Node,
        path: tuple[str | int, ...],
        meta: dict[str, Any],
        choices: tuple[Any, ...],
    ) -> str | None:
        if choices and value not in choices:
            self.issue(
                "BB106",
                f"'{field_name(path)}' must be one of {', '.join(choices)}, not {value!r}",
                node,
                path,
            )
            return self.failed
        pattern = meta.get("pattern")
        if pattern and not re.match(pattern, value):
            example = meta.get("example")
            self.issue(
                "BB107",
                f"'{field_name(path)}' has an unexpected form: {value!r}",
                node,
                path,
                f"e.g. {example}" if example else None,
            )
            return self.failed
        check = meta.get("check")
        if check is not None:
            try:
                check(value)
            except FieldError as exc:
                self.issue(exc.code, f"'{field_name(path)}': {exc.message}", node, path, exc.hint)
                return self.failed
        return value

    def sequence(
        self, node: yamltree.Node, item: Any, path: tuple[str | int, ...], meta: dict[str, Any]
    ) -> list[Any] | None:
        if not isinstance(node, yamltree.Sequence):
            empty = isinstance(node, yamltree.Scalar) and node.value is None
            code, what = (
                ("BB104", "is empty") if empty else ("BB103", "must be a list ('- ' items)")
            )
            self.issue(
                code,
                f"'{field_name(path)}' {what}",
                node,
                path,
                "write each item on its own line after '- '",
            )
            return self.failed
        if len(node.items) < meta.get("min_length", 0):
            self.issue("BB104", f"'{field_name(path)}' needs at least one item", node, path)
            return self.failed
        values = [
            self.value(child, item, (*path, i), {"min_length": 1})
            for i, child in enumerate(node.items)
        ]
        return self.failed if any(v is None or v is UNREAD for v in values) else values

    def record(
        self, node: yamltree.Node, cls: type[R], path: tuple[str | int, ...], body: str = ""
    ) -> R | None:
        if not isinstance(node, yamltree.Mapping):
            self.issue(
                "BB103",
                f"'{field_name(path) or 'front matter'}' must be a group of 'name: value' fields",
                node,
                path,
            )
            return self.failed
        fields = _fields(cls)  # type: ignore[arg-type]  # record classes are hashable
        self.unknown_keys(node, fields, path)
        values: dict[str, Any] = {"body": body} if body else {}
        ok = True
        for name, (tp, spec) in fields.items():
            if name not in node.values:
                if not self.missing(node, name, spec, path):
                    ok, values[name] = False, self.failed
                continue
            issues = len(self.issues)
            values[name] = self.value(node.values[name], tp, (*path, name), dict(spec.metadata))
            # an optional field may be absent, but one written wrong fails its record too, so
            # a salvaged record never stands on a value dropped for an error (no cascades)
            ok &= (values[name] is not None or _optional(tp)) and len(self.issues) == issues
        if self.salvage:  # what could not be read is UNREAD, and reading it raises
            unread = any(value is UNREAD for value in values.values())
            return (salvaged_class(cls) if unread else cls)(**values)  # type: ignore[arg-type]  # record classes are hashable
        return cls(**values) if ok else None

    def missing(
        self,
        node: yamltree.Mapping,
        name: str,
        spec: dataclasses.Field[Any],
        path: tuple[str | int, ...],
    ) -> bool:
        if (
            spec.default is not dataclasses.MISSING
            or spec.default_factory is not dataclasses.MISSING
        ):
            return True
        self.issue(
            "BB101",
            f"missing required field '{field_name((*path, name))}'",
            node,
            path,
            f"add '{name}:' with a value",
        )
        return False

    def unknown_keys(
        self, node: yamltree.Mapping, fields: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        for key, key_node in node.keys.items():
            if key in fields:
                continue
            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(fields)}"
            if key == "body":
                hint = "the body is the Markdown written after the closing '---'"
            self.issue("BB102", f"unknown field '{field_name((*path, key))}'", key_node, path, hint)


def _kind(node: yamltree.Node) -> str:
    return "list" if isinstance(node, yamltree.Sequence) else "group of fields"


@cache
def _shape(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """``typing.get_origin`` and ``get_args`` of a field type, computed once per type
    (``X | None`` counts as ``Optional[X]``)."""
    origin = typing.get_origin(tp)
    return (typing.Union if origin is types.UnionType else origin), typing.get_args(tp)


def _optional(tp: Any) -> bool:
    origin, args = _shape(tp)
    return origin is typing.Union and type(None) in args


def convert(
    root: yamltree.Node, cls: type[R], body: str = "", *, salvage: bool = False
) -> tuple[R | None, list[Issue]]:
    """The record of ``cls`` the tree describes (None if invalid) and every issue found.

    With ``salvage``, a record is returned whenever the tree is a group of fields, whatever
    its issues: each value that could not be read is UNREAD (see
    :mod:`bulletin_builder.model.salvage`). For the rules only, never to render.
    """
    converter = _Converter(salvage=salvage)
    record = converter.record(root, cls, (), body)
    if record is UNREAD:
        return None, converter.issues
    return (record if salvage or not converter.issues else None), converter.issues


def unread_fields(issues: list[Issue]) -> frozenset[str]:
    """The fields whose values could not be read (a missing or unknown field is reported at
    the group that holds it, which was read)."""
    return frozenset(i.field for i in issues if i.field and i.code not in ("BB101", "BB102"))


def from_data(cls: type[R], data: dict[str, Any]) -> R:
    """Build a record from plain data; ``ValueError`` naming every problem if it is invalid."""
    body = data.get("body", "")
    record, issues = convert(
        yamltree.from_data({k: v for k, v in data.items() if k != "body"}), cls, body
    )
    if record is None:
        raise ValueError("; ".join(f"{i.code} {i.message}" for i in issues))
    return record
