"""What an import decides before writing: the files, their contact blocks, the report's lines.

:class:`Context` is the bulletins folder imported into and what this run has decided so far;
:func:`place_contact` gives a contact block read from a document its id: the id of the block
of ``contacts/`` whose facts agree, else a new block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin_builder.importing.contacts import build_contact, matching, new_id
from bulletin_builder.importing.draft import TODO, ContactDraft, Draft, Leftover
from bulletin_builder.model.project import Project
from bulletin_builder.model.records import Bulletin, Contact


@dataclass
class Imported:
    """One bulletin file to write, the contact blocks it needs, and what the report says."""

    source: Path
    path: Path
    bulletin: Bulletin
    contacts: dict[Path, Contact] = field(default_factory=dict)
    placed: list[tuple[str, str, str]] = field(default_factory=list)
    """(field, value, where it came from)."""
    leftovers: list[Leftover] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Trace:
    """What the report will say about one draft, gathered while it becomes records."""

    placed: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contacts: dict[Path, Contact] = field(default_factory=dict)


@dataclass
class Context:
    """The bulletins folder imported into, and what this run has decided so far."""

    project: Project
    done: list[Imported] = field(default_factory=list)
    kind: str | None = None
    """``--kind``, if given."""

    def contacts(self) -> list[Contact]:
        on_disk = [c.record for c in self.project.contacts if c.record is not None]
        return on_disk + [c for i in self.done for c in i.contacts.values()]

    def bulletins(self) -> list[Bulletin]:
        on_disk = [b.record for b in self.project.bulletins if b.record is not None]
        return on_disk + [i.bulletin for i in self.done]


def place_contact(
    draft: Draft, language: str, ctx: Context, out: Trace, folder: Path, found: ContactDraft | None
) -> str:
    if found is None:
        out.placed.append(("contact", TODO, "no contact table found"))
        return TODO
    record = build_contact(found, TODO, language)
    same = matching(record, ctx.contacts())
    if same is not None:
        out.placed.append(
            (
                "contact",
                same.id,
                f"{found.origin}: the same facts as {_where(same, language)}",
            )
        )
        return same.id
    contact_id = _sibling_contact(draft, language, ctx, folder) or new_id(
        record, {c.id for c in ctx.contacts()}
    )
    path = folder / "contacts" / f"{contact_id}.{language}.md"
    out.contacts[path] = build_contact(found, contact_id, language)
    out.placed.append(("contact", contact_id, f"{found.origin}: a new block, {path}"))
    return contact_id


def _where(contact: Contact, language: str) -> str:
    return f"contacts/{contact.id}.{language}.md"


def _sibling_contact(draft: Draft, language: str, ctx: Context, folder: Path) -> str | None:
    """The contact id the other language of this bulletin uses, if free in this language."""
    number = draft.fields.get("message_number")
    for other in ctx.done:
        contact_id = next(iter(other.bulletin.contacts()), TODO)
        if other.bulletin.message_number != number or contact_id == TODO:
            continue
        path = folder / "contacts" / f"{contact_id}.{language}.md"
        planned = {p for i in ctx.done for p in i.contacts}
        if not path.exists() and path not in planned:
            return contact_id
    return None
