"""``bulletin serve``: bind, print the address, run uvicorn until Ctrl-C, stop cleanly.

The socket is bound here (port 0: a free one) before uvicorn starts, so the address printed
is the one served. Only the loopback interface is used unless another host is asked for.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path

import uvicorn

from bulletin_builder.preview.app import LOOPBACK_HOSTS, Settings, create_app
from bulletin_builder.preview.pages import VSCODE
from bulletin_builder.preview.state import Preview

WILDCARDS = ("0.0.0.0", "::", "")
GRACE_SECONDS = 2
"""How long a stopping server waits for open requests (event streams end within a second)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str]:
    """The ``Host`` names accepted when serving on ``host``: loopback names, and ``host``."""
    names = list(LOOPBACK_HOSTS)
    if not is_loopback(host):
        names += [socket.gethostname(), socket.getfqdn()]
    if host not in (*names, *WILDCARDS):
        names.append(host)
    return names


def host_warning(host: str) -> str | None:
    """What to tell a writer who serves on ``host`` (None for this machine only)."""
    if is_loopback(host):
        return None
    where = "every interface" if host in WILDCARDS else host
    return (
        f"warning: serving on {where}: anyone who can reach this machine can read the "
        "bulletins; the default, 127.0.0.1, serves this machine only"
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (an IPv6 address gets an IPv6 socket)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(64)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    paths: Sequence[Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    editor: str = VSCODE,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the preview of ``paths`` until interrupted (Ctrl-C), then return."""
    preview = Preview(paths)
    preview.refresh()  # a missing folder fails here, before anything listens
    sock = bind(host, port)
    url = url_of(sock)
    if warning := host_warning(host):
        echo(warning)

    async def ready() -> None:
        echo(f"Previewing {', '.join(map(str, paths))} at {url} (Ctrl-C to stop)")
        sys.stdout.flush()
        if open_browser:
            webbrowser.open(url)

    settings = Settings(allowed_hosts(host), editor, on_ready=ready)
    config = uvicorn.Config(
        create_app(preview, settings),
        log_level="warning",
        timeout_graceful_shutdown=GRACE_SECONDS,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    settings.stopping = lambda: server.should_exit
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn has already stopped; it raises the signal again for the caller
    finally:
        sock.close()
    echo("Stopped.")
