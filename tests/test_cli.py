"""The ``bulletin`` command: exact output and exit codes, run in an isolated folder."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from bulletin_builder.cli import main
from bulletin_builder.model.records import Bulletin, Contact
from conftest import ROOT, SEED_BULLETINS

EN = "bulletins/carm-2021-07-15.en.md"
FR = "bulletins/carm-2021-07-15.fr.md"


@pytest.fixture
def project(in_tmp_cwd: Path) -> Path:
    """An empty working folder holding a copy of the seed bulletins in bulletins/."""
    shutil.copytree(SEED_BULLETINS, in_tmp_cwd / "bulletins")
    return in_tmp_cwd


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="bulletin", catch_exceptions=False)


def edit(path: str, old: str, new: str) -> None:
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def wrong_fix_date() -> None:
    edit(FR, "        fix_date: 2021-07-31", "        fix_date: 2021-07-30")


BB204_TEXT = """\
bulletins/carm-2021-07-15.fr.md:92:19: error BB204: fix date differs from English (2021-07-31)
   92 |         fix_date: 2021-07-30
      |                   ^
  hint: write fix_date: 2021-07-31
"""


# bulletin validate ---------------------------------------------------------------------------


def test_validate_clean(project: Path) -> None:
    result = run("validate")
    assert (result.exit_code, result.output) == (0, "4 file(s) checked: no problems\n")


def test_seed_validates_clean_under_strict(project: Path) -> None:
    result = run("validate", "--strict", EN, FR)
    assert (result.exit_code, result.output) == (0, "4 file(s) checked: no problems\n")


def test_validate_with_an_error(project: Path) -> None:
    wrong_fix_date()
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout == BB204_TEXT + "4 file(s) checked: 1 error(s), 0 warning(s)\n"
    assert result.stderr == ""


def test_validate_reports_every_problem_at_once(project: Path) -> None:
    wrong_fix_date()
    edit(EN, "audience: Commercial clients", "audience: Importers")
    edit("bulletins/contacts/ccsh.en.md", "id: ccsh", "id: helpdesk")
    result = run("validate")
    heads = [line for line in result.output.splitlines() if ": error BB" in line]
    assert [h.split(": error ")[1][:5] for h in heads] == ["BB310", "BB204", "BB313"]
    assert result.exit_code == 1


def test_validate_only_the_files_named(project: Path) -> None:
    wrong_fix_date()
    assert run("validate", EN).exit_code == 0
    result = run("validate", FR)
    expected = BB204_TEXT + "4 file(s) checked: 1 error(s), 0 warning(s)\n"
    assert (result.exit_code, result.output) == (1, expected)


def test_validate_the_contacts_folder_checks_its_contact_blocks(project: Path) -> None:
    """``bulletins/contacts`` names the contact blocks of ``bulletins/``, read as contact blocks
    (they were read as bulletins, with 26 errors)."""
    wrong_fix_date()  # in a bulletin, not asked for
    assert run("validate", "bulletins/contacts").output == "4 file(s) checked: no problems\n"
    edit("bulletins/contacts/ccsh.fr.md", "number: 1-800-461-9999", "number: 1-800-461-9998")
    result = run("validate", "bulletins/contacts", "--format", "json")
    found = json.loads(result.output)["diagnostics"]
    assert [(d["path"], d["code"]) for d in found] == [("bulletins/contacts/ccsh.fr.md", "BB206")]


PENDING = (
    "bulletins/carm-2021-07-15.en.md:2:1: {severity} BB201: "
    "bulletin has no 'fr' translation yet (expected carm-2021-07-15.fr.md)\n"
    """\
    2 | message_number: CARM 2021-07-15
      | ^
  hint: add the translation; --strict makes this an error
