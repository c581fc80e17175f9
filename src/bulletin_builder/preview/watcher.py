"""Watch the served folders and tell every open page when a save has been checked.

:func:`watch` waits for changes with ``watchfiles``, refreshes the :class:`Preview` in a
worker thread (validation and rendering never block the server) and publishes the new
version through the :class:`Broadcaster` that feeds the pages' server-sent events.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable

from watchfiles import Change, awatch

from bulletin_builder.preview.pipeline import roots
from bulletin_builder.preview.state import Preview, Snapshot

WATCH_STEP_MS = 30
"""How long the folder must stay quiet before a burst of changes is handled (an editor's save)."""
WATCHED_SUFFIXES = (".md", ".toml")
POLL_SECONDS = 0.5
"""How often an event stream checks whether the server is stopping."""
KEEP_ALIVE_POLLS = 30
"""A comment is sent on an idle stream every this many polls, so proxies keep it open."""

log = logging.getLogger("bulletin_builder.preview")


def message(snapshot: Snapshot) -> str:
    """The data of one event: the snapshot's version and the bulletins it changed."""
    return json.dumps({"version": snapshot.version, "changed": sorted(snapshot.changed)})


class Broadcaster:
    """Hands every message to every open event stream."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str]] = set()

    def publish(self, data: str) -> None:
        for queue in self._queues:
            queue.put_nowait(data)

    async def stream(self, first: str, stopping: Callable[[], bool]) -> AsyncIterator[str]:
        """Server-sent events: ``first``, then every message published, until ``stopping()``."""
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._queues.add(queue)
        try:
            yield f"retry: 1000\ndata: {first}\n\n"
            idle = 0
            while not stopping():
                try:
                    data = await asyncio.wait_for(queue.get(), POLL_SECONDS)
                except TimeoutError:
                    idle += 1
                    if idle % KEEP_ALIVE_POLLS == 0:
                        yield ": keep-alive\n\n"
                    continue
                yield f"data: {data}\n\n"
        finally:
            self._queues.discard(queue)

    def __len__(self) -> int:
        return len(self._queues)


def is_source(change: Change, path: str) -> bool:
    """Only bulletins, contact blocks and the configuration matter to the preview."""
    return path.endswith(WATCHED_SUFFIXES)


async def refresh(preview: Preview, broadcaster: Broadcaster) -> Snapshot:
    """Check and render again in a worker thread, then tell the pages."""
    snapshot = await asyncio.to_thread(preview.refresh)
    broadcaster.publish(message(snapshot))
    return snapshot


async def watch(preview: Preview, broadcaster: Broadcaster, stop: asyncio.Event) -> None:
    """Refresh the preview after every change under its folders, until ``stop`` is set."""
    folders = roots(preview.paths)
    async for _changes in awatch(
        *folders, watch_filter=is_source, step=WATCH_STEP_MS, stop_event=stop
    ):
        try:
            await refresh(preview, broadcaster)
        except Exception:  # a renderer bug must not stop the preview: say it, keep watching
            log.exception("bulletin serve: the preview could not be refreshed")
