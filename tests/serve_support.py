"""A ``bulletin serve`` process for the preview tests: started on a free port, always stopped."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 30
STOP_SECONDS = 10
_URL = re.compile(r"at (http://([\d.]+):(\d+)/) ")


@dataclass
class Server:
    """A running preview: its address, and what it has printed so far."""

    process: subprocess.Popen[str]
    url: str
    host: str
    port: int
    output: list[str] = field(default_factory=list)

    def get(self, path: str, host: str | None = None) -> Reply:
        """A GET of ``path`` sent as it is (no normalisation of ``..``), with the given Host."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"{self.host}:{self.port}")
            conn.endheaders()
            response = conn.getresponse()
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Reply(response.status, headers, response.read())
        finally:
            conn.close()


@dataclass(frozen=True)
class Reply:
    """What the server answered."""

    status: int
    headers: dict[str, str]
    """Header name (lowercase) → value."""
    body: bytes


def _lines(stream: object, into: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)
    into.put(None)


def stop(process: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a writer stops it; killed if it does not stop in time. The exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)
            raise AssertionError("bulletin serve did not stop on Ctrl-C") from None
    return process.returncode


@contextmanager
def running(folder: Path, cwd: Path, *args: str) -> Iterator[Server]:
    """``bulletin serve folder --port 0`` in ``cwd``; stopped with Ctrl-C on the way out."""
    command = [sys.executable, "-m", "bulletin_builder", "serve", str(folder), "--port", "0"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [*command, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        while True:
            line = lines.get(timeout=START_SECONDS)
            if line is None:
                raise AssertionError("bulletin serve exited: " + "".join(output))
            output.append(line)
            if match := _URL.search(line):
                break
        server = Server(process, match.group(1), match.group(2), int(match.group(3)), output)
        yield server
    finally:
        stop(process)
        while (line := lines.get(timeout=STOP_SECONDS)) is not None:
            output.append(line)
        if process.stdout is not None:
            process.stdout.close()
