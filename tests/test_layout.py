"""The package layout shows the pipeline: stages import only the stages below them.

The import graph is read from the source (every ``import`` and ``from … import``, at module
level or inside a function) and checked two ways: no cycle anywhere, and no import that runs
against the order source → model → validate → render → build → review → cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "bulletin_builder"

LAYERS: dict[str, int] = {
    # underneath every stage
    "__init__": 0,
    "errors": 0,
    "languages": 0,
    "markdown": 1,
    "typography": 0,
    "report": 1,
    # the pipeline, in order
    "source": 2,
    "model": 3,
    "validate": 4,
    "render": 5,
    "build": 6,
    # on top
    "review": 7,
    "preview": 7,
    "importing": 7,
    "publish": 7,
    "cli": 8,
    "__main__": 9,
}
"""The first part of a module's name below the package → its layer; imports go downwards."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (``from x import y``: ``x.y`` if a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(path, known) & known - {name} for name, path in mods.items()}


def layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[top]


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``edges`` as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def backward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Every import of a module in a higher layer than the importer's."""
    return sorted(
        f"{importer} imports {imported}"
        for importer, targets in edges.items()
        for imported in targets
        if layer(imported) > layer(importer)
    )


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in modules() if m.split(".")[1:2] and m.split(".")[1] not in LAYERS]
    assert unplaced == []


def test_the_stages_are_subpackages() -> None:
    for stage in ("source", "model", "validate", "render", "build", "review"):
        assert (SRC / PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_import_cycle() -> None:
    assert find_cycle(graph()) is None


def test_no_import_against_the_pipeline_order() -> None:
    assert backward_imports(graph()) == []


def test_the_checks_find_what_they_look_for() -> None:
    """The two checks themselves, on made-up graphs: a cycle and a backward import."""
    cyclic = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(cyclic) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    backward = {"bulletin_builder.source.reader": {"bulletin_builder.model.records"}}
    assert backward_imports(backward) == [
        "bulletin_builder.source.reader imports bulletin_builder.model.records"
    ]


@pytest.mark.parametrize(
    ("module", "expected"),
    [("bulletin_builder.errors", 0), ("bulletin_builder.render.docx.renderer", 5)],
)
def test_layer_of(module: str, expected: int) -> None:
    assert layer(module) == expected
