"""BB2xx: the English and French files of a bulletin (and of a contact block) in step.

English is the reference: every difference is reported at the French value, quoting the
English one, so the translator knows what to change and to what.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from bulletin_builder.errors import Diagnostic, Severity
from bulletin_builder.model.fields import Record
from bulletin_builder.model.project import Project, SourceFile
from bulletin_builder.model.records import Bulletin, Contact
from bulletin_builder.model.salvage import readable
from bulletin_builder.validate.rules.parity_blocks import (
    compare_blocks,
    compare_number,
    compare_updates,
)

URL = re.compile(r"(?:https?://|mailto:|tel:)[^\s<>()\]\"'»]+[^\s<>()\]\"'».,;:!?]")
PHONE = re.compile(r"(?<![\w-])(?:\+?1[ -])?\(?\d{3}\)?[ -]\d{3}-\d{4}(?![\w-])")
DIGIT_RUN = re.compile(r"[\d(+][\d() +-]{6,}\d{4}\b")
"""Runs of digits and phone punctuation: a fast first pass before the exact ``PHONE``."""
LANGUAGE_TOKEN = re.compile(r"(?<=[-_/.=])(?:eng|fra|en|fr)(?=[-_/.&#]|$)")
HEADER_FIELDS = ("date", "contact", "supersedes", "kind", "status")


def neutral_url(url: str) -> str:
    """A URL with its language marker blanked: '…-sc-eng.html' and '…-sc-fra.html' match."""
    return LANGUAGE_TOKEN.sub("{lang}", url)


def urls(text: str) -> Counter[str]:
    if ":" not in text:  # every URL form has a scheme
        return Counter()
    return Counter(neutral_url(u) for u in URL.findall(text))


def phones(text: str) -> Counter[str]:
    """The telephone numbers in ``text``, as their last ten digits."""
    found = (p for run in DIGIT_RUN.findall(text) for p in PHONE.findall(run))
    return Counter(re.sub(r"\D", "", p)[-10:] for p in found)


def _pairs(
    files: Sequence[SourceFile[Any]], reference: str
) -> Iterator[tuple[SourceFile[Any], SourceFile[Any] | None]]:
    """(translation, reference-language file or None) for every non-reference file."""
    by_key = {(f.stem, f.language): f for f in files}
    for f in files:
        if f.language and f.language != reference:
            yield f, by_key.get((f.stem, reference))


def _missing(project: Project, files: Sequence[SourceFile[Any]], kind: str) -> Iterator[Diagnostic]:
    present = {(f.stem, f.language) for f in files}
    reference = project.config.reference_language
    for f in files:
        for lang in project.config.languages:
            if f.language == reference and (f.stem, lang) not in present:
                yield f.diagnostic(
                    "BB201",
                    f"{kind} has no '{lang}' translation yet (expected {f.stem}.{lang}.md)",
                    severity=Severity.WARNING,
                    hint="add the translation; --strict makes this an error",
                )
    for f, ref in _pairs(files, reference):
        if ref is None:
            yield f.diagnostic(
                "BB208",
                f"no '{reference}' {kind} {f.stem}.{reference}.md for this translation",
                hint="the reference-language file must exist",
            )


def _compare_text(
    fr: SourceFile[Any], en_text: str, fr_text: str, path: tuple[str | int, ...]
) -> Iterator[Diagnostic]:
    en_urls, fr_urls = urls(en_text), urls(fr_text)
    if en_urls != fr_urls:
        shown = ", ".join(sorted(set(URL.findall(en_text)))) or "none"
        here = ", ".join(sorted(set(URL.findall(fr_text)))) or "none"
        yield fr.diagnostic(
            "BB205",
            f"links differ from English (English: {shown}; here: {here})",
            *path,
            hint="use the same addresses (the -eng/-fra page pair counts as the same)",
        )
    if phones(en_text) != phones(fr_text):
        shown = ", ".join(sorted(PHONE.findall(en_text))) or "none"
        yield fr.diagnostic("BB206", f"telephone numbers differ from English ({shown})", *path)


def _compare_field(
    fr: SourceFile[Any], en: Record, name: str, code: str, label: str
) -> Iterator[Diagnostic]:
    assert fr.record is not None
    en_value, fr_value = getattr(en, name), getattr(fr.record, name)
    if en_value == fr_value:
        return
    if en_value is None:
        yield fr.diagnostic(
            code,
            f"{label} is not in the English file",
            name,
            hint=f"remove '{name}' or add it to the English file",
        )
    else:
        what = "is missing" if fr_value is None else "differs from English"
        yield fr.diagnostic(
            code, f"{label} {what} ({en_value})", name, hint=f"write {name}: {en_value}"
        )


def _compare_named(
    project: Project, fr: SourceFile[Bulletin], en: Bulletin
) -> Iterator[Diagnostic]:
    config, record = project.config, fr.record
    assert record is not None
    for name, table in (("series", config.series), ("audience", config.audiences)):
        en_entry = config.find(table, en.language, getattr(en, name))
        fr_entry = config.find(table, record.language, getattr(record, name))
        if en_entry and fr_entry and en_entry.key != fr_entry.key:
            expected = en_entry.name(record.language)
            yield fr.diagnostic(
                "BB207",
                f"{name} is not the translation of the English {getattr(en, name)!r}",
                name,
                hint=f"write {name}: {expected}",
            )


def _compare_problems(fr: SourceFile[Bulletin], en: Bulletin) -> Iterator[Diagnostic]:
    record = fr.record
    assert record is not None
    en_ids = [p.id for p in en.problems()]
    fr_ids = [p.id for p in record.problems()]
    where: dict[str, tuple[str | int, ...]] = {p.id: path for path, p in record.problem_paths()}
    if en_ids != fr_ids:
        yield from _id_mismatch(fr, en_ids, fr_ids, where)
        return
    for en_p, fr_p in zip(en.problems(), record.problems(), strict=True):
        path = where[fr_p.id]
        if en_p.fix_date != fr_p.fix_date:
            yield fr.diagnostic(
                "BB204",
                f"fix date differs from English ({en_p.fix_date})",
                *path,
                "fix_date",
                hint=f"write fix_date: {en_p.fix_date}",
            )
        for name in ("description", "workaround", "scope"):
            yield from _compare_text(
                fr, getattr(en_p, name) or "", getattr(fr_p, name) or "", (*path, name)
            )


def _id_mismatch(
    fr: SourceFile[Bulletin],
    en_ids: list[str],
    fr_ids: list[str],
    where: dict[str, tuple[str | int, ...]],
) -> Iterator[Diagnostic]:
    for pid in fr_ids:
        if pid not in en_ids:
            yield fr.diagnostic(
                "BB203",
                f"problem '{pid}' is not in the English bulletin",
                *where[pid],
                "id",
                hint=f"English ids: {', '.join(dict.fromkeys(en_ids))}",
            )
    for index, pid in enumerate(en_ids):
        if pid not in fr_ids:
            after = next((where[p] for p in en_ids[index + 1 :] if p in where), None)
            place = "before" if after else "after"
            at = after or next(reversed(where.values()), ("sections",))
            yield fr.diagnostic(
                "BB203",
                f"English problem '{pid}' is missing here",
                *at,
                hint=f"translate it, with the same id, {place} this problem",
            )
    # Each id once, where it is first used: an id used twice is reported by BB306, and the
    # two languages still compare in order (the same ids, so the same lengths).
    common_en = list(dict.fromkeys(p for p in en_ids if p in fr_ids))
    common_fr = list(dict.fromkeys(p for p in fr_ids if p in en_ids))
    for en_id, fr_id in zip(common_en, common_fr, strict=True):
        if en_id != fr_id:
            yield fr.diagnostic(
                "BB203",
                f"problem '{fr_id}' is out of order: English has '{en_id}' here",
                *where[fr_id],
                "id",
                hint="keep the problems in the English order",
            )
            break


def _compare_contact(fr: SourceFile[Contact], en: Contact) -> Iterator[Diagnostic]:
    record = fr.record
    assert record is not None
    for name in ("web_form", "email"):
        en_value, fr_value = getattr(en, name), getattr(record, name)
        if neutral_url(en_value or "") != neutral_url(fr_value or ""):
            yield fr.diagnostic(
                "BB205", f"{name.replace('_', ' ')} differs from English ({en_value})", name
            )
    en_numbers = [t.number for t in en.telephone]
    if en_numbers != [t.number for t in record.telephone]:
        yield fr.diagnostic(
            "BB206", f"telephone numbers differ from English ({', '.join(en_numbers)})", "telephone"
        )


def check_translations(project: Project) -> Iterator[Diagnostic]:
    """Missing translations, then every difference between the languages."""
    reference = project.config.reference_language
    yield from _missing(project, project.bulletins, "bulletin")
    yield from _missing(project, project.contacts, "contact block")
    for fr, en_file in _pairs(project.bulletins, reference):
        if fr.record is None or en_file is None or en_file.record is None:
            continue
        yield from readable(compare_number(project, fr, en_file.record))
        yield from readable(compare_updates(project, fr, en_file.record))
        for name in HEADER_FIELDS:
            label = name.replace("_", " ")
            yield from readable(_compare_field(fr, en_file.record, name, "BB202", label))
        yield from readable(compare_blocks(fr, en_file.record))
        yield from readable(_compare_named(project, fr, en_file.record))
        yield from readable(_compare_problems(fr, en_file.record))
    for fr_c, en_c in _pairs(project.contacts, reference):
        if fr_c.record is not None and en_c is not None and en_c.record is not None:
            yield from readable(_compare_contact(fr_c, en_c.record))
