"""The PDF renderer: the HTML page laid out by WeasyPrint with the print style, as PDF/UA-1.

The page comes from the same templates as the HTML (``media="print"``): fonts and CSS are
read from ``templates/`` through :class:`~bulletin_builder.render.fetcher.TemplatesFetcher`
and nothing else. The running header (message number, audience) and the "Page 1 of 3"
footer are translated margin boxes. Metadata (title, language, subject = audience,
keywords = message number, dates = the bulletin's date) come from the page's ``<head>``;
the file identifier is a hash of the page, so the same bulletin gives the same bytes.

Any ERROR that WeasyPrint logs (a resource that cannot be loaded, an image without alt
text, ...) fails the render with :class:`PdfRenderError`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markupsafe import Markup

from bulletin_builder.errors import BulletinError
from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.render.furniture import unbreakable_code
from bulletin_builder.render.html import css_string, prepare_pages, render_page
from bulletin_builder.render.locale import catalog
from bulletin_builder.render.templates import templates_dir

PDF_VARIANT = "pdf/ua-1"
PRINT_STYLESHEETS = ("fonts/fonts.css", "bulletin.css", "print.css")
"""The house style of the PDF, in cascade order, from the templates folder."""
_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


class PdfRenderError(BulletinError):
    """WeasyPrint could not render a bulletin cleanly."""


class _ErrorCollector(logging.Handler):
    """Keeps the ERROR records WeasyPrint logs from the rendering thread."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def errors_fail(name: str) -> Iterator[None]:
    """Raise :class:`PdfRenderError` if WeasyPrint logs an ERROR while rendering ``name``."""
    from weasyprint.urls import FatalURLFetchingError  # noqa: PLC0415 - heavy import

    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield
    except FatalURLFetchingError as exc:
        raise PdfRenderError(f"{name}: {exc.__cause__ or exc}") from exc
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise PdfRenderError(f"{name}: WeasyPrint reported: " + "; ".join(collector.messages))


def _label(language: str, message: str, suffix: str = "") -> str:
    return typeset(catalog(language).gettext(message) + suffix, language)


def page_label_css(language: str) -> str:
    """The CSS ``content`` of the footer: 'Page ' counter(page) ' of ' counter(pages)."""
    parts = _PLACEHOLDER.split(_label(language, "Page %(page)s of %(pages)s"))
    tokens = [
        f"counter({part})" if index % 2 else str(css_string(part))
        for index, part in enumerate(parts)
        if part or index % 2
    ]
    return " ".join(tokens)


def margin_css(language: str, publisher: str) -> Markup:
    """The translated margin boxes: running header, and the publisher in the page footer."""
    number = css_string(_label(language, "Message number", ": "))
    audience = css_string(_label(language, "Target audience", ": "))
    agency = css_string(publisher)
    return Markup(
        "@page {"
        f" @top-left {{ content: {number} string(message-number); }}"
        f" @top-right {{ content: {audience} string(audience); }}"
        f" @bottom-left {{ content: {agency}; }}"
        f" @bottom-right {{ content: {page_label_css(language)}; }}"
        " }"
    )


_STYLES: dict[Path, tuple[Any, list[Any]]] = {}
"""Templates folder → its print stylesheets and their fonts, parsed once per process."""


def print_styles() -> tuple[Any, list[Any]]:
    """The print stylesheets of the templates folder in use and their fonts, parsed once per
    process and folder and reused by every PDF.

    Returns WeasyPrint's ``(FontConfiguration, [CSS, ...])``; the stylesheets are read through
    the templates-only fetcher, like everything else a PDF uses.
    """
    folder = templates_dir().resolve()  # one entry however the folder is named
    if folder not in _STYLES:
        _STYLES[folder] = _parse_styles(folder)
    return _STYLES[folder]


def _parse_styles(folder: Path) -> tuple[Any, list[Any]]:
    """Parse ``folder``'s print stylesheets. The font configuration keeps a temporary folder
    of font files: it is released when this process exits, render workers included (through
    multiprocessing's exit finalizers, which run where ``atexit`` does not; a forked worker
    does not inherit its parent's, so it never removes the parent's fonts)."""
    from multiprocessing import util  # noqa: PLC0415

    from weasyprint import CSS  # noqa: PLC0415 - WeasyPrint only when a PDF is built
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    from bulletin_builder.render.fetcher import TemplatesFetcher  # noqa: PLC0415

    fetcher, fonts = TemplatesFetcher(folder), FontConfiguration()
    sheets = [
        CSS(url=(folder / name).as_uri(), url_fetcher=fetcher, font_config=fonts)
        for name in PRINT_STYLESHEETS
    ]
    util.Finalize(None, _release_fonts, args=(folder,), exitpriority=0)
    return fonts, sheets


def _release_fonts(folder: Path) -> None:
    """Forget ``folder``'s parsed stylesheets and remove their fonts' temporary folder now.

    WeasyPrint removes it in ``FontConfiguration.__del__``, which a render worker (ended with
    ``os._exit``) never runs, and which fails during interpreter shutdown.
    """
    styles = _STYLES.pop(folder, None)
    if styles is None:
        return
    fonts, _ = styles
    fonts.__del__()
    fonts._folder = None  # removed above: nothing left for the finalizer to do


def release_print_styles() -> None:
    """Forget every parsed stylesheet (the next PDF parses them again) and remove their fonts.

    Not while a PDF renders: its fonts' folder would be gone under it. For tests."""
    for folder in list(_STYLES):
        _release_fonts(folder)


class PdfRenderer:
    """Renders the tagged, paginated PDF/UA-1 file of a bulletin."""

    format = "pdf"

    def prepare(self, languages: Sequence[str]) -> None:
        """WeasyPrint (about half a second to import, most of it declaring Pango's C
        functions), the print stylesheets and their fonts, and the print page's templates."""
        from weasyprint import HTML  # noqa: F401, PLC0415

        print_styles()
        prepare_pages(languages)

    def render(self, edition: Edition) -> bytes:
        """The bytes of ``<slug>.<lang>.pdf``: the same for the same bulletin and templates."""
        from weasyprint import HTML  # noqa: PLC0415 - WeasyPrint only when a PDF is built

        from bulletin_builder.render.fetcher import TemplatesFetcher  # noqa: PLC0415

        text = render_page(
            edition, "print", print_css=margin_css(edition.language, edition.publisher)
        )
        text = unbreakable_code(text)  # a PDF never splits an identifier
        folder = templates_dir()
        identifier = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32].encode("ascii")
        with errors_fail(edition.output_name(self.format)):
            fonts, sheets = print_styles()
            html = HTML(
                string=text, base_url=folder.as_uri() + "/", url_fetcher=TemplatesFetcher(folder)
            )
            pdf: bytes = html.write_pdf(
                stylesheets=sheets,
                font_config=fonts,
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier,
            )
        return pdf
