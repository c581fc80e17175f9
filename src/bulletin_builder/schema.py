"""``bulletin schema``: the JSON Schema of the front matter, derived from the model."""

from __future__ import annotations

import json
from typing import Any

from bulletin_builder.model import Bulletin, Contact


def _drop_body(schema: dict[str, Any]) -> dict[str, Any]:
    """``body`` is the Markdown after the front matter, not a front-matter field."""
    schema["properties"].pop("body", None)
    return schema


def front_matter_schema(*, contact: bool = False) -> str:
    """The schema of a bulletin's (or a contact block's) front matter, as JSON text."""
    model = Contact if contact else Bulletin
    schema = _drop_body(model.model_json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://bulletin-builder/{'contact' if contact else 'bulletin'}.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False)
