"""A headless Chromium the preview tests drive step by step (``tools/browser-driver.mjs``).

Each call sends one JSON command to the driver and waits, for a bounded time, for its one
JSON answer; a failed command raises :class:`BrowserError` with the driver's message.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from validators import CHROMIUM, TOOLS, require

DRIVER = TOOLS / "browser-driver.mjs"
ANSWER_SECONDS = 60
"""The longest any command may take (a wait command's own timeout is shorter)."""


class BrowserError(RuntimeError):
    """A command failed in the browser (a wait timed out, an element is missing...)."""


class Browser:
    """Chromium allowed to reach ``origin`` only; use as a context manager."""

    def __init__(self, origin: str) -> None:
        require("chromium")
        env = {**os.environ, "CHROMIUM_PATH": str(CHROMIUM)}
        self._process = subprocess.Popen(
            ["node", str(DRIVER), origin],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._answers.put(line)
        self._answers.put(None)

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        """Run one command; its answer (``BrowserError`` if it failed or took too long)."""
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self._process.stdin.flush()
        try:
            line = self._answers.get(timeout=ANSWER_SECONDS)
        except queue.Empty:
            raise BrowserError(f"{op}: no answer in {ANSWER_SECONDS} s") from None
        if line is None:
            raise BrowserError(f"{op}: the driver stopped: {self._stderr()}")
        answer: dict[str, Any] = json.loads(line)
        if not answer.pop("ok"):
            raise BrowserError(f"{op}: {answer['error']}")
        return answer

    def _stderr(self) -> str:
        self._process.wait(timeout=10)
        assert self._process.stderr is not None
        return self._process.stderr.read()[-2000:]

    def wait(
        self,
        selector: str,
        contains: str,
        *,
        frame: str | None = None,
        absent: bool = False,
        timeout_ms: int = 5000,
    ) -> str | None:
        """Wait until ``selector``'s text contains ``contains`` (or, ``absent``, does not)."""
        answer = self.call(
            "wait",
            selector=selector,
            contains=contains,
            frame=frame,
            absent=absent,
            timeout=timeout_ms,
        )
        text: str | None = answer["text"]
        return text

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                self.call("close")
            self._process.wait(timeout=20)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait(timeout=10)
        for pipe in (self._process.stdin, self._process.stdout, self._process.stderr):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def screenshot_path(folder: Path, name: str) -> str:
    return str(folder / f"{name}.png")
