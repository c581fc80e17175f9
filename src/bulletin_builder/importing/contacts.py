"""The contact block read from a document: matched to an existing one, or a new one.

Facts agree when the heading, hours, web form, telephone numbers with their notes and the
tips are the same once case, spacing and typography are set aside. A block that matches no
existing one gets a new id (the acronym in its name, else a slug of the name).
"""

from __future__ import annotations

import re

import yaml

from bulletin_builder.importing.draft import TODO, ContactDraft
from bulletin_builder.importing.family_draft import PhoneDraft
from bulletin_builder.importing.ids import slug, unique
from bulletin_builder.importing.labels import key
from bulletin_builder.model.records import (
    Contact,
    MenuOption,
    SubOption,
    Telephone,
    TipGroup,
)
from bulletin_builder.review.emit import written

HEADING_PREFIXES = (
    "how to contact the ",
    "how to contact ",
    "comment communiquer avec le ",
    "comment communiquer avec la ",
    "comment communiquer avec l'",
    "comment communiquer avec ",
    "pour communiquer avec le ",
    "comment joindre le ",
    "comment joindre la ",
    "comment joindre l'",
    "comment joindre ",
)
ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")


def facts(contact: Contact) -> tuple[object, ...]:
    """What a reader learns from a contact block, compared loosely."""
    return (
        key(contact.heading),
        key(contact.name_line or ""),
        key(contact.hours or ""),
        (contact.web_form or "").strip().rstrip("/"),
        (contact.email or "").casefold(),
        tuple((key(t.number), key(t.note), _menu(t)) for t in contact.telephone),
        key(contact.response_time or ""),
        tuple((key(g.heading), tuple(key(i) for i in g.items)) for g in contact.tips),
    )


def _menu(phone: Telephone) -> tuple[object, ...]:
    return tuple(
        (o.press, key(o.label), tuple((s.press, key(s.label)) for s in o.options))
        for o in phone.menu
    )


def name_of(heading: str) -> str:
    """'How to contact the CARM Client Support Helpdesk' → 'CARM Client Support Helpdesk'."""
    lowered = heading.casefold()
    for prefix in HEADING_PREFIXES:
        if lowered.startswith(prefix):
            return heading[len(prefix) :].strip() or heading
    return heading


def build_contact(draft: ContactDraft, contact_id: str, language: str) -> Contact:
    """The record of a contact draft; missing facts are TODO (validation flags them)."""
    heading = " ".join(draft.heading.split()) or TODO
    reachable = draft.web_form or draft.email or draft.telephone
    return Contact(
        id=contact_id,
        language=language,  # type: ignore[arg-type]
        name=" ".join(draft.name.split()) or name_of(heading),
        heading=heading,
        hours=draft.hours or (None if reachable else TODO),
        web_form=draft.web_form or (None if reachable else TODO),
        email=draft.email or None,
        telephone=[_telephone(phone) for phone in draft.telephone],
        response_time=draft.response_time or None,
        tips=[TipGroup(heading=h, items=items) for h, items in draft.tips if items],
    )


def _telephone(phone: PhoneDraft) -> Telephone:
    menu = [
        MenuOption(press=key_, label=label, options=[SubOption(press=k, label=s) for k, s in subs])
        for key_, label, subs in phone.menu
    ]
    return Telephone(number=phone.number, note=phone.note, menu=menu)


def matching(contact: Contact, existing: list[Contact]) -> Contact | None:
    """The existing block of the same language whose facts agree with ``contact``."""
    wanted = facts(contact)
    return next(
        (c for c in existing if c.language == contact.language and facts(c) == wanted), None
    )


def new_id(contact: Contact, taken: set[str]) -> str:
    """An id for a new block: the acronym of its name ('ccsh'), else a slug of the name."""
    acronyms = ACRONYM.findall(contact.name) + ACRONYM.findall(contact.heading)
    base = acronyms[0].lower() if acronyms else slug(contact.name)
    return unique(base, set(taken))


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the contact blocks in bulletins/contacts/ are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """PyYAML's hook, called with ``indentless=True`` for a list under a key: never so."""
        super().increase_indent(flow, False)


def contact_source(contact: Contact) -> str:
    """A contact block as a source file (front matter only), through PyYAML's emitter."""
    data = contact.model_dump()
    data.pop("body")
    data = written(data)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return f"---\n{text}---\n"
