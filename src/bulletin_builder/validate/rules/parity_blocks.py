"""BB2xx for the family's blocks: the French message number, block structure and windows.

The French file's message number may be written in French (``Avis des douanes 24-31``):
it must name the same bulletin as the English one. The blocks must be the same types in the
same order, with the same windows (times are shared; only words differ), the same numbered
paragraphs and subheadings, the same contacts and history dates.
"""

from __future__ import annotations

from collections.abc import Iterator

from bulletin_builder.errors import Diagnostic
from bulletin_builder.model.blocks import Block
from bulletin_builder.model.project import Project, SourceFile
from bulletin_builder.model.records import Bulletin


def compare_number(
    project: Project, fr: SourceFile[Bulletin], en: Bulletin
) -> Iterator[Diagnostic]:
    """BB202 when the French number is not the English one (in either language's form)."""
    record = fr.record
    assert record is not None
    config = project.config
    en_form = config.reference_form(en.message_number, en.language) or en.message_number
    fr_form = config.reference_form(record.message_number, record.language)
    if fr_form is None or fr_form == en_form or record.message_number == en.message_number:
        return  # a malformed number is BB301 already
    found = config.number_parts(en.message_number, en.language)
    expected = (
        config.patterns[found[0]][record.language].format(found[1]) if found else en.message_number
    )
    yield fr.diagnostic(
        "BB202",
        f"message number differs from English ({en.message_number})",
        "message_number",
        hint=f"write message_number: {expected}",
    )


def compare_updates(
    project: Project, fr: SourceFile[Bulletin], en: Bulletin
) -> Iterator[Diagnostic]:
    """BB202 when 'updates' names another original than English (in either language's form)."""
    record = fr.record
    assert record is not None
    config = project.config
    if en.updates is None or record.updates is None:
        if en.updates != record.updates:
            what = "is missing" if record.updates is None else "is not in the English file"
            where = ("updates",) if record.updates else ()
            yield fr.diagnostic("BB202", f"updates {what}", *where)
        return
    en_form = config.reference_form(en.updates, en.language) or en.updates
    fr_form = config.reference_form(record.updates, record.language) or record.updates
    if en_form != fr_form:
        yield fr.diagnostic("BB202", f"updates differs from English ({en.updates})", "updates")


def _shape(block: Block) -> tuple[object, ...]:
    """What the languages of a block share: its type and its structure."""
    if block.windows is not None:
        return ("windows", len(block.windows.windows))
    if block.numbered is not None:
        return ("numbered", tuple("heading" if i.heading else "text" for i in block.numbered))
    if block.problems is not None:
        return ("problems",)
    if block.contact is not None:
        return ("contact", block.contact)
    return (block.type,)


def _describe(shape: tuple[object, ...]) -> str:
    if shape[0] == "windows":
        return f"a windows block of {shape[1]} window(s)"
    if shape[0] == "numbered":
        items = shape[1]
        assert isinstance(items, tuple)
        paragraphs, headings = items.count("text"), items.count("heading")
        return f"numbered text of {paragraphs} paragraph(s), {headings} subheading(s)"
    if shape[0] == "contact":
        return f"the contact block '{shape[1]}'"
    return f"a {shape[0]} block"


def compare_blocks(fr: SourceFile[Bulletin], en: Bulletin) -> Iterator[Diagnostic]:
    """BB211 for a block whose type or structure differs; BB212 for a window's times."""
    record = fr.record
    assert record is not None
    for index, (en_block, fr_block) in enumerate(zip(en.blocks, record.blocks, strict=False)):
        en_shape, fr_shape = _shape(en_block), _shape(fr_block)
        if en_shape != fr_shape:
            yield fr.diagnostic(
                "BB211",
                f"block {index + 1} differs from English, which has {_describe(en_shape)} here",
                "blocks",
                index,
                hint="translate the English blocks one by one, in the same order",
            )
            return
        if en_block.windows is not None and fr_block.windows is not None:
            yield from _compare_windows(fr, index, en_block, fr_block)
    if len(en.blocks) != len(record.blocks):
        yield fr.diagnostic(
            "BB211",
            f"{len(record.blocks)} block(s) here, {len(en.blocks)} in English",
            "blocks",
            hint="translate every English block, in the same order",
        )
    en_days = [h.date for h in en.history]
    if en_days != [h.date for h in record.history]:
        yield fr.diagnostic(
            "BB202",
            f"history dates differ from English ({', '.join(en_days) or 'none'})",
            "history",
            hint="keep the English history entries, with their dates",
        )


def _compare_windows(
    fr: SourceFile[Bulletin], index: int, en_block: Block, fr_block: Block
) -> Iterator[Diagnostic]:
    assert en_block.windows is not None
    assert fr_block.windows is not None
    pairs = zip(en_block.windows.windows, fr_block.windows.windows, strict=True)
    for number, (en_w, fr_w) in enumerate(pairs):
        for name in ("start", "end"):
            en_value, fr_value = getattr(en_w, name), getattr(fr_w, name)
            if en_value != fr_value:
                yield fr.diagnostic(
                    "BB212",
                    f"window {name} differs from English ({en_value or 'none'})",
                    "blocks",
                    index,
                    "windows",
                    "windows",
                    number,
                    name,
                    hint=f"write {name}: {en_value}" if en_value else f"remove '{name}'",
                )
