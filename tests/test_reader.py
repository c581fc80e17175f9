"""The reader and the positioned YAML tree: positions, text-only scalars, refused input."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from bulletin_builder.source import yamltree
from bulletin_builder.source.reader import MAX_BYTES, Source, read, read_text
from bulletin_builder.validate.runner import validate
from conftest import SEED_BULLETINS

PATH = Path("x.en.md")


def front(*lines: str) -> bytes:
    """A file whose front matter is ``lines`` (and no body)."""
    return ("---\n" + "\n".join(lines) + "\n---\n").encode()


def codes(source: Source) -> list[tuple[str, int, int]]:
    """(code, line, column) of every diagnostic of ``source``."""
    return [(d.code, d.location.line, d.location.column) for d in source.diagnostics]


def at(source: Source, *path: str | int) -> yamltree.Node:
    node, _ = yamltree.lookup(source.tree, path)
    assert node is not None, path
    return node


def scalar(source: Source, *path: str | int) -> yamltree.Scalar:
    node = at(source, *path)
    assert isinstance(node, yamltree.Scalar), path
    return node


def all_scalars(node: yamltree.Node | None) -> list[yamltree.Scalar]:
    if isinstance(node, yamltree.Mapping):
        return [*node.keys.values(), *(s for v in node.values.values() for s in all_scalars(v))]
    if isinstance(node, yamltree.Sequence):
        return [s for item in node.items for s in all_scalars(item)]
    return [node] if isinstance(node, yamltree.Scalar) else []


# Positions -------------------------------------------------------------------------------


def test_nested_value_and_key_positions_are_the_file_positions() -> None:
    source = read(SEED_BULLETINS / "carm-2021-07-15.en.md")
    assert source.diagnostics == []
    fix_date, key = yamltree.lookup(source.tree, ("sections", 0, "problems", 1, "fix_date"))
    assert isinstance(fix_date, yamltree.Scalar)
    assert (fix_date.value, fix_date.line, fix_date.column) == ("N/A", 37, 19)
    assert key is not None
    assert (key.value, key.line, key.column) == ("fix_date", 37, 9)
    second_section = at(source, "sections", 1)
    assert (second_section.line, second_section.column) == (67, 5)
    problem = at(source, "sections", 1, "problems", 1)
    assert (problem.line, problem.column) == (77, 9)


def test_block_scalar_content_starts_on_the_next_line() -> None:
    source = read(SEED_BULLETINS / "carm-2021-07-15.en.md")
    workaround = scalar(source, "sections", 0, "problems", 0, "workaround")
    assert (workaround.line, workaround.style, workaround.content_line) == (16, "|", 17)
    assert workaround.value is not None
    assert workaround.value.startswith("If this occurs, close the eManifest")
    assert "\n\n- Go to the CARM log in page\n" in workaround.value
    plain = scalar(source, "sections", 1, "problems", 1, "description")
    assert (plain.line, plain.style, plain.content_line) == (78, "", 78)


def test_flow_sequence_items_keep_their_columns() -> None:
    source = read_text(PATH, front("title: x", "tags: [alpha, 'beta', gamma]"))
    items = at(source, "tags")
    assert isinstance(items, yamltree.Sequence)
    assert [(s.value, s.line, s.column) for s in all_scalars(items)] == [
        ("alpha", 3, 8),
        ("beta", 3, 15),
        ("gamma", 3, 23),
    ]


def test_body_follows_the_closing_fence() -> None:
    source = read_text(PATH, b"---\ntitle: x\n---\n\nA closing note.\n")
    assert (source.body, source.body_line) == ("A closing note.", 5)
    assert source.line(2) == "title: x"


# Every scalar stays the text the writer typed ----------------------------------------------

YAML_11_SURPRISES = [
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "off",
    "true",
    "False",
    "y",
    "n",
    "1.10",
    "0777",
    "0o17",
    "0x1F",
    "12:30",
    "1_000",
    "1e3",
    ".inf",
    ".NaN",
    "2021-07-15",
    "+1",
    "-0",
    "=",
    "<<",
]


@pytest.mark.parametrize("typed", YAML_11_SURPRISES)
def test_plain_scalars_stay_text(typed: str) -> None:
    source = read_text(PATH, front(f"value: {typed}", f"items: [{typed}]", f"'{typed}': {typed}"))
    assert source.diagnostics == []
    assert scalar(source, "value").value == typed
    assert scalar(source, "items", 0).value == typed
    assert scalar(source, typed).value == typed


def test_every_scalar_of_the_seed_is_a_string() -> None:
    for name in ("carm-2021-07-15.en.md", "carm-2021-07-15.fr.md", "contacts/ccsh.en.md"):
        scalars = all_scalars(read(SEED_BULLETINS / name).tree)
        assert len(scalars) > 10
        assert all(isinstance(s.value, str) for s in scalars), name


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("", None),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("'null'", "null"),
        ('"~"', "~"),
        ("''", ""),
    ],
)
def test_only_plain_null_words_are_empty(written: str, value: str | None) -> None:
    source = read_text(PATH, front(f"value: {written}"))
    assert scalar(source, "value").value == value


# Refused YAML ------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    source = read_text(PATH, front("title: one", "date: 2021-07-15", "title: two"))
    assert codes(source) == [("BB003", 4, 1)]
    assert "line 2" in source.diagnostics[0].message
    assert scalar(source, "title").value == "one"


def test_nested_duplicate_key() -> None:
    source = read_text(PATH, front("items:", "  - id: a", "    id: b"))
    assert codes(source) == [("BB003", 4, 5)]
    assert "'id'" in source.diagnostics[0].message
    assert "line 3" in source.diagnostics[0].message


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system",
        "!!str 0777",
        "!custom value",
    ],
)
def test_tags_are_refused(tagged: str) -> None:
    source = read_text(PATH, front("title: x", f"value: {tagged}"))
    assert [c for c, *_ in codes(source)] == ["BB004"]
    assert codes(source)[0][1:] == (3, 8)


def test_anchor_and_alias_refused_once() -> None:
    source = read_text(PATH, front("a: &x one", "b: *x", "c: *x"))
    assert codes(source) == [("BB005", 2, 4)]


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    raw = front(*levels)  # fully expanded: 9**10 (3.5 billion) items
    start = time.perf_counter()
    source = read_text(PATH, raw)
    elapsed = time.perf_counter() - start
    assert [c for c, *_ in codes(source)] == ["BB005"]
    assert elapsed < 1.0, f"alias bomb took {elapsed:.2f} s"


def test_syntax_error_is_positioned() -> None:
    source = read_text(PATH, front("title: x", "  date: 2021-07-15"))
    assert [c for c, *_ in codes(source)] == ["BB001"]
    assert source.diagnostics[0].location.line == 3


def test_front_matter_must_be_fields() -> None:
    source = read_text(PATH, front("- one", "- two"))
    assert codes(source) == [("BB001", 2, 1)]
    assert source.tree is None


# Text checks -------------------------------------------------------------------------------


def test_bom_crlf_and_nfd_are_accepted_and_normalized() -> None:
    text = unicodedata.normalize(
        "NFD", "---\r\nname: Clientèle\r\nnote: café crème\r\n---\r\nÉté\r\n"
    )
    source = read_text(PATH, b"\xef\xbb\xbf" + text.encode())
    assert source.diagnostics == []
    assert scalar(source, "name").value == "Clientèle"
    assert unicodedata.is_normalized("NFC", source.text)
    note = scalar(source, "note")
    assert (note.value, note.line, note.column) == ("café crème", 3, 7)
    assert source.body == "Été"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_invisible_characters_are_errors_at_their_position(char: str, name: str) -> None:
    raw = front("title: x", "items:", f"  - Log off the C{char}CP").replace(b"\n", b"\r\n")
    source = read_text(PATH, raw)
    assert codes(source) == [("BB006", 4, 18)]
    assert name in source.diagnostics[0].message
    assert scalar(source, "items", 0).value == "Log off the C CP"


def test_tab_is_allowed_in_the_body() -> None:
    source = read_text(PATH, b"---\ntitle: x\n---\ncode:\tvalue\n")
    assert source.diagnostics == []


def test_not_utf8_names_the_line_of_the_first_bad_byte() -> None:
    source = read_text(PATH, "---\ntitle: x\nname: Clientèle\n---\n".encode("latin-1"))
    assert codes(source) == [("BB007", 3, 1)]
    assert source.tree is None


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (b"title: x\n", 1),
        (b"", 1),
        (b"---\ntitle: x\ndate: 2021-07-15\n", 4),
    ],
)
def test_missing_front_matter_or_closing_fence(raw: bytes, line: int) -> None:
    source = read_text(PATH, raw)
    assert [(c, ln) for c, ln, _ in codes(source)] == [("BB002", line)]
    assert source.tree is None


def test_too_large_file_is_refused_before_parsing() -> None:
    raw = front("title: x") + b"a" * (MAX_BYTES + 1 - len(front("title: x")))
    assert len(raw) == MAX_BYTES + 1
    source = read_text(PATH, raw)
    assert codes(source) == [("BB008", 1, 1)]
    assert source.tree is None
    assert read_text(PATH, raw[:MAX_BYTES]).diagnostics == []


def test_too_large_file_in_a_project(bulletins_copy: Path) -> None:
    path = bulletins_copy / "carm-2021-07-15.en.md"
    path.write_bytes(path.read_bytes() + b"\n" + b"Padding line.\n" * (MAX_BYTES // 14 + 1))
    diagnostics = validate([bulletins_copy]).diagnostics.sorted()
    found = [(d.code, d.location.path.name) for d in diagnostics]
    assert found == [("BB008", "carm-2021-07-15.en.md")]


def test_file_name_with_a_space_is_refused(tmp_path: Path) -> None:
    from bulletin_builder.model.project import load_project  # noqa: PLC0415

    (tmp_path / "carm 2021-07-20.en.md").write_text("---\nid: x\n---\n", encoding="utf-8")
    codes = [d.code for d in load_project(tmp_path).diagnostics]
    assert codes == ["BB009"]
