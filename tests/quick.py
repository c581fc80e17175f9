"""How much a property test draws: everything under ``make test``, a tenth under ``make check``.

``make check`` is the quick loop (under a minute); it sets ``BULLETIN_QUICK_TESTS=1``, and the
property tests then draw a tenth of their examples (at least 50). ``make test`` and CI draw them
all.
"""

from __future__ import annotations

import os

QUICK = os.environ.get("BULLETIN_QUICK_TESTS") == "1"


def examples(full: int) -> int:
    """``full`` examples, or a tenth of them (at least 50, at most ``full``) in the quick loop."""
    return min(full, max(50, full // 10)) if QUICK else full
