"""The plain-text part of the e-mail edition: one language's bulletin, wrapped at 72 columns.

The page's reading order, as text: the status word, the header, the line naming the original
an edition updates and what a correction corrects; what changed and where to read it online;
the introduction, then every block in order (laid out by
:mod:`~bulletin_builder.publish.text_blocks`); the references and the earlier messages last.
"""

from __future__ import annotations

from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Bulletin
from bulletin_builder.model.views import EDITION_LINES, STATUS_WORDS, block_views
from bulletin_builder.publish.plaintext import to_text, wrap
from bulletin_builder.publish.text_blocks import block_lines
from bulletin_builder.publish.text_layout import bullet, heading, label, markdown_under
from bulletin_builder.render.locale import catalog, long_date


def status_lines(bulletin: Bulletin, lang: str) -> tuple[str, str]:
    """The status word ('UPDATED') and the line naming the original, as the page shows them;
    empty for an original message."""
    labels, status = catalog(lang), bulletin.status
    if status is None:
        return "", ""
    word = labels.gettext(STATUS_WORDS[status])
    if not bulletin.updates:
        return word, ""
    return word, labels.gettext(EDITION_LINES[status]) % {"number": bulletin.updates}


def _header(bulletin: Bulletin, lang: str) -> list[str]:
    """Status, series, title, number, audience, date; the original; the correction."""
    word, original = status_lines(bulletin, lang)
    lines = [typeset(word, lang)] if word else []
    lines += [*wrap(typeset(bulletin.series, lang)), *heading(typeset(bulletin.title, lang))]
    lines += ["", *wrap(f"{label('Message number', lang)} {bulletin.message_number}")]
    lines += wrap(f"{label('Target audience', lang)} {typeset(bulletin.audience, lang)}")
    lines += wrap(f"{label('Date', lang)} {long_date(bulletin.day, lang)}")
    if original:
        lines += ["", *wrap(typeset(original, lang))]
    if bulletin.correction:
        lines += ["", label("Correction", lang), *markdown_under(bulletin.correction, lang)]
    if bulletin.supersedes:
        replaced = catalog(lang).gettext("This bulletin replaces %(number)s")
        lines += wrap(typeset(replaced % {"number": bulletin.supersedes}, lang))
    return lines


def _references(bulletin: Bulletin, lang: str) -> list[str]:
    lines = [*heading(catalog(lang).gettext("References"), "-"), ""]
    for ref in bulletin.references:
        number = f" ({ref.bulletin})" if ref.bulletin else ""
        address = f" <{ref.url}>" if ref.url else ""
        lines += bullet(f"{typeset(ref.title, lang)}{number}{address}")
    return lines


def _history(bulletin: Bulletin, lang: str) -> list[str]:
    """The earlier messages, newest first; the last is the original."""
    labels = catalog(lang)
    lines = heading(labels.gettext("Previous messages"), "-")
    for index, entry in enumerate(bulletin.history, 1):
        sent = "Original message sent %(date)s:" if index == len(bulletin.history) else None
        when = {"date": long_date(entry.day, lang)}
        title = labels.gettext(sent or "Update sent %(date)s:") % when
        lines += ["", *wrap(typeset(title, lang)), *markdown_under(entry.text, lang)]
    return lines


def edition_text(edition: Edition, changes: list[str], links: list[tuple[str, str]]) -> list[str]:
    """One language of the e-mail, as lines: header, changes, links, body, blocks, history."""
    bulletin, lang = edition.bulletin, edition.language
    lines = _header(bulletin, lang)
    if changes:
        lines += ["", *wrap(changes[0])]
        lines += [line for change in changes[1:] for line in bullet(change)]
    if links:  # the label on its line, the address (often longer than a line) under it
        lines += ["", *(line for name, href in links for line in (label(name, lang), href))]
    if bulletin.body.strip():
        lines += ["", *to_text(bulletin.body, lang)]
    for view in block_views(bulletin):
        lines += ["", *block_lines(view, edition)]
    if bulletin.references:
        lines += ["", *_references(bulletin, lang)]
    if bulletin.history:
        lines += ["", *_history(bulletin, lang)]
    return lines
