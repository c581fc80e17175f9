"""The benchmarks' generated folders are valid bulletins: a benchmark that times the refusal of
its own input measures nothing (bench/generate.py, bench/generate_family.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from bulletin_builder.validate.runner import validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import generate
from generate_family import generate_family


def _findings(folder: Path) -> list[str]:
    return [str(d.message) for d in validate([folder]).diagnostics.items]


def test_the_known_problems_folder_validates(tmp_path: Path) -> None:
    assert _findings(generate(tmp_path / "bulletins", 6, problems=3)) == []


def test_the_mixed_family_folder_validates(tmp_path: Path) -> None:
    assert _findings(generate_family(tmp_path / "family", 6, problems=3)) == []


def test_the_peak_memory_bulletin_validates(tmp_path: Path) -> None:
    """bench_build (d) builds the largest bulletin of generate()'s problems the budgets accept."""
    from bench_build import BIG  # noqa: PLC0415 - imports the package's build modules

    assert _findings(generate(tmp_path / "big", 1, problems=BIG)) == []
