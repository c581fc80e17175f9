"""Every render ends: a time and memory budget around each output of each bulletin.

Validation refuses the text known to blow up layout (see ``validate/rules/limits.py``), and
:func:`within` is the second wall: the render of one output runs under timers and an
address-space limit (``RLIMIT_AS``: what the process holds already plus the budget). The time
is processor time (``ITIMER_PROF``), so a busy machine does not fail a build a quiet one
finishes; the clock (``ITIMER_REAL``) may run :data:`WALL_FACTOR` times as long, for a render
that waits. Going over raises :class:`BudgetExceeded`, which names the output and the budget;
the build then writes nothing. Renders run in worker processes (see
:func:`bulletin_builder.build.orchestrator.render_all`), so a library that cannot recover
from a failed allocation takes down a worker, never the command.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

from bulletin_builder.errors import BulletinError

try:
    import resource
except ImportError:  # not on POSIX: no memory budget
    resource = None  # type: ignore[assignment]

DEFAULT_SECONDS = 60.0
"""Time one output of one bulletin may take (a 300-problem PDF takes about 15 s)."""
DEFAULT_MEGABYTES = 1024
"""Memory one render may add to what its process holds (the largest PDF needs about 300 MB)."""


class BudgetExceeded(BulletinError):
    """A render took too long or too much memory; nothing was written."""


@dataclass(frozen=True)
class Budget:
    """What one render of one output may use."""

    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MEGABYTES


def _address_space() -> int | None:
    """The bytes of address space this process holds now (Linux), or None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _memory(megabytes: int) -> Iterator[None]:
    held = _address_space()
    if resource is None or held is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = held + (megabytes << 20)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _TimeUp(BaseException):
    """Raised by the timer inside the render; a BaseException, so no ``except Exception``
    in a library swallows it. ``clock`` tells which timer ran out."""

    def __init__(self, clock: bool) -> None:
        super().__init__()
        self.clock = clock


def _alarm(signum: int, _frame: FrameType | None) -> None:
    raise _TimeUp(clock=signum == signal.SIGALRM)


WALL_FACTOR = 4
"""The clock may run this many times the budget (a render that waits uses no processor
time; a busy machine slows every render down)."""


@contextlib.contextmanager
def _timer(seconds: float) -> Iterator[None]:
    """Processor time (``ITIMER_PROF``) up to ``seconds``, and the clock up to
    :data:`WALL_FACTOR` times that, whichever runs out first."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return
    timers = (
        (signal.ITIMER_PROF, signal.SIGPROF, 1),
        (signal.ITIMER_REAL, signal.SIGALRM, WALL_FACTOR),
    )
    previous = [signal.signal(signum, _alarm) for _, signum, _ in timers]
    for which, _, factor in timers:
        signal.setitimer(which, seconds * factor)
    try:
        yield
    finally:
        for (which, signum, _), handler in zip(timers, previous, strict=True):
            signal.setitimer(which, 0)
            signal.signal(signum, handler)


@contextlib.contextmanager
def within(budget: Budget, what: str) -> Iterator[None]:
    """Run the block under ``budget``; :class:`BudgetExceeded` naming ``what`` if it is over.

    ``what`` reads 'the PDF of carm-2021-07-15 (en)'.
    """
    try:
        with _timer(budget.seconds), _memory(budget.megabytes):
            yield
    except _TimeUp as up:
        spent = (
            f"{budget.seconds * WALL_FACTOR:g} s in all, {WALL_FACTOR} times the budget"
            if up.clock
            else f"{budget.seconds:g} s of processor time"
        )
        raise BudgetExceeded(
            f"rendering {what} took too long (over {spent}); nothing was written"
        ) from None
    except MemoryError:
        raise BudgetExceeded(
            f"rendering {what} took too much memory (over {budget.megabytes:,} MB); "
            "nothing was written"
        ) from None
