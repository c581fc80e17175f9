"""The plain-text part of the e-mail edition: one language's bulletin, wrapped at 72 columns.

Tables cannot survive as columns at 72 characters, so each known problem becomes a numbered
record: its description, then its information and work-around, then its fix date, each under
its column's label, indented under the number.
"""

from __future__ import annotations

from bulletin_builder.markdown import typeset
from bulletin_builder.model.blocks import Problem, Section
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Contact
from bulletin_builder.publish.changes import fix_date_text
from bulletin_builder.publish.plaintext import WIDTH, to_text, wrap
from bulletin_builder.render.locale import catalog, long_date

INDENT = "    "


def _label(text: str, language: str) -> str:
    return typeset(catalog(language).gettext(text) + ":", language)


def heading(text: str, rule: str = "=") -> list[str]:
    """A heading underlined to its length (at most the line width)."""
    lines = wrap(text)
    return [*lines, rule * min(max(len(line) for line in lines), WIDTH)]


def problem_lines(number: int, problem: Problem, language: str) -> list[str]:
    """One row of a known-problems table as a numbered record."""
    width = WIDTH - len(INDENT)
    lines = [f"{number}. {_label('Description', language)}"]
    lines += [
        INDENT + line if line else "" for line in to_text(problem.description, language, width)
    ]
    lines += ["", INDENT + _label("Information / Work around", language)]
    lines += [
        INDENT + line if line else "" for line in to_text(problem.workaround, language, width)
    ]
    fix = fix_date_text(problem.fix_date, language)
    lines += ["", INDENT + f"{_label('Fix date', language)} {fix}"]
    return lines


def section_lines(section: Section, language: str) -> list[str]:
    lines = heading(typeset(section.heading, language), "-")
    for number, problem in enumerate(section.problems, 1):
        lines += ["", *problem_lines(number, problem, language)]
    return lines


def _contact_lines(contact: Contact, lang: str) -> list[str]:
    lines = heading(typeset(contact.heading, lang), "-")
    if contact.hours:
        hours = " ".join(to_text(contact.hours, lang))
        lines += ["", *wrap(f"{_label('Hours of service', lang)} {hours}")]
    if contact.web_form:
        lines += wrap(f"{_label('Web contact form', lang)} {contact.web_form}")
    if contact.telephone:
        lines.append(_label("Telephone", lang))
    for phone in contact.telephone:
        note = f" {typeset(phone.note, lang)}" if phone.note else ""
        lines += wrap(f"{phone.number}{note}", indent=INDENT)
    for group in contact.tips:
        lines += ["", *wrap(typeset(group.heading, lang))]
        for item in group.items:
            body = to_text(item, lang, WIDTH - 2) or [""]
            lines += ["- " + body[0], *["  " + line if line else "" for line in body[1:]]]
    if contact.body.strip():
        lines += ["", *to_text(contact.body, lang)]
    return lines


def edition_text(edition: Edition, changes: list[str], links: list[tuple[str, str]]) -> list[str]:
    """One language of the e-mail, as lines: header, changes, links, body, tables, contact."""
    bulletin, lang = edition.bulletin, edition.language
    lines = [*wrap(typeset(bulletin.series, lang)), *heading(typeset(bulletin.title, lang)), ""]
    lines += wrap(f"{_label('Message number', lang)} {bulletin.message_number}")
    lines += wrap(f"{_label('Target audience', lang)} {typeset(bulletin.audience, lang)}")
    lines += wrap(f"{_label('Date', lang)} {long_date(bulletin.day, lang)}")
    if bulletin.supersedes:
        replaced = catalog(lang).gettext("This bulletin replaces %(number)s")
        lines += wrap(typeset(replaced % {"number": bulletin.supersedes}, lang))
    if changes:
        lines += ["", *wrap(changes[0])]
        lines += [line for change in changes[1:] for line in _bullet(change)]
    if links:  # the label on its line, the address (often longer than a line) under it
        lines += ["", *(line for label, href in links for line in (_label(label, lang), href))]
    if bulletin.body.strip():
        lines += ["", *to_text(bulletin.body, lang)]
    for section in bulletin.sections:
        lines += ["", *section_lines(section, lang)]
    for contact in edition.contacts.values():
        lines += ["", *_contact_lines(contact, lang)]
    return lines


def _bullet(text: str) -> list[str]:
    body = wrap(text, WIDTH - 2)
    return ["- " + body[0], *["  " + line for line in body[1:]]]
