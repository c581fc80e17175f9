"""A contact block in the plain-text part: how to reach the helpdesk, phone menus indented.

Its heading, the helpdesk's name when the heading does not say it, then 'Label: value' lines
(hours, web form, e-mail), the telephone numbers with their notes, each phone menu's options
one step in and their sub-options one more, the response time, then the tips as lists.
"""

from __future__ import annotations

from bulletin_builder.markdown import typeset
from bulletin_builder.model.records import Contact, MenuOption, SubOption, Telephone
from bulletin_builder.publish.plaintext import WIDTH, to_text, wrap
from bulletin_builder.publish.text_layout import INDENT, heading, label, labelled
from bulletin_builder.render.locale import catalog


def _option(option: MenuOption | SubOption, language: str, indent: str) -> list[str]:
    key = catalog(language).gettext("Option %(key)s:") % {"key": option.press}
    return labelled(typeset(key, language), typeset(option.label, language), indent)


def phone_lines(phone: Telephone, language: str) -> list[str]:
    """A number and its note, then its menu: options one step in, sub-options one more."""
    note = f" {typeset(phone.note, language)}" if phone.note else ""
    lines = wrap(f"{phone.number}{note}", indent=INDENT)
    for option in phone.menu:
        lines += _option(option, language, INDENT * 2)
        for sub in option.options:
            lines += _option(sub, language, INDENT * 3)
    return lines


def _details(contact: Contact, lang: str) -> list[str]:
    lines = [typeset(contact.name_line, lang)] if contact.name_line else []
    if contact.hours:
        lines += labelled(label("Hours of service", lang), " ".join(to_text(contact.hours, lang)))
    if contact.web_form:
        lines += wrap(f"{label('Web contact form', lang)} {contact.web_form}")
    if contact.email:
        lines += wrap(f"{label('Email', lang)} {contact.email}")
    if contact.telephone:
        lines.append(label("Telephone", lang))
    for phone in contact.telephone:
        lines += phone_lines(phone, lang)
    if contact.response_time:
        answer = " ".join(to_text(contact.response_time, lang))
        lines += labelled(label("Response time", lang), answer)
    return lines


def contact_lines(contact: Contact, lang: str) -> list[str]:
    """The whole contact block."""
    lines = heading(typeset(contact.heading, lang), "-")
    details = _details(contact, lang)
    lines += ["", *details] if details else []
    for group in contact.tips:
        lines += ["", *wrap(typeset(group.heading, lang))]
        for item in group.items:
            body = to_text(item, lang, WIDTH - 2) or [""]
            lines += ["- " + body[0], *["  " + line if line else "" for line in body[1:]]]
    if contact.body.strip():
        lines += ["", *to_text(contact.body, lang)]
    return lines
