"""The e-mail edition: one ``.eml`` per bulletin and language, that language first.

``<slug>/<slug>.<lang>.eml`` is a ``multipart/alternative`` message (RFC 2046) holding the
bulletin in every language, ``<lang>`` first, the way the Government of Canada sends bilingual
messages ("La version française suit" / "English follows"): a plain-text part wrapped at 72
columns, then an HTML part with inline styles and nothing to fetch. Its Date and Message-ID
come from the bulletin, and its MIME boundary from its content, so the bytes never change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

from markupsafe import Markup

from bulletin_builder.languages import language as language_info
from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.views import block_views
from bulletin_builder.publish.changes import changes_since
from bulletin_builder.publish.email_text import edition_text, status_lines
from bulletin_builder.render import catalog_data
from bulletin_builder.render.html import environment
from bulletin_builder.render.locale import catalog
from bulletin_builder.source.config import Config

FOLLOWS = {"en": "English follows", "fr": "La version française suit"}
"""The note opening a bilingual message, in the language that follows."""
FALLBACK_HOST = "bulletins.invalid"
"""The domain of Message-ID and From when bulletins.toml gives no site_url."""


def _host(config: Config) -> str:
    return urlsplit(config.site_url).hostname or FALLBACK_HOST


def _links(edition: Edition, config: Config, formats: Sequence[str]) -> list[tuple[str, str]]:
    """The online outputs to point at (only with a site_url: a relative link means nothing)."""
    if not config.site_url:
        return []
    labels = {"html": catalog(edition.language).gettext("Read this bulletin online"), "pdf": "PDF"}
    return [
        (label, f"{config.site_url}{edition.slug}/{edition.output_name(fmt)}")
        for fmt, label in labels.items()
        if fmt in formats
    ]


BLOCK_STYLES = {
    "<p>": '<p style="margin:0 0 8px 0">',
    "<ul>": '<ul style="margin:0 0 8px 0;padding-left:20px">',
    "<ol>": '<ol style="margin:0 0 8px 0;padding-left:20px">',
    '<a href="': '<a style="color:#284162" href="',
}
"""Margins for the bare blocks Markdown makes, the house colour for its links (a mail client
keeps no stylesheet)."""


def inline_block_styles(html: str) -> str:
    """``html`` with each bare paragraph and list given its margins inline."""
    for bare, styled in BLOCK_STYLES.items():
        html = html.replace(bare, styled)
    return html


def subject(ordered: Sequence[Edition]) -> str:
    """'<number> – <title> / <titre>': the number once, then each language's title, after its
    status word for an edition ('CARM Bulletin 5374 – RESOLVED: <title> / RÉSOLU : <titre>')."""
    titles = " / ".join(_status_title(e) for e in ordered)
    return f"{ordered[0].bulletin.message_number} – {titles}"


def _status_title(edition: Edition) -> str:
    word, _ = status_lines(edition.bulletin, edition.language)
    title = f"{word}: {edition.bulletin.title}" if word else edition.bulletin.title
    return typeset(title, edition.language)


class EmailParts:
    """Each edition's part of the messages (its plain-text lines and its HTML), made once.

    An edition appears in the message of every language of its bulletin; the messages of one
    build share one :class:`EmailParts`, so each part is written once.
    """

    def __init__(self, editions: Sequence[Edition], config: Config, formats: Sequence[str]):
        self.editions, self.config, self.formats = editions, config, formats
        self._made: dict[tuple[str, str], tuple[list[str], Markup]] = {}

    def part(self, edition: Edition) -> tuple[list[str], Markup]:
        key = (edition.slug, edition.language)
        if key not in self._made:
            changes = _changes(catalog_data.previous(edition, self.editions), edition)
            links = _links(edition, self.config, self.formats)
            self._made[key] = (
                edition_text(edition, changes, links),
                _edition_html(edition, changes, links),
            )
        return self._made[key]


def _changes(previous: Edition | None, edition: Edition) -> list[str]:
    """What changed since ``previous``; nothing when the header's line naming the original
    this edition updates (or resolves, corrects, cancels) is all there is to say."""
    if previous is None and edition.bulletin.updates:
        return []
    return changes_since(previous, edition)


def _edition_html(edition: Edition, changes: list[str], links: list[tuple[str, str]]) -> Markup:
    template = environment(edition.language).get_template("email/edition.html.j2")
    status_word, edition_line = status_lines(edition.bulletin, edition.language)
    html = template.render(
        edition=edition,
        bulletin=edition.bulletin,
        blocks=block_views(edition.bulletin),
        status_word=status_word,
        edition_line=edition_line,
        lang_tag=language_info(edition.language).tag,
        changes=changes,
        links=links,
    )
    return Markup(inline_block_styles(html))


def plain_text(ordered: Sequence[Edition], parts: EmailParts) -> str:
    """The text/plain part: every language in order, the note first, each at 72 columns."""
    lines = [f"({FOLLOWS[ordered[1].language]})", ""] if len(ordered) > 1 else []
    for index, edition in enumerate(ordered):
        if index:
            lines += ["", "=" * 72, ""]
        lines += parts.part(edition)[0]
    return "\n".join(lines) + "\n"


def html_text(ordered: Sequence[Edition], parts: EmailParts) -> str:
    """The text/html part: templates/email/message.html.j2 around each language's part."""
    first = ordered[0].language
    follows = None
    if len(ordered) > 1:
        nxt = ordered[1].language
        follows = {
            "text": FOLLOWS[nxt],
            "tag": language_info(nxt).tag,
            "target": f"edition-{nxt}",
        }
    labels = [e.publisher for e in ordered]
    return (
        environment(first)
        .get_template("email/message.html.j2")
        .render(
            subject=subject(ordered),
            lang_tag=language_info(first).tag,
            follows=follows,
            parts=[parts.part(e)[1] for e in ordered],
            footer=" / ".join(dict.fromkeys(labels)),
        )
    )


def _boundary(*parts: str) -> str:
    """A MIME boundary from the content: '=_' never occurs in a quoted-printable body."""
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]
    return f"=_bulletin_{digest}"


def email_message(ordered: Sequence[Edition], parts: EmailParts) -> bytes:
    """The bytes of one ``.eml``: ``ordered[0]``'s language first, then the others."""
    first, host = ordered[0], _host(parts.config)
    text, html = plain_text(ordered, parts), html_text(ordered, parts)
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject(ordered)
    message["From"] = formataddr((_sender(first), f"no-reply@{host}"))
    day = dt.datetime.combine(first.day, dt.time(), tzinfo=dt.UTC)
    message["Date"] = format_datetime(day)
    message["Message-ID"] = f"<{first.slug}.{first.language}@{host}>"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = ", ".join(language_info(e.language).tag for e in ordered)
    message.set_boundary(_boundary(text, html))
    return message.as_bytes()


def _sender(edition: Edition) -> str:
    """The From name: the helpdesk the bulletin points to, or the publishing agency."""
    contact = edition.contact
    return contact.name if contact is not None else edition.publisher
