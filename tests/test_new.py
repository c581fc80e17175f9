"""`bulletin new`: placeholders that fail until filled, the next edition, no overwriting."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bulletin_builder.cli import main
from bulletin_builder.model.project import build_record
from bulletin_builder.model.records import Bulletin
from bulletin_builder.source.reader import read
from bulletin_builder.validate.runner import validate

SEED = "carm-2021-07-15"


@pytest.fixture
def folder(bulletins_copy: Path) -> Iterator[Path]:
    """The seed bulletins, with the working directory just above them."""
    old = Path.cwd()
    os.chdir(bulletins_copy.parent)
    try:
        yield bulletins_copy
    finally:
        os.chdir(old)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args])


def codes(*paths: Path, strict: bool = True) -> list[str]:
    found = validate(list(paths)).diagnostics
    return [d.code for d in found.errors(strict=strict)]


def test_new_bulletin_fails_with_bb316_until_the_placeholders_are_filled(folder: Path) -> None:
    result = run("--series", "CARM", "--date", "2021-07-22")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote bulletins/carm-2021-07-22.en.md\n"
        "wrote bulletins/carm-2021-07-22.fr.md\n"
        "Fill in every TODO, then run: make validate\n"
    )
    files = [folder / f"carm-2021-07-22.{lang}.md" for lang in ("en", "fr")]
    found = codes(*files)
    assert len(found) >= 5
    assert set(found) == {"BB316"}, found
    headings = ("CCP", "Portail client de la GCRA")
    for path, title, heading in zip(
        files, ("Known Problems", "Problèmes connus"), headings, strict=True
    ):
        text = path.read_text(encoding="utf-8")
        text = text.replace("title: TODO", f"title: {title}").replace(
            "heading: TODO", f"heading: {heading}"
        )
        text = text.replace("todo-problem-id", "login-slow").replace("TODO: ", "")
        path.write_text(text, encoding="utf-8")
    assert codes(*files) == []


def test_new_bulletin_header_comes_from_the_configuration(folder: Path) -> None:
    run("--series", "CARM", "--date", "2021-07-22")
    fr = build_record(read(folder / "carm-2021-07-22.fr.md"), Bulletin)
    assert fr is not None  # a well-formed record: only the BB316 rule holds it back
    assert (fr.message_number, fr.date, fr.contact, fr.supersedes) == (
        "CARM 2021-07-22",
        "2021-07-22",
        "ccsh",
        None,
    )
    assert fr.series == "Bulletin du Service d'assistance à la clientèle de la GCRA"
    assert fr.audience == "Clients commerciaux"
    assert [p.id for p in fr.problems()] == ["todo-problem-id"]


def test_next_free_message_number(folder: Path) -> None:
    assert run("--series", "CARM", "--date", "2021-07-22").exit_code == 0
    result = run("--series", "CARM", "--date", "2021-07-22")
    assert result.exit_code == 0
    assert "wrote bulletins/carm-2021-07-22-2.en.md" in result.output
    assert "message_number: CARM 2021-07-22-2\n" in (folder / "carm-2021-07-22-2.fr.md").read_text(
        encoding="utf-8"
    )


def test_from_keeps_open_problems_and_ids_and_sets_supersedes(folder: Path) -> None:
    result = run("--from", SEED, "--date", "2021-08-01")
    assert result.exit_code == 0, result.output
    files = [folder / f"carm-2021-08-01.{lang}.md" for lang in ("en", "fr")]
    assert codes(*files) == []
    old = build_record(read(folder / f"{SEED}.en.md"), Bulletin)
    new = build_record(read(files[0]), Bulletin)
    assert old is not None
    assert new is not None
    assert new.supersedes == "CARM 2021-07-15"
    assert (new.message_number, new.date, new.contact) == (
        "CARM 2021-08-01",
        "2021-08-01",
        old.contact,
    )
    kept = [p for p in old.problems() if p.fix_date != "2021-07-31"]
    assert new.problems() == kept  # same ids, same texts; the problem fixed on July 31 is gone
    assert "duplicate-relationship-requests" not in {p.id for p in new.problems()}


def test_from_keeps_a_fix_date_on_or_after_the_new_date(folder: Path) -> None:
    assert run("--from", SEED, "--date", "2021-07-31").exit_code == 0
    new = build_record(read(folder / "carm-2021-07-31.en.md"), Bulletin)
    assert new is not None
    assert "duplicate-relationship-requests" in {p.id for p in new.problems()}


def test_refuses_to_overwrite_and_writes_nothing(folder: Path) -> None:
    draft = folder / "carm-2021-07-22.en.md"
    draft.write_text("a draft that does not parse yet\n", encoding="utf-8")
    result = run("--series", "CARM", "--date", "2021-07-22")
    assert result.exit_code == 2
    assert result.output == "bulletin: refusing to overwrite bulletins/carm-2021-07-22.en.md\n"
    assert draft.read_text(encoding="utf-8") == "a draft that does not parse yet\n"
    assert not (folder / "carm-2021-07-22.fr.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--series", "XYZ", "--date", "2021-07-22"),
            "unknown series 'XYZ'; known in bulletins.toml: CARM",
        ),
        (
            ("--series", "CARM", "--date", "2021-02-30"),
            "--date: 2021-02-30 is not a date on the calendar",
        ),
        (
            ("--date", "2021-07-22"),
            "name the series: --series CARM (or start from an edition with --from)",
        ),
        (("--from", SEED, "--date", "2021-07-15"), "--date 2021-07-15 must be after the date of"),
        (
            ("--from", "carm-1999-01-01", "--date", "2021-07-22"),
            "--from carm-1999-01-01: no bulletin",
        ),
    ],
)
def test_usage_errors_exit_2(folder: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"bulletin: {message}")


YAML_WORDS = [
    *("null", "Null", "NULL", "~", "yes", "Yes", "no", "NO", "on", "Off", "y", "n", "true"),
    *("False", "0777", "0o17", "0x1F", "1e3", "1_000", "12:30", "190:20:30", ".inf", "-.nan"),
    *("2021-07-15", "2001-12-14t21:59:43.10-05:00", "<<", "=", "#x", "- x", "a: b", "[x]"),
    *("{x: y}", "'q'", '"q"', "%x", "@x", "`x`", "!x", "&x", "*x", "|", ">", "? x", " x", "x "),
]
"""Words YAML 1.1 would read as something else, and characters that start YAML syntax."""


@pytest.mark.parametrize("word", YAML_WORDS)
def test_every_yaml_word_round_trips_through_the_writer_as_text(
    folder: Path, tmp_path: Path, word: str
) -> None:
    import dataclasses  # noqa: PLC0415

    from bulletin_builder.review.emit import bulletin_source  # noqa: PLC0415

    bulletin = build_record(read(folder / f"{SEED}.en.md"), Bulletin)
    assert bulletin is not None
    section = bulletin.sections[0]
    problem = dataclasses.replace(section.problems[0], description=word, workaround=word)
    changed = dataclasses.replace(
        bulletin,
        title=word,
        sections=[dataclasses.replace(section, heading=word, problems=[problem])],
    )
    path = tmp_path / f"{SEED}.en.md"
    path.write_text(bulletin_source(changed), encoding="utf-8")
    again = build_record(read(path), Bulletin)
    assert again is not None, path.read_text(encoding="utf-8")
    expected = word.strip()
    assert again.title == expected
    assert again.sections[0].heading == expected
    assert again.problems()[0].description == expected
    assert again.problems()[0].workaround == expected


NEXT_NUMBERS = [
    ("scheduled-maintenance", "TCC", "2025-11-20", "service-notice", "tcc25-0113", "TCC25-0113"),
    ("scheduled-maintenance", "TCC", "2026-01-05", "service-notice", "tcc26-0001", "TCC26-0001"),
    (
        "numbered-notice",
        "CN",
        "2024-11-02",
        "notice",
        "customs-notice-24-32",
        "Avis des douanes 24-32",
    ),
    (
        "known-problem-editions",
        "CARMB",
        "2025-11-20",
        "problem-message",
        "carm-bulletin-5375",
        "Bulletin de la GCRA 5375",
    ),
    (
        "contact-page",
        "CARM",
        "2025-11-03",
        "contact-page",
        "carm-2025-11-03-2",
        "CARM 2025-11-03-2",
    ),
]


@pytest.mark.parametrize(("example", "series", "day", "kind", "stem", "french"), NEXT_NUMBERS)
def test_new_numbers_every_pattern_and_writes_each_kinds_skeleton(
    tmp_path: Path, example: str, series: str, day: str, kind: str, stem: str, french: str
) -> None:
    import shutil  # noqa: PLC0415

    from conftest import ROOT  # noqa: PLC0415

    folder = tmp_path / "bulletins"
    shutil.copytree(ROOT / "examples" / example, folder)
    result = run("--series", series, "--date", day, "--kind", kind, "--path", str(folder))
    assert result.exit_code == 0, result.output
    files = [folder / f"{stem}.{lang}.md" for lang in ("en", "fr")]
    fr = build_record(read(files[1]), Bulletin)
    assert fr is not None
    assert fr.message_number == french
    assert fr.kind == kind
    found = codes(*files)
    assert found
    assert set(found) == {"BB316"}, found


def test_new_refuses_an_unknown_kind(folder: Path) -> None:
    result = run("--series", "CARM", "--date", "2021-07-22", "--kind", "newsletter")
    assert result.exit_code == 2
    assert "unknown kind 'newsletter'" in result.output
