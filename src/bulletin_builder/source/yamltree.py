"""YAML front matter to a tree of positioned values, without letting YAML guess types.

libyaml (through PyYAML's C parser) only tokenizes; this module builds the tree from its
events itself. Every scalar stays the text the writer typed (``NO``, ``0777``, ``12:30``),
so YAML 1.1 surprises never happen. Tags, anchors and aliases are refused, duplicate keys
are reported with both lines, and every node keeps its line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from bulletin_builder.markdown import may_hold_markup

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(slots=True)
class Node:
    """A value in the front matter and where it starts (1-based line and column)."""

    line: int
    column: int


@dataclass(slots=True)
class Scalar(Node):
    """A text value. ``value`` is None for an empty or ``null`` plain value."""

    value: str | None = None
    style: str = ""
    """'' plain, '"' or "'" quoted, '|' or '>' block scalar."""

    @property
    def content_line(self) -> int:
        """The line where the text itself starts (block scalars start on the next line)."""
        return self.line + 1 if self.style in ("|", ">") else self.line


@dataclass(slots=True)
class Mapping(Node):
    """Keys and values; ``keys`` keeps where each key was written."""

    keys: dict[str, Scalar] = field(default_factory=dict)
    values: dict[str, Node] = field(default_factory=dict)


@dataclass(slots=True)
class Sequence(Node):
    """A list of values."""

    items: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Something wrong with the YAML itself, positioned relative to the YAML text."""

    code: str
    message: str
    line: int
    column: int
    hint: str | None = None


def _at(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Builder:
    """Consumes libyaml events and builds the tree, collecting problems as it goes."""

    def __init__(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        self.problems: list[Problem] = []
        self.marked: list[Scalar] = []
        self.texts: list[Scalar] = []
        self._warned_alias = False

    def problem(self, code: str, message: str, event: yaml.Event, hint: str | None = None) -> None:
        self.problems.append(Problem(code, message, *_at(event), hint))

    def node(self, event: yaml.Event) -> Node:
        if type(event) is yaml.AliasEvent or event.anchor is not None or event.tag is not None:  # type: ignore[attr-defined]
            self._refuse_tag_and_anchor(event)
        line, column = _at(event)
        if type(event) is yaml.ScalarEvent:
            style = event.style or ""
            value = None if not style and event.value in NULL_WORDS else event.value
            scalar = Scalar(line, column, value, style)
            if value:
                self.texts.append(scalar)
                if may_hold_markup(value):
                    self.marked.append(scalar)
            return scalar
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(Mapping(line, column))
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(Sequence(line, column))
        # An alias: refused above; stands for an empty value so the walk can go on.
        return Scalar(line, column, None)

    def _refuse_tag_and_anchor(self, event: yaml.Event) -> None:
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            written = tag.replace("tag:yaml.org,2002:", "!!", 1)  # as the writer typed it
            self.problem(
                "BB004",
                f"YAML tag '{written}' is not allowed",
                event,
                "remove the '!!…' tag: values are always read as text",
            )
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            if not self._warned_alias:
                self.problem(
                    "BB005",
                    "YAML anchors and aliases (& and *) are not allowed",
                    event,
                    "write the value out in full where it is needed",
                )
            self._warned_alias = True

    def key(self, event: yaml.Event) -> Node:
        """A mapping key: a plain word is not a text value, so it skips the text lists."""
        if type(event) is yaml.ScalarEvent and event.tag is None and event.anchor is None:
            line, column = _at(event)
            return Scalar(line, column, event.value or None, event.style or "")
        return self.node(event)

    def mapping(self, mapping: Mapping) -> Mapping:
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return mapping
            key = self.key(event)
            value = self.node(next(self.events))
            self.add_entry(mapping, key, value, event)
        return mapping

    def add_entry(self, mapping: Mapping, key: Node, value: Node, event: yaml.Event) -> None:
        if not isinstance(key, Scalar) or key.value is None:
            self.problem("BB001", "a key must be a plain word", event, "write 'name: value'")
            return
        first = mapping.keys.get(key.value)
        if first is not None:
            self.problem(
                "BB003",
                f"duplicate key '{key.value}' (first written at line {first.line})",
                event,
                "keep one of the two and delete the other",
            )
            return
        mapping.keys[key.value] = key
        mapping.values[key.value] = value

    def sequence(self, sequence: Sequence) -> Sequence:
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return sequence
            sequence.items.append(self.node(event))
        return sequence


@dataclass
class Document:
    """A parsed front matter: the tree, its problems, and the texts that may hold markup."""

    root: Node | None
    problems: list[Problem]
    marked: list[Scalar]
    texts: list[Scalar]
    """Every non-empty value scalar (not keys), in reading order: for checks over all text."""
    """Scalars containing '[' or '<': the only ones that can hold links or raw HTML."""


def parse(text: str) -> Document:
    """Parse one YAML document into a positioned tree, with every problem found."""
    events = iter(yaml.parse(text, Loader=yaml.CSafeLoader))
    builder = _Builder(events)
    root: Node | None = None
    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent) and root is not None:
                builder.problem(
                    "BB001", "only one YAML document is allowed in the front matter", event
                )
                break
            if isinstance(
                event,
                (
                    yaml.ScalarEvent,
                    yaml.MappingStartEvent,
                    yaml.SequenceStartEvent,
                    yaml.AliasEvent,
                ),
            ):
                root = builder.node(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        builder.problems.append(
            Problem(
                "BB001",
                f"YAML syntax error: {message}",
                line,
                column,
                "check the indentation and quote values containing ': ' or ' #'",
            )
        )
    return Document(root, builder.problems, builder.marked, builder.texts)


def path_to(root: Node | None, target: Node) -> tuple[str | int, ...]:
    """The keys and indexes leading from ``root`` to ``target`` (empty if not found)."""
    if root is target:
        return ()
    children: list[tuple[str | int, Node]] = []
    if isinstance(root, Mapping):
        children = list(root.values.items())
    elif isinstance(root, Sequence):
        children = list(enumerate(root.items))
    for step, child in children:
        found = path_to(child, target)
        if found or child is target:
            return (step, *found)
    return ()


def to_data(node: Node | None) -> Any:
    """The plain Python value of a node: str, None, dict or list."""
    if isinstance(node, Mapping):
        return {key: to_data(value) for key, value in node.values.items()}
    if isinstance(node, Sequence):
        return [to_data(item) for item in node.items]
    return node.value if isinstance(node, Scalar) else None


def lookup(root: Node | None, path: tuple[str | int, ...]) -> tuple[Node | None, Scalar | None]:
    """The deepest node along ``path`` and, if the last step was a key, that key's node."""
    node, key_node = root, None
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str) and step in node.values:
            key_node = node.keys[step]
            node = node.values[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node.items):
            node, key_node = node.items[step], None
        else:
            break
    return node, key_node


def from_data(data: Any) -> Node:
    """A tree (at line 1) from plain data, so records can be built without a file."""
    if isinstance(data, dict):
        mapping: Mapping = Mapping(1, 1)
        for key, value in data.items():
            mapping.keys[str(key)] = Scalar(1, 1, str(key))
            mapping.values[str(key)] = from_data(value)
        return mapping
    if isinstance(data, (list, tuple)):
        return Sequence(1, 1, [from_data(item) for item in data])
    return Scalar(1, 1, None if data is None else str(data))


def field_name(path: tuple[str | int, ...]) -> str:
    """``('sections', 0, 'problems', 2, 'fix_date')`` → ``sections[0].problems[2].fix_date``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out
