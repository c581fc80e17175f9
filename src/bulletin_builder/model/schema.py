"""``bulletin schema``: the JSON Schema of the front matter, derived from the model.

Walks the same dataclass fields, type hints and field specs the converter enforces, so the
schema an editor uses and the rules the validator applies cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from bulletin_builder.model.fields import Record
from bulletin_builder.model.records import Bulletin, Contact

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return {"anyOf": [_type_schema(a, defs) for a in args]}
    if tp is type(None):
        return {"type": "null"}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(tp, type) and issubclass(tp, Record):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # reserve the name before recursing
            defs[tp.__name__] = _record_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    return {"type": "string"}


def _field_schema(tp: Any, spec: dataclasses.Field[Any], defs: dict[str, Any]) -> dict[str, Any]:
    schema = _type_schema(tp, defs)
    meta = spec.metadata
    schema["description"] = meta["doc"]
    key = "minItems" if schema.get("type") == "array" else "minLength"
    if meta.get("min_length"):
        schema[key] = meta["min_length"]
    if meta.get("pattern"):
        schema["pattern"] = meta["pattern"]
    if meta.get("example"):
        schema["examples"] = [meta["example"]]
    return schema


def _record_schema(cls: type[Record], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name != "body"]
    required = [
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    schema: dict[str, Any] = {
        "type": "object",
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip(),
        "properties": {f.name: _field_schema(hints[f.name], f, defs) for f in fields},
        "required": required,
        "additionalProperties": False,
    }
    if getattr(cls, "ONE_FIELD", False):  # a block: exactly one of its fields is written
        schema["minProperties"] = schema["maxProperties"] = 1
    return schema


def front_matter_schema(*, contact: bool = False) -> str:
    """The schema of a bulletin's (or a contact block's) front matter, as JSON text."""
    defs: dict[str, Any] = {}
    schema = {"$schema": DIALECT, **_record_schema(Contact if contact else Bulletin, defs)}
    if defs:
        schema["$defs"] = defs
    return json.dumps(schema, indent=2, ensure_ascii=False)
