"""The largest bulletin validation accepts builds within the render budget (issue 9).

Two worst cases at the limits of ``validate/rules/limits.py``, each an English and a French
file that validate clean:

(a) spread: 300 problems (``MAX_PROBLEMS``), the bulletin's whole text budget
    (``MAX_BULLETIN_TEXT``) and markup budget (``MAX_BULLETIN_MARKS``) shared among them, the
    markup as emphasis (the costliest inline box for the PDF's layout);
(b) concentrated: as few problems as hold the same budgets, each description a single
    paragraph of ``MAX_TEXT`` characters and each work-around ``MAX_MARKS`` emphasis marks.

Each is built (HTML, PDF, DOCX, ``--force``, two workers) by the ``bulletin`` command; the
processor time of its slowest output (rendered in this process) and the peak memory of the
largest process of a whole ``bulletin build`` are printed as ratios to the default budget of
one output (``build/budget.py``: 60 s of processor time, 1 GB). Target: both ratios ≤ 0.5,
leaving a slower CI machine a factor of two. The build's time on the clock is printed too.
The script also checks that one more character or mark is refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import HEADER, SEED

from bulletin_builder.build.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS
from bulletin_builder.validate.rules.limits import (
    MAX_BULLETIN_MARKS,
    MAX_BULLETIN_TEXT,
    MAX_MARKS,
    MAX_PROBLEMS,
    MAX_TEXT,
)

BIN = Path(sys.executable).parent
HEAD = (
    "---\nmessage_number: CARM 2022-01-03\nlanguage: {lang}\nseries: {series}\n"
    "title: {title}\naudience: {audience}\ndate: 2022-01-03\ncontact: ccsh\nsections:\n"
    "  - heading: {heading}\n    problems:\n"
)
ROW = (
    "      - id: p{i}\n        description: |\n          {description}\n"
    "        workaround: |\n          {workaround}\n"
)
ROW_END = "        fix_date: TBD\n"


def words(size: int) -> str:
    """Plain words, ``size`` characters: one paragraph with no markup."""
    return ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size].strip()


def emphasis(marks: int, size: int) -> str:
    """``marks`` emphasis marks (``*word*`` pairs) padded with words to ``size`` characters."""
    text = " ".join(["*word*"] * (marks // 2))
    return f"{text} {words(size - len(text) - 1)}" if size > len(text) + 1 else text


def bulletin(lang: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(
        ROW.format(i=i, description=d, workaround=w) + ROW_END for i, (d, w) in enumerate(rows)
    )
    series, title, audience, heading, _ = HEADER[lang]
    head = HEAD.format(lang=lang, series=series, title=title, audience=audience, heading=heading)
    return head + body + "---\n"


def spread() -> list[tuple[str, str]]:
    per_problem = (MAX_BULLETIN_TEXT - 5_000) // MAX_PROBLEMS
    marks = MAX_BULLETIN_MARKS // MAX_PROBLEMS
    return [(words(per_problem // 2), emphasis(marks, per_problem // 2))] * MAX_PROBLEMS


def concentrated() -> list[tuple[str, str]]:
    per_problem = MAX_TEXT + 2 * MAX_MARKS * 4
    count = min((MAX_BULLETIN_TEXT - 5_000) // per_problem, MAX_BULLETIN_MARKS // MAX_MARKS)
    return [(words(MAX_TEXT - 1), emphasis(MAX_MARKS, MAX_MARKS * 4))] * count  # + a newline


def write(folder: Path, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True)
    (folder / "bulletins.toml").write_bytes((SEED / "bulletins.toml").read_bytes())
    (folder / "contacts").mkdir()
    for contact in (SEED / "contacts").glob("*.md"):
        (folder / "contacts" / contact.name).write_bytes(contact.read_bytes())
    for lang in ("en", "fr"):
        (folder / f"carm-2022-01-03.{lang}.md").write_text(bulletin(lang, rows), encoding="utf-8")
    return folder


def errors(folder: Path) -> list[str]:
    done = subprocess.run(
        [str(BIN / "bulletin"), "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    return [d["message"] for d in report["diagnostics"] if d["severity"] == "error"]


def build(folder: Path, out: Path) -> tuple[float, float, float]:
    """(wall seconds, processor seconds of every process, peak megabytes of the largest
    process) of one ``bulletin build``."""
    command = [str(BIN / "bulletin"), "build", str(folder), "--out", str(out), "--force", "-j", "2"]
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "took = time.perf_counter() - start\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu, peak = use.ru_utime + use.ru_stime, use.ru_maxrss / 1024\n"
        "print(done.returncode, took, cpu, peak, repr(done.stderr[-300:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True
    )
    code, took, cpu, peak, stderr = done.stdout.split(" ", 4)
    if code != "0":
        raise SystemExit(f"the build failed: {stderr}")
    return float(took), float(cpu), float(peak)


def render_times(folder: Path) -> dict[str, float]:
    """Processor seconds of each output of the English edition, rendered in this process."""
    from bulletin_builder.render import get_renderer  # noqa: PLC0415
    from bulletin_builder.validate.runner import load_editions  # noqa: PLC0415

    edition = next(e for e in load_editions([folder]) if e.language == "en")
    times = {}
    for fmt in ("html", "pdf", "docx"):
        renderer = get_renderer(fmt)
        start = time.process_time()
        renderer.render(edition)
        times[fmt] = time.process_time() - start
    return times


def main() -> None:
    print(f"# largest accepted bulletin within the render budget (load {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory() as tmp:
        for name, rows in (("spread", spread()), ("concentrated", concentrated())):
            folder = write(Path(tmp) / name, rows)
            assert errors(folder) == [], errors(folder)
            times = render_times(folder)
            worst = max(times, key=times.__getitem__)
            took, cpu, peak = build(folder, Path(tmp) / f"{name}-out")
            print(
                f"{name:>13}: {len(rows)} problems; slowest output {worst.upper()} "
                f"{times[worst]:.1f} s of processor time = {times[worst] / DEFAULT_SECONDS:.2f}x "
                f"the {DEFAULT_SECONDS:g} s budget (target <= 0.5); whole build (EN+FR, 3 "
                f"formats, 2 workers) {took:.1f} s on the clock, {cpu:.0f} s of processor "
                f"time; peak {peak:.0f} MB = "
                f"{peak / DEFAULT_MEGABYTES:.2f}x the {DEFAULT_MEGABYTES} MB budget"
            )
        over = write(Path(tmp) / "over", [*spread(), ("one more", "*a*")])
        assert errors(over), "one more problem, character and mark must be refused"


if __name__ == "__main__":
    main()
