"""Faults and reproducibility, cases 10 to 13 of the hardening list (see docs/security.md).

Every fault leaves the previous outputs byte-identical, no temporary file behind (a build
killed with ``kill -9`` cannot clean up: the next build does), a non-zero exit and a one-line
message. Real read-only and full file systems are mounted when the machine allows it (root);
the same faults are also injected, so the behaviour is checked everywhere.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bulletin_builder.build import write
from bulletin_builder.build.orchestrator import build, locked
from bulletin_builder.render.docx.renderer import DocxRenderer
from hardening_support import SLUG, cli, hashes, temp_files, untouched

ROOT = Path(__file__).resolve().parent.parent


def whole(out: Path) -> None:
    """Every output is complete: PDFs end, Word files unzip, pages close."""
    for lang in ("en", "fr"):
        stem = out / SLUG / f"{SLUG}.{lang}"
        pdf = Path(f"{stem}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-")
        assert b"%%EOF" in pdf[-64:]
        with zipfile.ZipFile(io.BytesIO(Path(f"{stem}.docx").read_bytes())) as archive:
            assert archive.testzip() is None
        assert Path(f"{stem}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def one_line_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("bulletin: error:")]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# 10. Faults ----------------------------------------------------------------------------------


def test_10_exception_in_docx_renderer_after_pdf_keeps_previous_outputs(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = untouched(out)

    def explode(self: DocxRenderer, edition: object) -> bytes:
        raise RuntimeError("the Word writer broke")

    monkeypatch.setattr(DocxRenderer, "render", explode)
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force", "-j", "1")
    assert result.exit_code == 1
    assert "the Word writer broke" in one_line_error(result.output)
    assert untouched(out) == before
    assert temp_files(out) == []


def test_10_exception_while_writing_docx_after_pdf_staged_replaces_nothing(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = untouched(out)
    real_stage = write.stage
    staged: list[str] = []

    def stage(path: Path, data: bytes) -> Path:
        if path.suffix == ".docx":
            assert any(name.endswith(".pdf") for name in staged)  # the PDFs are on disk already
            raise RuntimeError("crash while writing the Word file")
        staged.append(path.name)
        return real_stage(path, data)

    monkeypatch.setattr(write, "stage", stage)
    with pytest.raises(RuntimeError, match="crash while writing"):
        build([bulletins_copy], out, ("html", "pdf", "docx"), force=True, jobs=1)
    assert untouched(out) == before
    assert temp_files(out) == []


KILLED_BUILD = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    name = os.readlink(f"/proc/self/fd/{fd}")
    if name.endswith(".tmp") and ".pdf." in name:
        print("STAGED", name, flush=True)
        time.sleep(120)
os.fsync = slow_fsync
from bulletin_builder.cli import main
sys.argv = ["bulletin", "build", sys.argv[1], "--out", sys.argv[2], "--force", "-j", "1"]
main()
"""


@pytest.mark.slow
def test_10_kill_9_while_writing_a_pdf(bulletins_copy: Path, out: Path) -> None:
    before, stamps = hashes(out), untouched(out)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(bulletins_copy), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until a PDF is on disk under its temporary name
        assert line.startswith("STAGED"), line
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    leftovers = temp_files(out)
    assert [p.name for p in leftovers if ".pdf." in p.name]  # kill -9 cannot clean up ...
    assert {k: v for k, v in untouched(out).items() if not k.endswith(".tmp")} == stamps
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert temp_files(out) == []  # ... the next build does
    whole(out)
    assert hashes(out) == before  # same sources, same bytes


@contextmanager
def mounted(*commands: list[str], target: Path) -> Iterator[None]:
    """Run mount commands (skip if the machine does not allow it); unmount afterwards."""
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(target)], capture_output=True, check=False)
            pytest.skip(f"cannot mount here ({done.stderr.strip()}); the injected test covers it")
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], capture_output=True, check=True)


def test_10_read_only_build_folder_mounted(bulletins_copy: Path, out: Path) -> None:
    before = untouched(out)
    with mounted(
        ["mount", "--bind", str(out), str(out)],
        ["mount", "-o", "remount,bind,ro", str(out)],
        target=out,
    ):
        result = cli("build", str(bulletins_copy), "--out", str(out), "--force")
        assert result.exit_code == 1
        assert "Read-only file system" in one_line_error(result.output)
        assert untouched(out) == before
    assert temp_files(out) == []


def test_10_read_only_build_folder_injected(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = untouched(out)

    def refuse(path: Path, data: bytes) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))

    monkeypatch.setattr(write, "stage", refuse)
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force")
    assert result.exit_code == 1
    message = one_line_error(result.output)
    assert "Permission denied" in message
    assert "previous files were kept" in message
    assert untouched(out) == before


def test_10_read_only_parent_folder_is_a_clear_error(
    bulletins_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = cli("build", str(bulletins_copy), "--out", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "Permission denied" in one_line_error(result.output)


def test_10_full_disk_mounted(bulletins_copy: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], target=disk):
        out = disk / "out"
        assert (
            cli("build", str(bulletins_copy), "--out", str(out), "--format", "html,docx").exit_code
            == 0
        )
        before = untouched(out)
        stats = os.statvfs(disk)
        (disk / "filler").write_bytes(b"\0" * max(stats.f_bavail * stats.f_frsize - 40_000, 0))
        result = cli(
            "build", str(bulletins_copy), "--out", str(out), "--format", "html,docx", "--force"
        )
        assert result.exit_code == 1
        assert "No space left on device" in one_line_error(result.output)
        assert untouched(out) == before
        assert temp_files(out) == []


def test_10_full_disk_injected(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = untouched(out)
    real_stage = write.stage
    calls: list[Path] = []

    def fill(path: Path, data: bytes) -> Path:
        calls.append(path)
        if len(calls) == 3:  # two files are staged, the third finds the disk full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_stage(path, data)

    monkeypatch.setattr(write, "stage", fill)
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force")
    assert result.exit_code == 1
    assert "No space left on device" in one_line_error(result.output)
    assert untouched(out) == before
    assert temp_files(out) == []


def test_10_stale_temporary_files_are_removed_and_others_kept(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    stale = folder / ".carm.en.pdf.k3j_9xq2.tmp"
    mine = folder / "notes.tmp"
    stale.write_bytes(b"half a PDF")
    mine.write_bytes(b"someone else's")
    assert write.remove_stale_temps(folder) == [stale]
    assert not stale.exists()
    assert mine.exists()


# 11. Output path that is a symbolic link --------------------------------------------------------


LINKED = (f"{SLUG}/{SLUG}.en.pdf", f"{SLUG}/{SLUG}.fr.docx", "index.html")
"""Outputs replaced by a link to a file outside (a PDF, a Word file, the index; one build)."""


def test_11_symlinked_outputs_replaced_targets_never_written(
    bulletins_copy: Path, out: Path, tmp_path: Path
) -> None:
    targets = {}
    for number, name in enumerate(LINKED):
        targets[name] = tmp_path / f"outside-{number}.txt"
        targets[name].write_text("precious", encoding="utf-8")
        (out / name).unlink()
        (out / name).symlink_to(targets[name])
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    for name, target in targets.items():
        assert target.read_bytes() == b"precious", name
        assert not (out / name).is_symlink(), name
        assert (out / name).stat().st_size > 1000, name
    whole(out)


# 12. Two builds at once ------------------------------------------------------------


@pytest.mark.slow
def test_12_two_builds_at_once_both_finish_outputs_whole(
    bulletins_copy: Path, tmp_path: Path, clean_build: Path
) -> None:
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "bulletin_builder",
        "build",
        str(bulletins_copy),
        "--out",
        str(out),
        "-j",
        "1",
    ]
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [child.communicate(timeout=240) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    summaries = sorted(stdout.strip().split(" ")[0] for stdout, _ in results)
    assert summaries in (["Built", "Nothing"], ["Built", "Built"])
    whole(out)
    assert temp_files(out) == []
    assert hashes(out) == hashes(clean_build)


def _waits_for_a_lock(pid: int) -> bool:
    """Whether process ``pid`` sleeps in the kernel waiting for a file lock (Linux)."""
    try:
        return "lock" in Path(f"/proc/{pid}/wchan").read_text(encoding="ascii")
    except OSError:
        return False


def test_12_a_build_waits_while_another_holds_the_output_folder(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    """Fails if the lock is removed: the second build would then write while the first runs."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "bulletin_builder", "build", str(bulletins_copy)]
    with locked(out):  # the first build, holding the folder
        child = subprocess.Popen(
            [*command, "--out", str(out), "--format", "html"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not _waits_for_a_lock(child.pid) and child.poll() is None:
            assert time.monotonic() < deadline, "the build neither waited nor finished"
            time.sleep(0.05)
        assert child.poll() is None, "the build ran while the folder was locked"
        assert [p.name for p in out.iterdir()] == []
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 0, stderr
    assert stdout.startswith("Built ")


# 13. Reproducibility ------------------------------------------------------------


def _clone(target: Path) -> Path:
    """A copy of the working tree (what a clone holds) at ``target``."""
    target.mkdir(parents=True)
    for part in ("src", "templates", "bulletins"):
        shutil.copytree(
            ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _build_clone(clone: Path, tz: str) -> Path:
    env = {
        k: v for k, v in os.environ.items() if k not in ("BULLETIN_TEMPLATES", "SOURCE_DATE_EPOCH")
    }
    env.update(TZ=tz, PYTHONPATH=str(clone / "src"))
    where = subprocess.run(
        [sys.executable, "-c", "import bulletin_builder; print(bulletin_builder.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=clone,
    )
    assert where.stdout.startswith(str(clone)), where.stdout  # the clone's own code and templates
    subprocess.run(
        [sys.executable, "-m", "bulletin_builder", "build"],
        env=env,
        cwd=clone,
        check=True,
        capture_output=True,
        timeout=240,
    )
    return clone / "build"


@pytest.mark.slow
def test_13_two_clones_two_time_zones_identical_sha256(tmp_path: Path) -> None:
    first = _build_clone(_clone(tmp_path / "a" / "bulletin-builder"), "UTC")
    time.sleep(1.5)  # seconds apart: a clock leaking into an output would show
    second = _build_clone(_clone(tmp_path / "elsewhere" / "deeper" / "clone"), "America/Toronto")
    one, two = hashes(first), hashes(second)
    outputs = [name for name in one if name.endswith((".html", ".pdf", ".docx"))]
    assert len(outputs) == 7  # three formats in two languages, and the index
    assert one == two
