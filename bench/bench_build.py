"""`bulletin build` against its floor (WeasyPrint alone) and a peer (pandoc), in one run.

Whole commands are timed (``time.perf_counter`` around ``subprocess.run``) against baselines
measured in the same run, so the ratios hold on any machine. Targets (issue 3, tightened by
issue 10 for (a) and (b)):

(a) the seed (``bulletins/``, EN+FR, HTML+PDF+DOCX, ``--force``) against the floor: one
    ``python`` process that imports WeasyPrint and renders the two pages our PDF renderer hands
    to WeasyPrint (the ``media="print"`` HTML, written to files first) with the same base URL,
    URL fetcher, print stylesheets and fonts (parsed once, as our renderer does per process),
    PDF/UA-1 variant and identifier -- ≤ 0.7x the floor (median of the ratios of 5 rounds,
    each timing ours and then the floor, so a drift of the machine's speed hits both alike).
(b) 100 generated bulletins (200 files) in one ``bulletin build --force`` against pandoc doing
    the same work, one invocation per file and format: ``-o f.html --standalone``,
    ``-o f.docx``, ``-o f.pdf --pdf-engine=weasyprint`` (the venv's ``weasyprint`` on PATH)
    -- ≤ 0.2x pandoc's wall time. Pandoc reads YAML front matter as metadata and would render
    an almost empty page, so each bulletin (and its contact block) is first rewritten, outside
    the timing, into an equivalent Markdown document with the same text: title, message
    number, audience, section headings, every problem's description, workaround (its own
    Markdown: lists, links, emphasis) and fix date, and the contact block. The pandoc loop runs
    one command at a time (a shell loop); a second run with one command per core is reported
    for information, since our build uses every core.
(c) the no-op rebuild of those 100 (``bulletin build`` again, no ``--force``) -- < 0.5 s
    (median of 3), also given as a ratio to ``python -c pass``.
(d) peak memory (``ru_maxrss``) of building one 300-problem bulletin (EN+FR, three formats),
    read by a small wrapper process that runs only that build -- < 300 MB. ``ru_maxrss`` of the
    children is the largest single process (the build or one of its render workers), not a sum.

``--quick`` uses 10 bulletins instead of 100 for (b) and (c). The load average is printed with
each measurement: other work on the machine slows every number down.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from generate import ROOT, SEED, generate

BIN = Path(sys.executable).parent
BULLETIN = str(BIN / "bulletin")
FORMATS = "html,pdf,docx"
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}

FLOOR = """
import hashlib, sys
from pathlib import Path
from weasyprint import HTML
from bulletin_builder.render.fetcher import TemplatesFetcher
from bulletin_builder.render.pdf import print_styles
folder = Path(sys.argv[1])
fonts, sheets = print_styles()
for name in sys.argv[2:]:
    text = Path(name).read_text(encoding="utf-8")
    ident = hashlib.sha256(text.encode()).hexdigest()[:32].encode()
    HTML(string=text, base_url=folder.as_uri() + "/", url_fetcher=TemplatesFetcher(folder)
         ).write_pdf(Path(name).with_suffix(".pdf"), stylesheets=sheets, font_config=fonts,
                     pdf_variant="pdf/ua-1", pdf_identifier=ident)
"""

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(cmd: Sequence[str], cwd: Path | None = None) -> None:
    """Run ``cmd``; show its output and stop if it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=ENV, check=False)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout}{done.stderr}")


def wall(action: Callable[[], object]) -> float:
    """Wall time of one call of ``action``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by the finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_and_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Wall time and child CPU time of one call of ``action``."""
    start = children_cpu()
    elapsed = wall(action)
    return elapsed, children_cpu() - start


def median(action: Callable[[], object], runs: int, warm_up: bool = True) -> tuple[float, float]:
    """Median wall and child CPU times of ``action`` over ``runs`` calls (after an untimed one)."""
    if warm_up:
        action()
    times = [wall_and_cpu(action) for _ in range(runs)]
    return statistics.median(w for w, _ in times), statistics.median(c for _, c in times)


ROUNDS = 5
"""Rounds of (a): each times our build, then the floor."""


