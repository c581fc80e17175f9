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
from bulletin_builder.validate.rules.limits import MAX_BULLETIN_TEXT
from hardening_support import (
    EN,
    TARGET,
    TARGET_FIELD,
    assert_refused,
    cli,
    diagnostics,
    edit,
    temp_files,
    untouched,
    where,
)


def _stopped_in_time(
    bulletins_copy: Path, out: Path, limit: str, pause: float, message: str, bound: float
) -> None:
    """A PDF renderer that runs 30 s of the clock (``pause`` s asleep at a time, or busy with 0):
    far over a ``limit``-second budget yet bounded, so without the timer the checks below
    fail instead of the suite hanging. The build stops it with ``message`` within ``bound``
    seconds, writing nothing."""

    def stalls(self: PdfRenderer, edition: object) -> bytes:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if pause:
                time.sleep(pause)
        return b"%PDF-1.7 not a budget"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PdfRenderer, "render", stalls)
        before = untouched(out)
        start = time.monotonic()
        result = cli(
            "build", str(bulletins_copy), "--out", str(out), "--force", "--time-limit", limit
        )
    assert time.monotonic() - start < bound
    assert result.exit_code == 1, result.output
    assert "rendering the PDF of carm-2021-07-15 (" in result.output
    assert f"took too long (over {message}); nothing" in result.output
    assert untouched(out) == before
    assert temp_files(out) == []


def test_22_render_that_spins_fails_on_processor_time_and_writes_nothing(
    bulletins_copy: Path, out: Path
) -> None:
    _stopped_in_time(bulletins_copy, out, "1", 0, "1 s of processor time", 30)


@pytest.mark.slow  # waits out the clock: 8 s
def test_22_render_that_hangs_fails_in_time_and_writes_nothing(
    bulletins_copy: Path, out: Path
) -> None:
    _stopped_in_time(bulletins_copy, out, "2", 0.05, "8 s in all, 4 times the budget", 60)


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
    # the timers were stopped too: no alarm goes off after the block (a 6 s sleep here could
    # not tell, the clock's timer running 20 s and the processor's counting no sleep)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


# Validation refuses the text known to blow up layout, before anything renders.


@pytest.mark.parametrize(
    ("run", "count"),
    [("[a](", 1_200), ("*a", 2_000), ("[", 2_000), ("_a_ ", 500), ("`a` ", 500)],
)
def test_22_markup_runs_that_blow_up_layout_refused(
    run: str, count: int, bulletins_copy: Path, out: Path
) -> None:
    """Seven fields of '[a](' repeated validated clean and kept a build busy for 13 minutes."""
    edit(bulletins_copy, TARGET, f"        description: '{run * count}'")
    found = assert_refused(bulletins_copy, out, "BB409", f"'{run}", TARGET_FIELD)
    assert "too much markup" in found["message"] or "too large" in found["message"]


def test_22_bulletin_over_its_text_budget_refused(bulletins_copy: Path) -> None:
    """300 problems of 3 KB each took 102 s and 370 MB to build: the bulletin's total counts."""
    text = (bulletins_copy / EN).read_text(encoding="utf-8")
    paragraph = "lorem ipsum dolor sit amet " * 150  # 4,050 characters, under MAX_TEXT
    rows = "".join(
        f"      - id: extra-{i}\n        description: {paragraph}\n"
        f"        workaround: none\n        fix_date: TBD\n"
        for i in range(MAX_BULLETIN_TEXT // len(paragraph) + 1)
    )
    anchor = "  - heading: CCP problems known to the CBSA\n    problems:\n"
    (bulletins_copy / EN).write_text(text.replace(anchor, anchor + rows, 1), encoding="utf-8")
    found = [d for d in diagnostics(bulletins_copy) if d["code"] == "BB409"]
    assert [d["message"].split(" (")[0] for d in found] == ["the bulletin is too large"]
    assert f"characters of text; at most {MAX_BULLETIN_TEXT:,})" in found[0]["message"]
    assert found[0]["field"] == "sections"
    assert (found[0]["line"], found[0]["column"]) == where(bulletins_copy, "- heading")
