"""The HTML renderer: ``templates/page.html.j2`` filled from one :class:`Edition`.

One function, :func:`environment`, builds the Jinja environment of a language: autoescape on,
``StrictUndefined``, labels translated through the gettext catalog, and the filters the
templates use. The same templates serve the screen page (CSS and fonts inlined, so the file
stands alone) and the PDF (``media="print"``: CSS and fonts linked from ``templates/``).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup

from bulletin_builder import markdown
from bulletin_builder.languages import LANGUAGES, language
from bulletin_builder.model.blocks import Problem
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.views import EDITION_LINES, STATUS_WORDS, block_views
from bulletin_builder.render.furniture import (
    break_after_dots,
    file_size,
    identity_src,
    identity_svg,
    signature_name,
    wordmark_name,
)
from bulletin_builder.render.locale import Catalog, catalog, index_title, long_date
from bulletin_builder.render.moments import format_moment, iso_moment
from bulletin_builder.render.templates import templates_dir

"""The BCP 47 tag written in ``lang`` and ``hreflang`` attributes."""

"""Each language named in itself, as the language toggle shows it."""

_FONT_URL = re.compile(r'url\("([\w.-]+)\.ttf"\) format\("truetype"\)')
_SINGLE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\s*\Z", re.DOTALL)
_HEADING_TAG = re.compile(r"^h([1-6])$")


def _markdown(language: str, text: str, shift: int = 1) -> Markup:
    """Markdown blocks, headings pushed down ``shift`` levels so the page keeps one h1."""
    md = markdown.rendering_parser()
    tokens = markdown.tokens(text, language)
    for token in tokens:
        match = _HEADING_TAG.match(token.tag)
        if token.type.startswith("heading_") and match:
            token.tag = f"h{min(int(match.group(1)) + shift, 6)}"
        start = token.attrGet("start") if token.type == "ordered_list_open" else None
        if start is not None:  # WeasyPrint ignores <ol start>; the counter it obeys
            token.attrSet("style", f"counter-reset: list-item {int(start) - 1}")
    return break_after_dots(md.renderer.render(tokens, md.options, {}).strip())


def _markdown_inline(language: str, text: str) -> Markup:
    """Markdown for an inline place (a list item, a definition): one paragraph loses its ``<p>``."""
    html = str(_markdown(language, text))
    match = _SINGLE_PARAGRAPH.match(html)
    return Markup(match.group(1) if match else html)


def _numbered(language: str, text: str, number: int) -> Markup:
    """A numbered paragraph: its number as text at the start of its first paragraph."""
    html = str(_markdown(language, text, 2))
    label = Markup('<span class="paragraph-number">{}.</span> ').format(number)
    if html.startswith("<p>"):
        return Markup("<p>") + label + Markup(html[3:])
    return Markup("<p>") + label + Markup("</p>\n") + Markup(html)


def _fix_date(language: str, labels: Catalog, problem: Problem) -> Markup:
    """TBD / N/A translated, or the fix date spelled out in a ``<time>`` element."""
    if problem.resolved is not None:
        solved = dt.date.fromisoformat(problem.resolved)
        when = Markup('<time datetime="{}">{}</time>').format(
            solved.isoformat(), long_date(solved, language)
        )
        return Markup(markdown.typeset(labels.gettext("Resolved %(date)s"), language)) % {
            "date": when
        }
    day = problem.fix_day
    if day is None:
        return Markup.escape(labels.gettext(problem.fix_date))
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), long_date(day, language))


def tel_uri(number: str) -> str:
    """A ``tel:`` URI (RFC 3966) for a North American or an international number."""
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("+"):
        return f"tel:{digits}"
    if len(digits) == 10:  # a North American number without its country code
        digits = "1" + digits
    return f"tel:+{digits}"


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a ``<style>`` element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-()/%" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


@cache
def _environment(language: str, folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    labels = catalog(language)
    cast(Any, env).install_gettext_translations(labels, newstyle=True)
    env.filters.update(
        markdown=lambda text, shift=1: _markdown(language, text, shift),
        markdown_inline=lambda text: _markdown_inline(language, text),
        numbered=lambda text, number: _numbered(language, text, number),
        typo=lambda text: markdown.typeset(text, language),
        long_date=lambda day: long_date(day, language),
        fix_date=lambda problem: _fix_date(language, labels, problem),
        tel=tel_uri,
        moment=lambda value: format_moment(value, language),
        iso_moment=iso_moment,
        css_string=css_string,
        file_size=lambda size: file_size(size, language),
    )
    env.globals.update(
        identity_src=identity_src,
        identity_svg=identity_svg,
        signature=signature_name(language),
        wordmark=wordmark_name(language),
        dcterms_language=LANGUAGES[language].iso639_2 if language in LANGUAGES else language,
        language_tags={c: lang.tag for c, lang in LANGUAGES.items()},
        language_names={c: lang.native for c, lang in LANGUAGES.items()},
    )
    return env


def environment(language: str) -> jinja2.Environment:
    """The Jinja environment that renders templates in ``language`` (one per templates folder)."""
    return _environment(language, templates_dir())


@cache
def _inline_styles(folder: Path) -> str:
    """``fonts/fonts.css`` with WOFF2 data URLs, then ``bulletin.css``: one standalone sheet."""

    def embed(match: re.Match[str]) -> str:
        data = (folder / "fonts" / f"{match.group(1)}.woff2").read_bytes()
        encoded = base64.b64encode(data).decode("ascii")
        return f'url("data:font/woff2;base64,{encoded}") format("woff2")'

    fonts = _FONT_URL.sub(embed, (folder / "fonts" / "fonts.css").read_text(encoding="utf-8"))
    return fonts + "\n" + (folder / "bulletin.css").read_text(encoding="utf-8")


def inline_styles() -> Markup:
    """The whole house style as one ``<style>`` body (no ``</style>`` can occur in it)."""
    return Markup(_inline_styles(templates_dir()).replace("</", "<\\/"))


def toggle(edition: Edition) -> list[tuple[str, str]]:
    """(language, href) of every other language's page, for the language toggle."""
    return [
        (lang, href)
        for lang, href in sorted(edition.alternates.items())
        if lang != edition.language
    ]