def paired(
    ours: Callable[[], object], floor: Callable[[], object], rounds: int
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(wall, child CPU) of ``ours`` and of ``floor``, timed one after the other in each of
    ``rounds`` rounds (after one untimed run of each)."""
    ours()
    floor()
    return [(wall_and_cpu(ours), wall_and_cpu(floor)) for _ in range(rounds)]


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def build_cmd(folder: Path, out: Path, force: bool = True) -> list[str]:
    return [
        BULLETIN,
        "build",
        str(folder),
        "--out",
        str(out),
        "--format",
        FORMATS,
        *(["--force"] if force else []),
    ]


# (a) the seed against WeasyPrint alone ---------------------------------------------------


def print_pages(folder: Path, target: Path) -> list[Path]:
    """Write the HTML our PDF renderer hands to WeasyPrint, one file per edition."""
    from bulletin_builder.render.html import render_page  # noqa: PLC0415
    from bulletin_builder.render.pdf import margin_css  # noqa: PLC0415
    from bulletin_builder.validate.runner import load_editions  # noqa: PLC0415

    pages = []
    for edition in load_editions([folder]):
        page = target / edition.output_name("html")
        text = render_page(
            edition, "print", print_css=margin_css(edition.language, edition.publisher)
        )
        page.write_text(text, encoding="utf-8")
        pages.append(page)
    return pages


def seed_vs_floor(tmp: Path) -> dict[str, float]:
    from bulletin_builder.render.templates import templates_dir  # noqa: PLC0415

    out = tmp / "seed-out"
    pages = print_pages(SEED, tmp)
    floor_cmd = [sys.executable, "-c", FLOOR, str(templates_dir()), *map(str, pages)]
    rounds = paired(lambda: run(build_cmd(SEED, out)), lambda: run(floor_cmd), ROUNDS)
    loads = [load()]
    ours, ours_cpu = (statistics.median(r[0][i] for r in rounds) for i in (0, 1))
    floor, floor_cpu = (statistics.median(r[1][i] for r in rounds) for i in (0, 1))
    ratio = statistics.median(r[0][0] / r[1][0] for r in rounds)
    spread = sorted(r[0][0] / r[1][0] for r in rounds)
    print(
        f"(a) seed build (EN+FR, {FORMATS}) {ours:.2f} s vs WeasyPrint alone on the same 2 pages "
        f"{floor:.2f} s: {ratio:.2f}x (rounds {spread[0]:.2f}-{spread[-1]:.2f}x; target <= 0.7x) "
        f"{verdict(ratio <= 0.7)} [{', '.join(loads)}]"
    )
    print(
        f"    CPU time: ours {ours_cpu:.2f} s, WeasyPrint alone {floor_cpu:.2f} s: "
        f"{ours_cpu / floor_cpu:.2f}x (for information)"
    )
    return {
        "seed_build_s": ours,
        "weasyprint_floor_s": floor,
        "seed_floor_ratio": ratio,
        "seed_build_cpu_s": ours_cpu,
        "weasyprint_floor_cpu_s": floor_cpu,
    }


# (b) many bulletins against pandoc ----------------------------------------------------------


def _problem_md(number: int, problem: dict[str, Any]) -> str:
    return (
        f"### {number}. {problem['id']}\n\n{str(problem['description']).strip()}\n\n"
        f"**Workaround**\n\n{str(problem['workaround']).strip()}\n\n"
        f"**Fix date:** {problem['fix_date']}\n"
    )


def _contact_md(contact: dict[str, Any]) -> str:
    phones = "".join(f"- {t['number']} ({t.get('note', '')})\n" for t in contact["telephone"])
    tips = "".join(
        f"### {tip['heading']}\n\n" + "".join(f"- {i}\n" for i in tip["items"]) + "\n"
        for tip in contact.get("tips", [])
    )
    return (
        f"## {contact['heading']}\n\n{contact['name']}: {contact['hours']}\n\n"
        f"<{contact['web_form']}>\n\n{phones}\n{tips}"
    )


def front_matter(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return data


def pandoc_source(path: Path, contacts: Path) -> str:
    """One bulletin as plain Markdown (the same text as the front matter), for pandoc."""
    data = front_matter(path)
    head = {"title": data["title"], "lang": data["language"], "date": str(data["date"])}
    parts = [
        f"---\n{yaml.safe_dump(head, allow_unicode=True)}---\n\n{data['series']}\n\n"
        f"**Message number:** {data['message_number']}\n\n"
        f"**Target audience:** {data['audience']}\n"
    ]
    for section in data["sections"]:
        parts.append(f"## {section['heading']}\n")
        parts += [_problem_md(n, p) for n, p in enumerate(section["problems"], start=1)]
    contact = front_matter(contacts / f"{data['contact']}.{data['language']}.md")
    return "\n".join([*parts, _contact_md(contact)])


def pandoc_commands(folder: Path, target: Path) -> list[list[str]]:
    """Three pandoc commands (HTML, DOCX, PDF) per bulletin file, sources written to ``target``."""
    commands = []
    for path in sorted(folder.glob("*.md")):
        source = target / path.name
        source.write_text(pandoc_source(path, folder / "contacts"), encoding="utf-8")
        stem = str(source.with_suffix(""))
        commands += [
            ["pandoc", str(source), "-o", f"{stem}.html", "--standalone"],
            ["pandoc", str(source), "-o", f"{stem}.docx"],
            ["pandoc", str(source), "-o", f"{stem}.pdf", "--pdf-engine=weasyprint"],
        ]
    return commands


def run_all(commands: Iterable[Sequence[str]], workers: int, cwd: Path) -> None:
    """Run the commands, ``workers`` at a time, in ``cwd`` (pandoc writes temporary files there)."""
    if workers == 1:
        for cmd in commands:
            run(cmd, cwd)
        return
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda cmd: run(cmd, cwd), commands))


def many_vs_pandoc(tmp: Path, count: int) -> tuple[dict[str, float], Path, Path]:
    folder, out = generate(tmp / "many", count), tmp / "many-out"
    loads = [load()]
    ours, ours_cpu = wall_and_cpu(lambda: run(build_cmd(folder, out)))
    pandoc = tmp / "pandoc"
    pandoc.mkdir()
    commands, cores = pandoc_commands(folder, pandoc), os.cpu_count() or 1
    loads.append(load())
    serial, serial_cpu = wall_and_cpu(lambda: run_all(commands, 1, pandoc))
    loads.append(load())
    parallel = wall(lambda: run_all(commands, cores, pandoc))
    ratio = ours / serial
    print(
        f"(b) {count} bulletins ({2 * count} files) built in {ours:.1f} s vs pandoc "
        f"({len(commands)} commands, one at a time) {serial:.1f} s: {ratio:.3f}x "
        f"(target <= 0.2x) {verdict(ratio <= 0.2)} [{', '.join(loads)}]"
    )
    print(
        f"    CPU time: ours {ours_cpu:.1f} s, pandoc {serial_cpu:.1f} s: "
        f"{ours_cpu / serial_cpu:.3f}x (for information: less sensitive to other load)"
    )
    print(
        f"    pandoc with {cores} commands at a time: {parallel:.1f} s "
        f"({ours / parallel:.3f}x, for information) [{load()}]"
    )
    return (
        {
            "many_count": count,
            "many_build_s": ours,
            "pandoc_s": serial,
            "pandoc_ratio": ratio,
            "many_build_cpu_s": ours_cpu,
            "pandoc_cpu_s": serial_cpu,
            "pandoc_parallel_s": parallel,
            "pandoc_parallel_ratio": ours / parallel,
        },
        folder,
        out,
    )


# (c) the no-op rebuild, (d) peak memory -------------------------------------------------------


def noop_rebuild(folder: Path, out: Path, count: int) -> dict[str, float]:
    noop = median(lambda: run(build_cmd(folder, out, force=False)), 3, warm_up=False)[0]
    python = median(lambda: run([sys.executable, "-c", "pass"]), 10)[0]
    ratio = noop / python
    print(
        f"(c) no-op rebuild of {count} bulletins {noop:.3f} s (target < 0.5 s) "
        f"{verdict(noop < 0.5)}; {ratio:.1f}x python -c pass ({python * 1000:.0f} ms) [{load()}]"
    )
    return {"noop_s": noop, "python_pass_s": python, "noop_ratio": ratio}


BIG = 200
"""Problems of the (d) bulletin: the most of generate()'s problems (about 470 characters each
in French) that the 100,000-character text budget of one bulletin accepts."""


def peak_memory(tmp: Path) -> dict[str, float]:
    folder = generate(tmp / "big", 1, problems=BIG)
    cmd = [sys.executable, "-c", PEAK, *build_cmd(folder, tmp / "big-out")]
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, check=True)
    peak = int(done.stdout.split()[-1]) / 1024
    print(
        f"(d) peak memory building a {BIG}-problem bulletin (EN+FR, {FORMATS}): {peak:.0f} MB "
        f"(target < 300 MB) {verdict(peak < 300)} [{load()}]"
    )
    return {"peak_big_mb": peak}


def main(quick: bool | None = None) -> dict[str, float]:
    """Run (a) to (d) and return their numbers (``--quick``: 10 bulletins in (b) and (c))."""
    quick = "--quick" in sys.argv[1:] if quick is None else quick
    count = 10 if quick else 100
    results: dict[str, float] = {"cores": float(os.cpu_count() or 1)}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results |= seed_vs_floor(tmp)
        many, folder, out = many_vs_pandoc(tmp, count)
        results |= many
        results |= noop_rebuild(folder, out, count)
        results |= peak_memory(tmp)
    return results


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
