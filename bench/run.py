"""Run every benchmark in bench/ and print its ratios (``make bench``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_validate  # noqa: E402 - bench/ is put on the path just above

if __name__ == "__main__":
    bench_validate.main()