def page_context(edition: Edition, media: str) -> dict[str, object]:
    """What ``page.html.j2`` receives for ``edition`` (``media`` is 'screen' or 'print')."""
    bulletin, labels = edition.bulletin, catalog(edition.language)
    status = bulletin.status
    return {
        "edition": edition,
        "bulletin": bulletin,
        "contact": edition.contact,
        "contacts": edition.contacts,
        "blocks": block_views(bulletin),
        "publisher": edition.publisher,
        "index_title": markdown.typeset(
            index_title(edition.language, edition.index_title), edition.language
        ),
        "status_word": labels.gettext(STATUS_WORDS[status]) if status else "",
        "edition_line": (
            labels.gettext(EDITION_LINES[status]) % {"number": bulletin.updates}
            if status and bulletin.updates
            else ""
        ),
        "lang_tag": language(edition.language).tag,
        "media": media,
        "toggle": toggle(edition),
        "index_href": "../index.html",
        "styles": inline_styles() if media == "screen" else Markup(""),
        "print_css": Markup(""),
    }


def render_page(edition: Edition, media: str = "screen", **extra: object) -> str:
    """The page of ``edition`` as HTML text; ``extra`` adds to (or replaces) the context."""
    template = environment(edition.language).get_template("page.html.j2")
    return template.render({**page_context(edition, media), **extra})


def prepare_pages(languages: Sequence[str]) -> None:
    """Load the Markdown parser and compile the page template in each of ``languages``."""
    markdown.rendering_parser()
    for code in languages:
        environment(code).get_template("page.html.j2")
    inline_styles()


class HtmlRenderer:
    """Renders the standalone, accessible HTML page of a bulletin."""

    format = "html"

    def render(self, edition: Edition) -> bytes:
        """The UTF-8 bytes of ``<slug>.<lang>.html``."""
        return render_page(edition, "screen").encode("utf-8")

    def prepare(self, languages: Sequence[str]) -> None:
        """The Markdown parser, the page template in each language and the inline styles."""
        prepare_pages(languages)
