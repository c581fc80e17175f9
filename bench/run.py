"""Run every benchmark in bench/ and print its ratios (``make bench``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_budget
import bench_build
import bench_preview
import bench_validate

if __name__ == "__main__":
    bench_validate.main()
    bench_build.main()
    bench_budget.main()
    bench_preview.main()
