"""`bulletin validate` on a large folder splits it across processes: same findings as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin_builder.validate import runner as validate_module
from bulletin_builder.validate.runner import validate

SLUG = "carm-2021-07-15"


def _findings(root: Path, *, keep_projects: bool) -> tuple[list[tuple[object, ...]], int]:
    result = validate([root], keep_projects=keep_projects)
    found = [
        (d.code, d.location, d.message, d.field, d.severity) for d in result.diagnostics.sorted()
    ]
    for d in result.diagnostics.items:
        assert result.sources[d.location.path], "every diagnostic can show its source line"
    return found, result.files


@pytest.fixture
def broken_folder(bulletins_copy: Path) -> Path:
    """Three bulletins: one clean, one reusing the seed's message number, one French mismatch."""
    for name in (f"{SLUG}.en.md", f"{SLUG}.fr.md"):
        shutil.copy(bulletins_copy / name, bulletins_copy / name.replace(SLUG, "carm-2021-07-16"))
        text = (bulletins_copy / name).read_text(encoding="utf-8")
        (bulletins_copy / name.replace(SLUG, "carm-2021-07-17")).write_text(
            text.replace("CARM 2021-07-15", "CARM 2021-07-17").replace("2021-07-15", "2021-07-17"),
            encoding="utf-8",
        )
    french = bulletins_copy / "carm-2021-07-17.fr.md"
    french.write_text(
        french.read_text(encoding="utf-8").replace("fix_date: 2021-07-31", "fix_date: 2021-08-01"),
        encoding="utf-8",
    )
    return bulletins_copy


def test_parallel_validation_finds_exactly_what_one_process_finds(
    broken_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, serial_files = _findings(broken_folder, keep_projects=True)
    monkeypatch.setattr(validate_module, "PARALLEL_FROM", 2)
    assert validate_module._workers(broken_folder, None, keep_projects=False) > 1
    parallel, parallel_files = _findings(broken_folder, keep_projects=False)
    assert parallel == serial
    assert parallel_files == serial_files == 8
    assert {code for code, *_ in serial} >= {"BB302", "BB304", "BB204"}


def test_languages_of_a_bulletin_stay_in_one_share(broken_folder: Path) -> None:
    shares = validate_module._shares(broken_folder, 2)
    for share in shares:
        stems = {p.name.split(".", 1)[0] for p in share}
        assert all({f"{s}.en.md", f"{s}.fr.md"} <= {p.name for p in share} for s in stems)
    assert sum(len(s) for s in shares) == 6


def test_small_folders_and_file_lists_stay_in_one_process(broken_folder: Path) -> None:
    assert validate_module._workers(broken_folder, None, keep_projects=False) == 1
    wanted = {broken_folder / f"{SLUG}.fr.md"}
    assert validate_module._workers(broken_folder, wanted, keep_projects=False) == 1


def test_a_failure_in_a_forked_share_reaches_the_caller(
    broken_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = validate_module._check_part

    def fail_on_second_share(root: Path, share: list[Path]) -> object:
        if any("carm-2021-07-16" in p.name for p in share):
            raise RuntimeError("share failed")
        return real(root, share)

    monkeypatch.setattr(validate_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validate_module, "_check_part", fail_on_second_share)
    with pytest.raises(RuntimeError, match="share failed"):
        validate([broken_folder], keep_projects=False)
