"""Canada.ca page furniture: the federal identity artwork, download sizes, long tokens.

The signature and the wordmark are official artwork in ``templates/identity/`` (see its
README). The screen page carries them inline as ``<svg>`` elements, so the HTML file stands
alone and holds no URL but its links; the PDF links them from the templates folder, the only
place WeasyPrint may read; the Word document embeds their PNG copies. Download links give
each file's format and size as Canada.ca writes them: "PDF, 84 KB" / "PDF, 84 Ko".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup

from bulletin_builder.render.templates import templates_dir

IDENTITY = "identity"
"""The folder of the identity artwork inside the templates folder."""

WBR = "<wbr>"
"""The break point :func:`break_after_dots` inserts (the PDF renderer takes it out again)."""
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_TITLE = re.compile(r"\s*<title\b[^>]*>[^<]*</title>")
_LABELLEDBY = re.compile(r'\s+aria-labelledby="[^"]*"')
_UNITS = {"en": ("KB", "MB"), "fr": ("Ko", "Mo")}
_CODE = re.compile(r"<code>([^<\s]+)</code>")
_AFTER_DOT = re.compile(r"\.(?=[^.])")
_GLUED_CODE = re.compile(r'[^ \t\n<>]*<code class="identifier">[^<]+</code>[^ \t\n<>]*')
WORD_JOINER = "\u2060"
"""No line break here, and no width: what :func:`joined_code` puts inside a Word code run."""
_BREAKABLE = re.compile(r"(?<=\S)(?=\S)(?:(?<=[^\w.])|(?=[^\w.]))")


def signature_name(language: str) -> str:
    """The signature with ``language`` first: ``sig-blk-fr`` in French, else ``sig-blk-en``."""
    return f"sig-blk-{'fr' if language == 'fr' else 'en'}"


def wordmark_name(language: str) -> str:
    """The Canada wordmark, its title in ``language``."""
    return f"wmms-spl-{'fr' if language == 'fr' else 'en'}"


@cache
def _svg_text(folder: Path, name: str) -> str:
    return (folder / IDENTITY / f"{name}.svg").read_text(encoding="utf-8").replace("\r\n", "\n")


def identity_svg(name: str, label: str) -> Markup:
    """An identity image inline in the screen page (no URL of any kind), named ``label``.

    The drawing is kept as it is; ``aria-label`` replaces the file's ``aria-labelledby`` and
    ``<title>`` (whose id differs between languages), so the name is the page's alternative text.
    """
    svg = _TITLE.sub("", _svg_text(templates_dir(), name).strip())
    opening = _SVG_OPEN.match(svg)
    if opening is None:
        raise ValueError(f"{IDENTITY}/{name}.svg does not start with an <svg> element")
    tag = _LABELLEDBY.sub("", opening.group())[:-1]
    return Markup('{} aria-label="{}" focusable="false">').format(Markup(tag), label) + Markup(
        svg[opening.end() :]
    )


def identity_src(name: str) -> str:
    """The ``src`` of an identity image in the PDF: a path inside the templates folder."""
    return f"{IDENTITY}/{name}.svg"


def identity_png(name: str) -> Path:
    """The PNG copy of an identity image, for the Word document."""
    return templates_dir() / IDENTITY / f"{name}.png"


def file_size(size: int, language: str) -> str:
    """A file size as Canada.ca writes it: '84 KB', '1.2 MB'; '84 Ko', '1,2 Mo' in French."""
    kilo, mega = _UNITS.get(language, _UNITS["en"])
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}\u00a0{kilo}"
    number = f"{size / (1024 * 1024):.1f}"
    return f"{number.replace('.', ',') if language == 'fr' else number}\u00a0{mega}"


def unbreakable_code(html: str) -> str:
    """The PDF's version of a page: no ``<wbr>``, and each identifier kept on one line with the
    text glued to it (« … », “…”) in a ``nowrap`` span.

    The span holds the whole glued group because WeasyPrint, given a ``nowrap`` box inside a
    line of text, breaks every word of that line onto a line of its own.
    """
    return _GLUED_CODE.sub(
        lambda m: f'<span class="nowrap">{m.group()}</span>', html.replace(WBR, "")
    )


def break_after_dots(html: str) -> Markup:
    """A code span without spaces becomes an ``identifier``: kept on one line (bulletin.css)
    but for a ``<wbr>`` after every dot, where a phone may wrap it."""
    return Markup(
        _CODE.sub(
            lambda m: f'<code class="identifier">{_AFTER_DOT.sub("." + WBR, m.group(1))}</code>',
            html,
        )
    )


def joined_code(text: str) -> str:
    """Code for the Word document: a WORD JOINER (U+2060) on each side of every character
    but letters, digits, ``_`` and dots inside a word, so neither Word nor LibreOffice breaks
    ``!errors.carm.invalid.client.id.message`` after its "!" (a line-break opportunity in
    Unicode's algorithm, UAX #14). Dots between letters are no break opportunity there; spaces
    stay break points."""
    return _BREAKABLE.sub(WORD_JOINER, text)
