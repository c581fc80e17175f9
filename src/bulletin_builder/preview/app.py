"""The preview's web application (Starlette): its routes, its headers, its lifespan.

It answers GET requests only and serves nothing from disk but its own stylesheet and
script: bulletin pages come from the render cache, looked up by slug and language, so
any other path (``/../../etc/passwd`` included) is a 404. A request whose ``Host`` header
names another host is refused (400), which defeats DNS rebinding.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bulletin_builder.preview import pages
from bulletin_builder.preview.pipeline import views
from bulletin_builder.preview.state import Preview
from bulletin_builder.preview.watcher import Broadcaster, message, refresh, watch

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

SHELL_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "frame-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
"""The preview's own pages: their script and stylesheet, frames of this server, nothing else."""
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
"""A framed bulletin page: its inline style and fonts; no script runs in it."""
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "email": "text/html; charset=utf-8",
    "email-text": "text/plain; charset=utf-8",
}
"""The media type of each view (the e-mail's: of its HTML part, of its plain-text part)."""
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "content-security-policy": SHELL_POLICY,
}


def media_type(fmt: str) -> str:
    """The media type of a view (plain text for a format not listed)."""
    return MEDIA_TYPES.get(fmt, "text/plain; charset=utf-8")


@dataclass
class Settings:
    """How the application behaves, fixed when the server starts."""

    hosts: Sequence[str] = LOOPBACK_HOSTS
    """The names the ``Host`` header may carry."""
    editor: str = pages.VSCODE
    """The editor link of each diagnostic ('' for none)."""
    stopping: Callable[[], bool] = lambda: False
    """True once the server is shutting down: open event streams end."""
    on_ready: Callable[[], Awaitable[None]] | None = None
    """Called once the watcher runs (e.g. to open a browser)."""
    views: tuple[str, ...] = field(default_factory=views)


class SecurityHeaders:
    """Adds :data:`COMMON_HEADERS` to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(preview: Preview, settings: Settings | None = None) -> Starlette:
    """The application serving ``preview``, checked again once its files are watched."""
    config = settings or Settings()
    broadcaster = Broadcaster()

    async def index(request: Request) -> Response:
        return HTMLResponse(pages.index_page(preview.snapshot, config.editor))

    async def bulletin(request: Request) -> Response:
        snapshot = preview.snapshot
        entry = snapshot.entries.get(request.path_params["slug"])
        if entry is None:
            return PlainTextResponse("Not Found", status_code=404)
        shown = {
            lang: fmt if (fmt := request.query_params.get(lang, "html")) in config.views else "html"
            for lang in entry.pages
        }
        return HTMLResponse(
            pages.bulletin_page(snapshot, entry, shown, config.views, config.editor)
        )

    async def page(request: Request) -> Response:
        slug, name = request.path_params["slug"], request.path_params["name"]
        language, _, fmt = name.removeprefix(f"{slug}.").partition(".")
        if not name.startswith(f"{slug}.") or fmt not in config.views:
            return PlainTextResponse("Not Found", status_code=404)
        data = await asyncio.to_thread(preview.output, slug, language, fmt)
        if data is None:
            return PlainTextResponse("Not Found", status_code=404)
        headers = {"content-security-policy": PAGE_POLICY}
        return Response(data, media_type=media_type(fmt), headers=headers)

    async def static(request: Request) -> Response:
        found = pages.STATIC.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("Not Found", status_code=404)
        media, path = found
        return Response(path.read_bytes(), media_type=media)

    async def events(request: Request) -> Response:
        stream = broadcaster.stream(message(preview.snapshot), config.stopping)
        return StreamingResponse(stream, media_type="text/event-stream")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch(preview, broadcaster, stop))
        await asyncio.sleep(0)  # the watcher's first step sets up the file watches
        await refresh(preview, broadcaster)  # what was saved before they were set up
        if config.on_ready is not None:
            await config.on_ready()
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(watcher, timeout=5)

    routes = [
        Route("/", index),
        Route("/b/{slug}", bulletin),
        Route("/page/{slug}/{name}", page),
        Route("/static/{name}", static),
        Route("/events", events),
    ]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=list(config.hosts), www_redirect=False),
        Middleware(SecurityHeaders),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
