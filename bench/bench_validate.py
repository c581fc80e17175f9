"""`bulletin validate` over 200 generated bulletins, and the start-up cost of the CLI.

Measured as whole commands, against `python -c pass` in the same run, so the ratios hold
on any machine. Targets: 200 bulletins in < 0.5 s; `bulletin --help` and `bulletin validate
--help` at most 1.2x `python -c "import click"` (click is the floor: the command line is click),
timed in alternation, round by round, so a drift of the machine's speed hits both alike; the
cost of the terminology rule likewise, validation with `terms.toml` against validation without
it, in wall and in CPU time (the command's and its workers').
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate
from generate_family import generate_family

BIN = Path(sys.executable).parent


def timed(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def paired_ratios(cmds: dict[str, list[str]], baseline: str, rounds: int) -> dict[str, float]:
    """Each command's median time over ``baseline``'s, timed in turn within every round."""
    for cmd in cmds.values():
        _once(cmd)  # warm-up
    ratios: dict[str, list[float]] = {name: [] for name in cmds if name != baseline}
    for _ in range(rounds):
        times = {name: _once(cmd) for name, cmd in cmds.items()}
        for name, values in ratios.items():
            values.append(times[name] / times[baseline])
    return {name: statistics.median(values) for name, values in ratios.items()}


def _cpu_once(cmd: list[str]) -> float:
    """User + system CPU seconds of ``cmd`` and the worker processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def terms_ratios(cmd: list[str], terms: Path, rounds: int) -> tuple[float, float]:
    """(wall, CPU) of ``cmd`` with ``terms`` over ``cmd`` without it: medians of the ratios
    of rounds in which the two runs follow each other, so a change of load hits both."""
    walls, cpus = [], []
    off = terms.with_suffix(".off")

    def run() -> tuple[float, float]:
        start = time.perf_counter()
        cpu = _cpu_once(cmd)
        return time.perf_counter() - start, cpu

    for _ in range(rounds):
        with_terms = run()
        terms.rename(off)
        try:
            without = run()
        finally:
            off.rename(terms)
        walls.append(with_terms[0] / without[0])
        cpus.append(with_terms[1] / without[1])
    return statistics.median(walls), statistics.median(cpus)


def peak_child_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> dict[str, float]:
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(BIN.parent.parent / "src")],
        check=False,
        capture_output=True,
    )  # as `make` does after installing
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(Path(tmp) / "bulletins", 200, problems=10)
        python = timed([sys.executable, "-c", "pass"], 10)
        click_only = timed([sys.executable, "-c", "import click"], 10)
        help_time = timed([str(BIN / "bulletin"), "--help"], 10)
        start_up = paired_ratios(
            {
                "click": [sys.executable, "-c", "import click"],
                "help": [str(BIN / "bulletin"), "--help"],
                "validate_help": [str(BIN / "bulletin"), "validate", "--help"],
            },
            baseline="click",
            rounds=20,
        )
        validate_cmd = [str(BIN / "bulletin"), "validate", "--strict", str(folder)]
        validate = timed(validate_cmd, 5)
        mixed = generate_family(Path(tmp) / "family", 200, problems=10)
        validate_mixed = timed([str(BIN / "bulletin"), "validate", "--strict", str(mixed)], 5)
        peak = peak_child_mb()
        terms_wall, terms_cpu = terms_ratios(validate_cmd, folder / "terms.toml", 11)
    results = {
        "validate_200_s": validate,
        "validate_200_mixed_s": validate_mixed,
        "validate_peak_mb": peak,
        "python_pass_s": python,
        "help_s": help_time,
        "click_import_s": click_only,
        "help_vs_click": start_up["help"],
        "validate_help_vs_click": start_up["validate_help"],
        "terms_ratio": terms_wall,
        "terms_cpu_ratio": terms_cpu,
    }
    print(
        f"validate 200 bulletins (EN+FR, 10 problems): {validate:.3f} s (target < 0.5 s), "
        f"peak {peak:.0f} MB"
    )
    print(
        f"validate 200 bulletins of mixed kinds (known problems, service notices, numbered "
        f"notices): {validate_mixed:.3f} s (target < 0.5 s)"
    )
    print(
        f"bulletin --help {help_time * 1000:.1f} ms, python -c 'import click' "
        f"{click_only * 1000:.1f} ms, python -c pass {python * 1000:.1f} ms; paired ratios over "
        f"import click: --help {results['help_vs_click']:.2f}x, validate --help "
        f"{results['validate_help_vs_click']:.2f}x (target <= 1.2x)"
    )
    print(
        f"with terms.toml over without it, paired rounds: the terminology rule costs "
        f"{terms_wall:.3f}x wall, {terms_cpu:.3f}x CPU (target < 1.05x)"
    )
    return results


if __name__ == "__main__":
    main()
