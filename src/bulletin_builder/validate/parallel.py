"""The one way bulletin-builder runs work on several cores: a process pool.

Validation splits a large folder into shares and the build renders editions, both through
:func:`run_parallel`. Workers are forked where the platform can (they start warm, with
every module the parent has imported) and spawned elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[int, int], None]
"""Called with (items done, items in all) as the work advances."""


def cores() -> int:
    """The processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_parallel(
    work: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    progress: Progress | None = None,
    *,
    first_here: bool = False,
    isolated: bool = False,
) -> list[R]:
    """``[work(item) for item in items]``, across up to ``workers`` processes, in order.

    With ``first_here`` the first item is worked on in this process while the pool starts,
    so a share of the work never waits for a worker's start-up. With ``isolated`` every item
    runs in a worker process, even with one worker (a crash there cannot end this process).
    """
    report = progress or (lambda done, total: None)
    workers = min(workers, len(items))
    if workers <= 1 and not (isolated and items):
        results = []
        for done, item in enumerate(items, start=1):
            results.append(work(item))
            report(done, len(items))
        return results
    return _in_pool(work, items, workers, report, 1 if first_here and not isolated else 0)


def _in_pool(
    work: Callable[[T], R], items: Sequence[T], workers: int, report: Progress, here: int
) -> list[R]:
    """The items in a process pool, the first ``here`` of them in this process meanwhile.

    The pool's modules are imported here, only by a command that runs one (a build with
    nothing to render does not pay for them)."""
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=max(1, workers - here), mp_context=context) as pool:
        futures = [pool.submit(work, item) for item in items[here:]]
        local = [work(item) for item in items[:here]]
        for done, _ in enumerate(as_completed(futures), start=1 + here):
            report(done, len(items))
        return [*local, *(future.result() for future in futures)]
