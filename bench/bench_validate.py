"""`bulletin validate` over 200 generated bulletins, and the start-up cost of the CLI.

Measured as whole commands, against `python -c pass` in the same run, so the ratios hold
on any machine. Targets (issue 2): 200 bulletins in < 0.5 s; `bulletin --help` < 3x
`python -c pass`.
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
        validate = timed([str(BIN / "bulletin"), "validate", "--strict", str(folder)], 5)
        mixed = generate_family(Path(tmp) / "family", 200, problems=10)
        validate_mixed = timed([str(BIN / "bulletin"), "validate", "--strict", str(mixed)], 5)
        peak = peak_child_mb()
    results = {
        "validate_200_s": validate,
        "validate_200_mixed_s": validate_mixed,
        "validate_peak_mb": peak,
        "python_pass_s": python,
        "help_s": help_time,
        "help_ratio": help_time / python,
        "click_import_ratio": click_only / python,
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
        f"bulletin --help {help_time * 1000:.1f} ms vs python -c pass {python * 1000:.1f} ms: "
        f"{results['help_ratio']:.2f}x (target < 3x); "
        f"importing click alone: {results['click_import_ratio']:.2f}x"
    )
    return results


if __name__ == "__main__":
    main()
