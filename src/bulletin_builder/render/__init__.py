"""The renderers: one validated :class:`Edition` in, the bytes of one output file out.

Renderers are looked up by format name in :data:`RENDERERS`; each module is imported only
when its format is built, so validation never pays for WeasyPrint or python-docx.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from bulletin_builder.model.edition import Edition

RENDERERS: dict[str, str] = {
    "html": "bulletin_builder.render.html:HtmlRenderer",
    "pdf": "bulletin_builder.render.pdf:PdfRenderer",
    "docx": "bulletin_builder.render.docx.renderer:DocxRenderer",
}
"""Format name → ``module:Class`` of its renderer."""


class Renderer(Protocol):
    """What every output format implements."""

    format: str
    """The format name, also the output file suffix ('html', 'pdf', 'docx')."""

    def render(self, edition: Edition) -> bytes:
        """The complete output file for one bulletin in one language."""
        ...

    def prepare(self, languages: Sequence[str]) -> None:
        """Load what every render in this process shares (libraries, templates, stylesheets,
        fonts), so that render processes forked afterwards start with it loaded."""
        ...


def get_renderer(fmt: str) -> Renderer:
    """The renderer registered for ``fmt`` (``KeyError`` for an unknown format)."""
    module_name, _, class_name = RENDERERS[fmt].partition(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), class_name)()
    return renderer


__all__ = ["RENDERERS", "Edition", "Renderer", "get_renderer"]
