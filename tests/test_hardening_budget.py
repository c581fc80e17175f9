"""Hardening case 22: every build ends, within a time and memory budget per output.

A render that goes over its budget fails the build with a message naming the output, and
nothing is written. The renderers are replaced by ones that hang or grab memory, so the
tests are quick and do not depend on the machine's speed. Numbers continue those of
``docs/security.md``; ``bench/bench_budget.py`` shows the largest bulletin validation
accepts builds within the default budget.
"""

from __future__ import annotations

import resource
import signal
import time
from pathlib import Path

import pytest

from bulletin_builder.build.budget import Budget, within
from bulletin_builder.render.docx.renderer import DocxRenderer
from bulletin_builder.render.pdf import PdfRenderer
from hardening_support import cli, temp_files, untouched


def test_22_render_that_hangs_fails_in_time_and_writes_nothing(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hang(self: PdfRenderer, edition: object) -> bytes:
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(PdfRenderer, "render", hang)
    before = untouched(out)
    start = time.monotonic()
    result = cli("build", str(bulletins_copy), "--out", str(out), "--force", "--time-limit", "2")
    assert time.monotonic() - start < 60
    assert result.exit_code == 1, result.output
    assert "rendering the PDF of carm-2021-07-15 (" in result.output
    assert "took too long (over 2 s); nothing was written" in result.output
    assert untouched(out) == before
    assert temp_files(out) == []


def test_22_render_that_grabs_memory_fails_and_writes_nothing(
    bulletins_copy: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def grab(self: DocxRenderer, edition: object) -> bytes:
        hoard = [bytearray(64 << 20) for _ in range(64)]  # 4 GB, 64 MB at a time
        return bytes(len(hoard))

    monkeypatch.setattr(DocxRenderer, "render", grab)
    before = untouched(out)
    args = ("build", str(bulletins_copy), "--out", str(out), "--force", "--memory-limit", "512")
    result = cli(*args, "-j", "1")
    assert result.exit_code == 1, result.output
    assert "rendering the DOCX of carm-2021-07-15 (" in result.output
    assert "took too much memory (over 512 MB); nothing was written" in result.output
    assert untouched(out) == before
    assert temp_files(out) == []


def test_22_budget_is_lifted_after_each_render() -> None:
    limits = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)
    with within(Budget(5, 256), "a test"):
        assert resource.getrlimit(resource.RLIMIT_AS)[0] != limits[0][0]
        assert signal.getsignal(signal.SIGALRM) != limits[1]
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)) == limits
    time.sleep(6)  # the timer was stopped too: no alarm goes off after the block
