"""`bulletin build`: validate first, write atomically, deterministic and incremental outputs."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_builder.build.orchestrator import RenderError, build
from bulletin_builder.build.plan import MANIFEST
from bulletin_builder.build.progress import progress_bar
from bulletin_builder.cli import main
from bulletin_builder.errors import ContentError
from bulletin_builder.render.docx.renderer import DocxRenderer
from hardening_support import hashes, untouched

SLUG = "carm-2021-07-15"
ALL = ("html", "pdf", "docx")


def test_build_writes_every_format_and_the_index(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = build([bulletins_copy], out, ALL, jobs=2)
    assert summary == f"Built 6 file(s) from 2 bulletin edition(s) into {out}/."
    for lang in ("en", "fr"):
        for fmt in ALL:
            assert (out / SLUG / f"{SLUG}.{lang}.{fmt}").stat().st_size > 1000
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{SLUG}/{SLUG}.en.pdf" in index
    assert f"{SLUG}/{SLUG}.fr.docx" in index


def test_invalid_sources_write_nothing(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    before = untouched(out)
    french = bulletins_copy / f"{SLUG}.fr.md"
    french.write_text(
        french.read_text(encoding="utf-8").replace("fix_date: 2021-07-31", "fix_date: 2021-07-30"),
        encoding="utf-8",
    )
    (bulletins_copy / f"{SLUG}.en.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build([bulletins_copy], out, ("html", "docx"))
    assert {d.code for d in caught.value.diagnostics} >= {"BB002"}
    assert untouched(out) == before


def _explode(self: DocxRenderer, edition: object) -> bytes:
    raise RuntimeError("disk on fire")


def _die(self: DocxRenderer, edition: object) -> bytes:
    os._exit(3)  # the render process ends at once, as the kernel's OOM killer would end it


FORKS = "fork" in multiprocessing.get_all_start_methods()


@pytest.mark.parametrize(
    ("failing", "message"),
    [
        (_explode, "nothing was written: disk on fire"),
        pytest.param(
            _die,
            "a render process ended abruptly",
            marks=pytest.mark.skipif(
                not FORKS, reason="the render process must be forked to inherit the renderer"
            ),
        ),
    ],
)
def test_renderer_failure_leaves_previous_outputs_byte_identical(
    bulletins_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: Callable[[DocxRenderer, object], bytes],
    message: str,
) -> None:
    """A renderer that raises, or whose process dies, fails the build; nothing is written."""
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html", "docx"))
    before = untouched(out)
    monkeypatch.setattr(DocxRenderer, "render", failing)
    with pytest.raises(RenderError, match=message):
        build([bulletins_copy], out, ("html", "docx"), force=True, jobs=1)
    assert untouched(out) == before
    assert not list(out.rglob("*.tmp"))


def test_rebuild_with_nothing_changed_rewrites_nothing(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html", "docx"))
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    summary = build([bulletins_copy], out, ("html", "docx"))
    assert summary == f"Nothing changed: 4 output(s) in {out}/ are up to date."
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_only_what_changed_is_rebuilt(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html", "docx"))
    english = out / SLUG / f"{SLUG}.en.html"
    english_stamp = english.stat().st_mtime_ns
    french = bulletins_copy / f"{SLUG}.fr.md"
    french.write_text(
        french.read_text(encoding="utf-8").replace(
            "Problèmes connus", "Problèmes connus (mis à jour)", 1
        ),
        encoding="utf-8",
    )
    summary = build([bulletins_copy], out, ("html", "docx"))
    assert summary.startswith("Built 2 file(s)")
    assert english.stat().st_mtime_ns == english_stamp
    assert "mis à jour" in (out / SLUG / f"{SLUG}.fr.html").read_text(encoding="utf-8")


def test_a_deleted_output_is_rebuilt(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    (out / SLUG / f"{SLUG}.fr.html").unlink()
    assert build([bulletins_copy], out, ("html",)).startswith("Built 1 file(s)")


def test_symlinked_output_is_replaced_not_followed(bulletins_copy: Path, tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    (out / SLUG).mkdir(parents=True)
    link = out / SLUG / f"{SLUG}.en.html"
    link.symlink_to(outside)
    build([bulletins_copy], out, ("html",))
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _build_in_subprocess(bulletins: Path, out: Path, tz: str, epoch: str) -> None:
    env = {**os.environ, "TZ": tz, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(
        [sys.executable, "-m", "bulletin_builder", "build", str(bulletins), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )


@pytest.mark.slow
def test_builds_are_byte_identical_across_time_zones_and_clocks(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    _build_in_subprocess(bulletins_copy, tmp_path / "a", "UTC", "1000000000")
    _build_in_subprocess(bulletins_copy, tmp_path / "b", "America/Toronto", "1700000000")
    first, second = hashes(tmp_path / "a"), hashes(tmp_path / "b")
    # six outputs, the index, the manifest; two e-mails, eight feeds and catalog.json
    assert len(first) == 8 + 2 + 8 + 1
    assert first == second


def test_manifest_records_every_output(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    manifest = (out / MANIFEST).read_text(encoding="utf-8")
    assert f"{SLUG}/{SLUG}.en.html" in manifest
    assert f"{SLUG}/{SLUG}.fr.html" in manifest


def test_cli_build_unknown_format_is_a_usage_error(bulletins_copy: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(bulletins_copy), "--format", "html,odt", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "unknown format(s): odt" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_build_invalid_exits_1_with_diagnostics(bulletins_copy: Path, tmp_path: Path) -> None:
    (bulletins_copy / f"{SLUG}.en.md").write_text("---\ntitle: x\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(bulletins_copy), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "error BB002: the front matter is not closed" in result.output
    assert not (tmp_path / "out").exists()


def test_parallel_and_serial_builds_agree(bulletins_copy: Path, tmp_path: Path) -> None:
    build([bulletins_copy], tmp_path / "serial", ("html", "docx"), jobs=1)
    build([bulletins_copy], tmp_path / "parallel", ("html", "docx"), jobs=2)
    assert hashes(tmp_path / "serial") == hashes(tmp_path / "parallel")


def test_progress_is_reported_per_edition(bulletins_copy: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build(
        [bulletins_copy],
        tmp_path / "out",
        ("html",),
        jobs=1,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 2), (2, 2)]


def test_progress_bar_draws_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with progress_bar(enabled=False) as advance:
        advance(1, 2)
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws only on what it takes for a terminal
    with progress_bar(enabled=True) as advance:
        advance(1, 2)
        advance(2, 2)
    assert "Rendering" in capsys.readouterr().err


@pytest.mark.slow
def test_parallel_build_leaves_no_temporary_font_folders(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "bulletin_builder", "build", str(bulletins_copy)]
    run = subprocess.run(
        [*command, "--out", str(tmp_path / "out"), "--format", "pdf", "-j", "2"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Exception ignored" not in run.stderr
    assert list(temp.iterdir()) == []
