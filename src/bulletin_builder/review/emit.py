"""Write a bulletin back as Markdown with YAML front matter, in the style writers use.

PyYAML's own emitter writes the front matter, so quoting is never guessed by hand: a value
YAML 1.1 would read as something else (``null``, ``~``, ``yes``, ``0777``) is quoted, and
the reader (:mod:`bulletin_builder.source.yamltree`) reads every value back exactly as it
was. Multi-line or long texts are written as ``|`` blocks; ISO dates stay plain
(``date: 2021-07-15``), since the reader never turns them into dates. Empty optional fields
are left out, as a writer would.
"""

from __future__ import annotations

from typing import Any

import yaml

from bulletin_builder.model.records import Bulletin

BLOCK_AFTER = 72
"""Texts longer than this (or with a line break) are written as '|' blocks."""
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Dumper(yaml.SafeDumper):
    """The safe dumper, but dates are text (our reader never types them) and lists indent."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n") or len(value) > BLOCK_AFTER:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.strip("\n") + "\n", "|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)


def written(value: Any) -> Any:
    """``value`` without what a writer leaves out: None, empty lists and empty texts."""
    if isinstance(value, dict):
        return {k: written(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [written(item) for item in value]
    return value


def front_matter(data: dict[str, Any]) -> str:
    """``data`` as YAML, in field order."""
    text: str = yaml.dump(
        written(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000
    )
    return text


def bulletin_source(bulletin: Bulletin) -> str:
    """The whole source file of ``bulletin``: front matter, then the body if it has one."""
    data = bulletin.model_dump()
    body = data.pop("body", "")
    lines = ["---", front_matter(data).rstrip("\n"), "---"]
    if body:
        lines += ["", body.strip("\n")]
    return "\n".join(lines) + "\n"