"""
)


def test_pending_translation_is_a_warning(project: Path) -> None:
    Path(FR).unlink()
    result = run("validate")
    expected = PENDING.format(severity="warning") + "3 file(s) checked: 0 error(s), 1 warning(s)\n"
    assert (result.exit_code, result.output) == (0, expected)


def test_pending_translation_fails_under_strict(project: Path) -> None:
    Path(FR).unlink()
    result = run("validate", "--strict")
    expected = PENDING.format(severity="error") + "3 file(s) checked: 1 error(s), 0 warning(s)\n"
    assert (result.exit_code, result.output) == (1, expected)


def test_format_github(project: Path) -> None:
    wrong_fix_date()
    Path("bulletins/contacts/ccsh.fr.md").unlink()
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "::error file=bulletins/carm-2021-07-15.fr.md,line=8,col=10,title=BB311::"
        "contact block 'ccsh' not found%0Ahint: expected contacts/ccsh.fr.md",
        "::error file=bulletins/carm-2021-07-15.fr.md,line=92,col=19,title=BB204::"
        "fix date differs from English (2021-07-31)%0Ahint: write fix_date: 2021-07-31",
        "::warning file=bulletins/contacts/ccsh.en.md,line=2,col=1,title=BB201::"
        "contact block has no 'fr' translation yet (expected ccsh.fr.md)"
        "%0Ahint: add the translation; --strict makes this an error",
    ]


def test_format_json(project: Path) -> None:
    wrong_fix_date()
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report == {
        "files": 4,
        "diagnostics": [
            {
                "code": "BB204",
                "severity": "error",
                "message": "fix date differs from English (2021-07-31)",
                "path": FR,
                "line": 92,
                "column": 19,
                "field": "sections[1].problems[1].fix_date",
                "hint": "write fix_date: 2021-07-31",
            }
        ],
        "summary": {"errors": 1, "warnings": 0},
    }


def test_format_json_clean(project: Path) -> None:
    result = run("validate", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "files": 4,
        "diagnostics": [],
        "summary": {"errors": 0, "warnings": 0},
    }


def test_nonexistent_path_is_a_usage_error(project: Path) -> None:
    result = run("validate", "bulletins/nope.en.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Path 'bulletins/nope.en.md' does not exist" in result.stderr


def test_no_bulletins_folder_is_a_usage_error(in_tmp_cwd: Path) -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    expected = "bulletin: no bulletins/ folder here; pass the files or folders to check\n"
    assert result.stderr == expected


def test_unknown_format_is_a_usage_error(project: Path) -> None:
    result = run("validate", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'github', 'json'" in result.stderr


# bulletin schema -----------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "model"), [((), Bulletin), (("--contact",), Contact)])
def test_schema_lists_the_model_fields(args: tuple[str, ...], model: type) -> None:
    result = run("schema", *args)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    fields = {f.name for f in dataclasses.fields(model)} - {"body"}
    assert set(schema["properties"]) == fields
    assert schema["additionalProperties"] is False
    assert "message_number" in schema["required"] or model is Contact
    assert all(p.get("description") for p in schema["properties"].values())


def test_schema_describes_nested_records() -> None:
    schema = json.loads(run("schema").output)
    problem = schema["$defs"]["Problem"]
    assert set(problem["properties"]) == {
        "id",
        "description",
        "workaround",
        "fix_date",
        "scope",
        "resolved",
    }
    assert set(problem["required"]) == {"id", "description", "workaround", "fix_date"}


# Help ----------------------------------------------------------------------------------------


def test_group_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: bulletin [OPTIONS] COMMAND [ARGS]...")
    for name in main.commands:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help, f"'bulletin {name}' has no help text"
    for option in ("--help", "-h"):
        result = run(name, option)
        assert result.exit_code == 0
        assert result.output.startswith(f"Usage: bulletin {name} [OPTIONS]")
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"'bulletin {name} {param.opts[0]}' has no help text"


def test_python_m_bulletin_builder_help() -> None:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, "-m", "bulletin_builder", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: ")
    assert "validate" in done.stdout


def test_report_counts_warnings_as_errors_under_strict() -> None:
    from bulletin_builder.errors import Diagnostic, Location, Severity  # noqa: PLC0415
    from bulletin_builder.report import as_json, summary  # noqa: PLC0415

    found = [Diagnostic("BB201", "pending", Location(Path(EN)), Severity.WARNING)]
    assert summary(found, 3) == "3 file(s) checked: 0 error(s), 1 warning(s)"
    assert summary(found, 3, strict=True) == "3 file(s) checked: 1 error(s), 0 warning(s)"
    report = json.loads(as_json(found, 3, strict=True))
    assert report["summary"] == {"errors": 1, "warnings": 0}
    assert report["diagnostics"][0]["severity"] == "error"


def test_schema_describes_every_block_and_one_field_per_block() -> None:
    schema = json.loads(run("schema").output)
    defs = schema["$defs"]
    assert {"Block", "Window", "WindowTable", "NumberedItem", "HistoryEntry", "Reference"} <= set(
        defs
    )
    block = defs["Block"]
    assert set(block["properties"]) == {
        "text",
        "problems",
        "problem",
        "windows",
        "numbered",
        "contact",
    }
    assert (block["minProperties"], block["maxProperties"]) == (1, 1)
    assert set(defs["Window"]["required"]) == {"system", "start", "clients_affected", "description"}
    status = schema["properties"]["status"]["anyOf"][0]
    assert status == {"enum": ["updated", "resolved", "corrected", "cancelled"]}
