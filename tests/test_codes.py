"""Every diagnostic code is documented, and every documented code has a test that shows it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

DOC = ROOT / "docs" / "diagnostics.md"
CASES = Path(__file__).parent / "fixtures" / "rules"
CODE = re.compile(r"\bBB\d{3}\b")
DOC_ROW = re.compile(r"^\| `?(BB\d{3})`? \|", re.MULTILINE)
EXPECTED_HEAD = re.compile(r"^\S+:\d+:\d+: (?:error|warning) (BB\d{3}): ", re.MULTILINE)

NAMED_TESTS = {
    "BB008": ("test_reader.py", "test_too_large_file_is_refused_before_parsing"),
    "BB011": (
        "test_hardening_files.py",
        "test_15_file_named_on_the_command_line_that_is_a_link_refused",
    ),
}
"""Codes shown by a named test instead of a fixture case (a 2 MB case file would be silly)."""


def documented() -> list[str]:
    return DOC_ROW.findall(DOC.read_text(encoding="utf-8"))


def in_fixtures() -> set[str]:
    return {
        code
        for path in CASES.glob("*.expected")
        for code in EXPECTED_HEAD.findall(path.read_text(encoding="utf-8"))
    }


def in_source() -> set[str]:
    """Every code the tool can emit: the string literals of src/ that are a code."""
    found = set()
    for path in (ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.update(c for c in CODE.findall(node.value) if c == node.value.strip())
    return found


def test_documented_codes_are_unique_and_in_order() -> None:
    codes = documented()
    assert len(codes) > 40
    assert codes == sorted(set(codes))


def test_every_code_the_tool_emits_is_documented() -> None:
    assert sorted(in_source() - set(documented())) == []


def test_every_documented_code_exists_in_the_tool() -> None:
    assert sorted(set(documented()) - in_source()) == []


def test_every_documented_code_has_a_fixture_or_a_named_test() -> None:
    shown = in_fixtures()
    lacking = [code for code in documented() if code not in shown and code not in NAMED_TESTS]
    assert lacking == []


def test_named_tests_exist_and_check_their_code() -> None:
    for code, (module, name) in NAMED_TESTS.items():
        text = (Path(__file__).parent / module).read_text(encoding="utf-8")
        functions = {f.name: f for f in ast.walk(ast.parse(text)) if isinstance(f, ast.FunctionDef)}
        assert name in functions, f"{code}: no test {module}::{name}"
        body = ast.get_source_segment(text, functions[name]) or ""
        assert code in body, f"{name} never checks {code}"


def test_every_fixture_case_has_its_expected_file_and_a_comment() -> None:
    for case in CASES.glob("*.txt"):
        assert case.with_suffix(".expected").is_file(), case.name
        first = case.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# "), f"{case.name}: say what the case shows"
        assert len(first) > 20, f"{case.name}: say what the case shows"
