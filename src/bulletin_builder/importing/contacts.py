"""The contact block read from a document: matched to an existing one, or a new one.

Facts agree when the heading, hours, web form, telephone numbers with their notes and the
tips are the same once case, spacing and typography are set aside. A block that matches no
existing one gets a new id (the acronym in its name, else a slug of the name).
"""

from __future__ import annotations

import re

import yaml

from bulletin_builder.importing.draft import TODO, ContactDraft
from bulletin_builder.importing.ids import slug, unique
from bulletin_builder.importing.labels import key
from bulletin_builder.model.records import Contact, Telephone, TipGroup

HEADING_PREFIXES = (
    "how to contact the ",
    "how to contact ",
    "comment communiquer avec le ",
    "comment communiquer avec la ",
    "comment communiquer avec l'",
    "comment communiquer avec ",
    "pour communiquer avec le ",
)
ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")


def facts(contact: Contact) -> tuple[object, ...]:
    """What a reader learns from a contact block, compared loosely."""
    return (
        key(contact.heading),
        key(contact.hours or ""),
        (contact.web_form or "").strip().rstrip("/"),
        tuple((key(t.number), key(t.note)) for t in contact.telephone),
        tuple((key(g.heading), tuple(key(i) for i in g.items)) for g in contact.tips),
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
    return Contact(
        id=contact_id,
        language=language,  # type: ignore[arg-type]
        name=name_of(heading),
        heading=heading,
        hours=draft.hours or TODO,
        web_form=draft.web_form or TODO,
        telephone=[Telephone(number=n, note=note) for n, note in draft.telephone]
        or [Telephone(number=TODO)],
        tips=[TipGroup(heading=h, items=items) for h, items in draft.tips if items],
    )


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
    data["telephone"] = [{k: v for k, v in t.items() if v} for t in data["telephone"]]
    if not data["tips"]:
        data.pop("tips")
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return f"---\n{text}---\n"
