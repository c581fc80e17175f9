"""The e-mail edition in the preview: the ``.eml`` of the build, shown part by part.

After each refresh, :func:`messages` asks the publishing step for the e-mail outputs of the
last good editions (their paths, content hashes and makers, exactly as the build declares
them). :class:`MailCache` makes a message when one of its parts is first asked for, keeps it
by that content hash, and hands out its HTML or plain-text part. Nothing is written to disk.
"""

from __future__ import annotations

import email
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.policy import default

from bulletin_builder.preview.cache import Good, PageId
from bulletin_builder.preview.pipeline import EMAIL_VIEWS, Config, Extra, email_outputs

KEPT = 32
"""Messages kept (least recently used first out)."""


def _by_config(
    goods: Iterable[Good], configs: Mapping[str, Config]
) -> list[tuple[Config, list[Good]]]:
    """The good editions grouped by the configuration of their folder, in the languages it lists."""
    groups: list[tuple[Config, list[Good]]] = []
    for good in goods:
        config = configs.get(good.edition.slug)
        if config is None or good.edition.language not in config.languages:
            continue
        for known, members in groups:
            if known == config:
                members.append(good)
                break
        else:
            groups.append((config, [good]))
    return groups


def messages(goods: Iterable[Good], configs: Mapping[str, Config]) -> dict[PageId, Extra]:
    """(slug, language) → the ``.eml`` output of that page's message, from ``goods``."""
    found: dict[PageId, Extra] = {}
    for config, members in _by_config(goods, configs):
        editions = [g.edition for g in members]
        pages = {f"{e.slug}/{e.output_name('eml')}": (e.slug, e.language) for e in editions}
        for extra in email_outputs(editions, [g.key for g in members], config):
            found[pages[extra.path]] = extra
    return found


def part(message: bytes, view: str) -> bytes:
    """The part of ``message`` that ``view`` shows, as UTF-8 with the message's line ends."""
    parsed = email.message_from_bytes(message, policy=default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body((EMAIL_VIEWS[view],))
    if body is None:
        raise ValueError(f"the message has no text/{EMAIL_VIEWS[view]} part")
    return str(body.get_content()).encode()


class MailCache:
    """Messages by content hash; safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._making = threading.Lock()
        self._messages: OrderedDict[str, bytes] = OrderedDict()
        self.made: list[PageId] = []
        """(slug, language) of every message made, in order (for tests)."""

    def message(self, page: PageId, extra: Extra) -> bytes:
        """The bytes of ``extra``'s message, made now if its content hash is not cached."""
        with self._making:  # one message at a time: a second request waits for the first
            with self._lock:
                cached = self._messages.get(extra.key)
                if cached is not None:
                    self._messages.move_to_end(extra.key)
                    return cached
            data = extra.make({})
            with self._lock:
                self._messages[extra.key] = data
                self.made.append(page)
                while len(self._messages) > KEPT:
                    self._messages.popitem(last=False)
            return data

    def output(self, page: PageId, extra: Extra, view: str) -> bytes:
        """The ``view`` of the message of ``page`` (``extra``: its output, as declared)."""
        return part(self.message(page, extra), view)
