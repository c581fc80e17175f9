"""The only way WeasyPrint may read a file: ``file:`` URLs inside the templates folder.

Fonts, stylesheets and images of the house style live in ``templates/``; nothing else may reach
a PDF. Every other URL (http, https, data, ftp, a ``file:`` outside the folder, a symbolic link
leading out of it) is refused with :class:`ResourceRefused`, and the fetcher is built with
``fail_on_errors`` so WeasyPrint stops the render instead of logging and going on.

Only :mod:`bulletin_builder.render.pdf` imports this module (it imports WeasyPrint).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from bulletin_builder.errors import BulletinError
from bulletin_builder.render.templates import templates_dir


class ResourceRefused(BulletinError):
    """A document asked for a resource outside the templates folder."""


def allowed_path(url: str, root: Path) -> Path:
    """The file ``url`` names, if it is a ``file:`` URL resolving inside ``root``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"refused to fetch {url!r}: only files under {root} may be read")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ResourceRefused(f"refused to fetch {url!r}: {path} is outside {root}")
    if not path.is_file():
        raise ResourceRefused(f"refused to fetch {url!r}: no such file in {root}")
    return path


class TemplatesFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """A WeasyPrint URL fetcher confined to ``root`` (default: the templates folder)."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.root = (root or templates_dir()).resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """The bytes of an allowed file, or :class:`ResourceRefused`."""
        path = allowed_path(url, self.root)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )
