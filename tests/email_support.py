"""What an e-mail edition must say: each bulletin's facts in reading order, as its page shows
them, taken from the validated model (never from the e-mail code), and the two parts of a
message read back as plain words, one segment per language."""

from __future__ import annotations

import datetime as dt
import email
import html
import re
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

from bulletin_builder import markdown
from bulletin_builder.model.blocks import Problem, Window, WindowTable
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Contact
from bulletin_builder.model.views import EDITION_LINES, STATUS_WORDS, BlockView, block_views
from bulletin_builder.render.locale import catalog, long_date
from bulletin_builder.render.moments import format_moment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHAPES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
"""One folder of bulletins per shape of the family."""
RULE = "\n\n" + "=" * 72 + "\n\n"
"""What separates the languages of the plain-text part."""
_BLOCK_TAGS = re.compile(r"</?(p|li|ul|ol|td|th|tr|table|h[1-6]|br|div|dt|dd|dl|hr)\b[^>]*>")


def read_message(path: Path) -> EmailMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def plain(text: str) -> str:
    """Text as compared: no-break spaces as spaces, runs of white space as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def html_words(part: str) -> str:
    """The words a reader of the HTML sees: block tags as spaces, other tags as nothing."""
    text = re.sub(r"<[^>]+>", "", _BLOCK_TAGS.sub(" ", part))
    return plain(html.unescape(text))


def segments(msg: EmailMessage) -> tuple[list[str], list[str]]:
    """Each language's words in the plain-text part and in the HTML part, in message order."""
    text, page = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None
    assert page is not None
    plain_text = str(text.get_content()).replace("\r\n", "\n")
    html_part = str(page.get_content()).replace("\r\n", "\n")
    return (
        [plain(s) for s in plain_text.split(RULE)],
        [html_words(s) for s in html_part.split('<div id="edition-')[1:]],
    )


def runs(text: str | None, language: str) -> list[str]:
    """The words of Markdown ``text``, one run per paragraph or item, split where a link is."""
    out: list[str] = []
    for token in markdown.tokens(text or "", language):
        current: list[str] = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                current.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                current.append(" ")
            elif child.type in ("link_open", "link_close"):
                out.append("".join(current))
                current = []
        out.append("".join(current))
    return [plain(run) for run in out if run.strip()]


def _label(text: str, language: str, **values: str) -> str:
    return markdown.typeset(catalog(language).gettext(text) % values, language)


def _fix_date(problem: Problem, language: str) -> str:
    if problem.resolved is not None:
        day = long_date(dt.date.fromisoformat(problem.resolved), language)
        return _label("Resolved %(date)s", language, date=day)
    day_of_fix = problem.fix_day
    if day_of_fix is None:
        return catalog(language).gettext(problem.fix_date)
    return long_date(day_of_fix, language)


def _problem(problem: Problem, language: str) -> list[str]:
    texts = [problem.description, problem.scope, problem.workaround]
    return [r for text in texts for r in runs(text, language)] + [_fix_date(problem, language)]


def _window(window: Window, language: str) -> list[str]:
    facts = [markdown.typeset(window.system, language), format_moment(window.start, language)]
    if window.duration:
        facts.append(markdown.typeset(window.duration, language))
    elif window.end == "unknown":
        unknown = "Unknown: an investigation is under way; no estimated time of resolution."
        facts.append(_label(unknown, language))
    elif window.end:
        facts.append(format_moment(window.end, language))
    facts += runs(window.clients_affected, language) + runs(window.description, language)
    return facts + (runs(window.action, language) or [catalog(language).gettext("None")])


def _windows(table: WindowTable, language: str) -> list[str]:
    heading = table.heading or catalog(language).gettext("Service notice")
    return [markdown.typeset(heading, language)] + [
        fact for window in table.windows for fact in _window(window, language)
    ]


def _numbered(view: BlockView, language: str) -> list[str]:
    facts: list[str] = []
    for run in view.runs:
        if run.heading is not None:
            facts.append(markdown.typeset(run.heading, language))
        for number, text in enumerate(run.texts, run.start):
            words = runs(text, language)
            facts += [f"{number}. {words[0]}", *words[1:]]
    return facts


def _option(press: str, label: str, language: str) -> str:
    return f"{_label('Option %(key)s:', language, key=press)} {markdown.typeset(label, language)}"


def _contact(contact: Contact, language: str) -> list[str]:
    facts = [markdown.typeset(contact.heading, language)]
    facts += [markdown.typeset(contact.name_line, language)] if contact.name_line else []
    facts += runs(contact.hours, language) + [v for v in (contact.web_form, contact.email) if v]
    for phone in contact.telephone:
        facts += [phone.number, *runs(phone.note, language)]
        for option in phone.menu:
            facts.append(_option(option.press, option.label, language))
            facts += [_option(sub.press, sub.label, language) for sub in option.options]
    facts += runs(contact.response_time, language)
    for group in contact.tips:
        facts += [markdown.typeset(group.heading, language)]
        facts += [r for item in group.items for r in runs(item, language)]
    return facts + runs(contact.body, language)


def _block(view: BlockView, edition: Edition) -> list[str]:
    block, language = view.block, edition.language
    if block.problems is not None:
        facts = [markdown.typeset(block.problems.heading, language)]
        facts += runs(block.problems.audience, language)
        return facts + [f for p in block.problems.problems for f in _problem(p, language)]
    if block.problem is not None:
        return _problem(block.problem, language)
    if block.windows is not None:
        return _windows(block.windows, language)
    if block.numbered is not None:
        return _numbered(view, language)
    if block.contact is not None:
        return _contact(edition.contact_block(block.contact), language)
    return runs(block.text, language)


def _header(edition: Edition) -> list[str]:
    bulletin, language = edition.bulletin, edition.language
    facts = [_label(STATUS_WORDS[bulletin.status], language)] if bulletin.status else []
    facts += [markdown.typeset(t, language) for t in (bulletin.series, bulletin.title)]
    facts += [bulletin.message_number, markdown.typeset(bulletin.audience, language)]
    facts.append(long_date(bulletin.day, language))
    if bulletin.status and bulletin.updates:
        facts.append(_label(EDITION_LINES[bulletin.status], language, number=bulletin.updates))
    return facts + runs(bulletin.correction, language)


def _after(edition: Edition) -> list[str]:
    bulletin, language = edition.bulletin, edition.language
    facts = [catalog(language).gettext("References")] if bulletin.references else []
    for ref in bulletin.references:
        facts += [markdown.typeset(ref.title, language), *([ref.bulletin] if ref.bulletin else [])]
    facts += [catalog(language).gettext("Previous messages")] if bulletin.history else []
    for index, entry in enumerate(bulletin.history, 1):
        last = index == len(bulletin.history)
        label = "Original message sent %(date)s:" if last else "Update sent %(date)s:"
        facts += [_label(label, language, date=long_date(entry.day, language))]
        facts += runs(entry.text, language)
    return facts


def facts(edition: Edition) -> list[str]:
    """Everything ``edition``'s page shows of its source, in reading order, as plain words."""
    body = runs(edition.bulletin.body, edition.language)
    blocks = [f for view in block_views(edition.bulletin) for f in _block(view, edition)]
    return [plain(f) for f in [*_header(edition), *body, *blocks, *_after(edition)]]


def missing_in_order(words: str, expected: list[str]) -> list[str]:
    """The facts not found in ``words`` after the last one found: missing, or out of order."""
    cursor, missing = 0, []
    for fact in expected:
        found = words.find(fact, cursor)
        if found < 0:
            missing.append(fact)
        else:
            cursor = found + len(fact)
    return missing
