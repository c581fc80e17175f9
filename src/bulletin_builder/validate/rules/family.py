"""BB317–BB325: the family's rules: kinds and their blocks, editions, references, windows.

A bulletin's kind (``bulletins.toml``) says which blocks it must have; each block is exactly
one type; an edition with a status names the original it updates; a reference to another
bulletin must be a message number (an error) of a bulletin in this repository (a warning
when it is not: it may predate the repository); a window has an end or a duration, not
before its start; a contact block gives at least one way to reach it.
"""

from __future__ import annotations

from collections.abc import Iterator

from bulletin_builder.errors import Diagnostic, Severity
from bulletin_builder.model.project import BulletinFile, ContactFile, Project
from bulletin_builder.model.salvage import readable
from bulletin_builder.source.family import DEFAULT_KIND
from bulletin_builder.source.numbers import slug_of


def _check_kind(file: BulletinFile, project: Project) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    kinds = project.config.kinds
    kind = kinds.get(bulletin.kind or DEFAULT_KIND)
    if kind is None:
        yield file.diagnostic(
            "BB320",
            f"unknown kind {bulletin.kind!r}",
            "kind",
            hint=f"known kinds: {', '.join(kinds) or 'none'} (bulletins.toml)",
        )
        return
    present = {block.type for block in bulletin.content()}
    for needed in kind.requires:
        if needed not in present:
            yield file.diagnostic(
                "BB321",
                f"a {kind.key} bulletin needs a '{needed}' block",
                "kind" if bulletin.kind else "message_number",
                hint=f"add to 'blocks:' an item '- {needed}: …'",
            )


def _check_blocks(file: BulletinFile) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    for index, block in enumerate(bulletin.blocks):
        written = block.written()
        if len(written) != 1:
            what = ", ".join(written) if written else "none"
            yield file.diagnostic(
                "BB319",
                f"a block must be exactly one of text, problems, problem, windows, numbered, "
                f"contact (here: {what})",
                "blocks",
                index,
                hint="start a new '- ' item for each block",
            )
        for number, item in enumerate(block.numbered or []):
            if (item.text is None) == (item.heading is None):
                yield file.diagnostic(
                    "BB325",
                    "a numbered item is either a paragraph ('text') or a subheading ('heading')",
                    "blocks",
                    index,
                    "numbered",
                    number,
                    hint="write '- text: …' or '- heading: …'",
                )
        if block.windows is not None:
            yield from readable(_check_windows(file, index))


def _check_windows(file: BulletinFile, index: int) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    table = bulletin.blocks[index].windows
    assert table is not None
    for number, window in enumerate(table.windows):
        path = ("blocks", index, "windows", "windows", number)
        if (window.end is None) == (window.duration is None):
            yield file.diagnostic(
                "BB323",
                "a window needs either an end ('unknown' if not known) or a duration",
                *path,
                hint="write 'end: 2025-11-08 10:00 ET', 'end: unknown' or 'duration: …'",
            )
            continue
        end = window.end_moment
        if end is not None and end[0] <= window.start_moment[0]:
            yield file.diagnostic(
                "BB323",
                f"the window ends ({window.end}) before it starts ({window.start})",
                *path,
                "end",
                hint="correct the end or the start",
            )


def _check_edition(file: BulletinFile) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    if bulletin.status is not None and bulletin.updates is None:
        yield file.diagnostic(
            "BB322",
            f"a {bulletin.status} edition must name its original in 'updates'",
            "status",
            hint="add 'updates:' with the original's message number",
        )
    if bulletin.updates is not None and bulletin.status is None:
        yield file.diagnostic(
            "BB322",
            "'updates' names an original, but 'status' does not say what this edition does",
            "updates",
            hint="add 'status: updated' (or resolved, corrected, cancelled)",
        )
    if bulletin.status == "corrected" and not bulletin.correction:
        yield file.diagnostic(
            "BB322",
            "a correction must say what it corrects in 'correction'",
            "status",
            hint="add 'correction:' with a sentence, e.g. 'The date of the outage was wrong.'",
        )


def _known(project: Project, stem: str, language: str) -> bool:
    if any(f.stem == stem and f.language == language for f in project.bulletins):
        return True
    return (project.root / f"{stem}.{language}.md").is_file()


def _check_references(file: BulletinFile, project: Project) -> Iterator[Diagnostic]:
    bulletin = file.record
    assert bulletin is not None
    found: list[tuple[tuple[str | int, ...], str]] = []
    if bulletin.updates:
        found.append((("updates",), bulletin.updates))
    found += [
        (("references", i, "bulletin"), r.bulletin)
        for i, r in enumerate(bulletin.references)
        if r.bulletin
    ]
    for path, number in found:
        reference = project.config.reference_form(number, bulletin.language)
        if reference is None:
            yield file.diagnostic(
                "BB317",
                f"{number!r} is not a message number of any series",
                *path,
                hint="write the number as its series writes it, e.g. CARM Bulletin 5368",
            )
        elif not _known(project, slug_of(reference), bulletin.language):
            yield file.diagnostic(
                "BB318",
                f"bulletin {number!r} is not in this repository",
                *path,
                severity=Severity.WARNING,
                hint="fine if it predates the repository; otherwise check the number",
            )


def check_family(project: Project) -> Iterator[Diagnostic]:
    """Kinds, blocks, windows, editions and references of every valid bulletin."""
    for file in project.bulletins:
        if file.record is not None:
            yield from readable(_check_kind(file, project))
            yield from readable(_check_blocks(file))
            yield from readable(_check_edition(file))
            yield from readable(_check_references(file, project))


def check_contact_ways(project: Project) -> Iterator[Diagnostic]:
    """BB324: a contact block gives a web form, an e-mail address or a telephone number."""
    for file in project.contacts:
        yield from readable(_check_ways(file))


def _check_ways(file: ContactFile) -> Iterator[Diagnostic]:
    contact = file.record
    if contact is not None and not (contact.web_form or contact.email or contact.telephone):
        yield file.diagnostic(
            "BB324",
            "the contact block gives no way to reach it",
            hint="add 'web_form:', 'email:' or 'telephone:'",
        )
