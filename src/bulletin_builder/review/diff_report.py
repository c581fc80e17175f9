"""``bulletin diff`` output: text (coloured in a terminal) and Markdown for a pull request.

The JSON for tools is :func:`bulletin_builder.review.diff_json.as_json`.

The Markdown starts with :data:`MARKER`, the hidden comment the pull-request workflow uses to
find and update its previous comment instead of adding a new one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bulletin_builder.languages import language_name
from bulletin_builder.report import format_text
from bulletin_builder.review.compare import WordOp
from bulletin_builder.review.diff import Change, DiffResult, Entry, Finding

MARKER = "<!-- bulletin-diff -->"
SYMBOLS = {"problem-added": "+", "problem-removed": "-", "file-added": "+", "file-removed": "-"}
STATUS = {"added": "new bulletin", "removed": "deleted", "changed": "changed"}
LABELS = {
    "fix-date": "fix date",
    "section-heading": "heading re-worded",
    "body": "text re-worded",
    "description": "description re-worded",
    "workaround": "workaround re-worded",
}
Style = Callable[[str, str], str]
"""(role, text) → text styled for the output: roles 'code', 'del', 'ins', 'note', 'sym'."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: DiffResult) -> str:
    """'1 bulletin changed, 1 added · problems: 2 added, 1 resolved, 3 changed · …'."""
    if not result.changed:
        return "No changes to the bulletins."
    n = result.summary()
    bulletins = [
        f"{_plural(n['bulletins_changed'], 'bulletin')} changed",
        f"{n['bulletins_added']} added",
        f"{n['bulletins_removed']} deleted",
    ]
    parts = [", ".join(bulletins)]
    if n["contacts_changed"]:
        parts.append(f"{_plural(n['contacts_changed'], 'contact block')} changed")
    parts.append(
        f"problems: {n['problems_added']} added, {n['problems_removed']} resolved, "
        f"{n['problems_changed']} changed"
    )
    if n["not_yet_translated"]:
        parts.append(f"{_plural(n['not_yet_translated'], 'change')} not yet translated")
    if n["invalid"]:
        parts.append(f"{_plural(n['invalid'], 'bulletin')} invalid at head")
    return " · ".join(parts)


def headline(change: Change, style: Style) -> str:
    """One line naming the change: 'problem `x` fix date: TBD → 2021-07-31'."""
    kind, subject = change.kind, change.subject
    if kind in ("file-added", "file-removed"):
        return f"{language_name(subject)} file {kind.removeprefix('file-')}"
    if kind == "problem-added":
        return f"problem {style('code', subject)} added ({style('text', change.detail)})"
    if kind == "problem-removed":
        was = style("text", change.detail)
        return f"problem {style('code', subject)} removed: resolved (was {was})"
    if kind == "moved":
        return f"problem {style('code', subject)} moved: {style('text', change.detail)}"
    name = {
        "header": subject.replace("_", " "),
        "contact": f"contact {subject.replace('_', ' ')}",
        "section-heading": subject,
        "body": "introduction",
    }.get(kind, f"problem {style('code', subject)}")
    label = LABELS.get(kind, "changed")
    shared = _shared_value(change)
    return f"{name} {label}: {style('text', shared)}" if shared else f"{name} {label}"


def _shared_value(change: Change) -> str | None:
    """'TBD → 2021-07-31' when every language has the same plain before and after."""
    values = {(s.before, s.after) for s in change.sides.values()}
    if len(values) != 1 or any(s.words for s in change.sides.values()):
        return None
    before, after = values.pop()
    if change.kind == "moved" or before is None or after is None:
        return None
    return f"{before} → {after}"


def _words(ops: tuple[WordOp, ...], style: Style) -> str:
    roles = {"=": "text", "-": "del", "+": "ins", "…": "text"}
    return " ".join(style(roles[op], text) for op, text in ops)


def _short(text: str | None, limit: int = 120) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def detail_lines(change: Change, style: Style) -> list[str]:
    """Per-language lines under the headline ('EN: …'), then the translation note."""
    lines = []
    if _shared_value(change) is None:
        for lang, side in change.sides.items():
            if side.words:
                body = _words(side.words, style)
            elif side.before is not None and side.after is not None:
                body = f"{style('text', side.before)} → {style('text', side.after)}"
            else:
                body = style("text", _short(side.after if side.after is not None else side.before))
            lines.append(f"{lang.upper()}: {body}")
    note = change.note()
    if note:
        lines.append(style("note", note))
    return lines


def entry_heading(entry: Entry) -> str:
    """'carm-2021-07-15 (CARM 2021-07-15): changed' or 'contact block ccsh: changed'."""
    name = entry.name if entry.kind == "bulletin" else f"contact block {entry.name}"
    title = f" ({entry.title})" if entry.kind == "bulletin" and entry.title != entry.name else ""
    return f"{name}{title}: {STATUS[entry.status] if entry.kind == 'bulletin' else entry.status}"


def entry_notes(entry: Entry) -> list[str]:
    """Entry-level remarks: missing translations, a change to the formatting only."""
    notes = [f"no {language_name(lang)} file yet" for lang in entry.untranslated]
    if entry.status == "removed":
        files = ", ".join(f"{entry.name}.{lang}.md" for lang in entry.languages)
        notes.append(f"deleted: {files} no longer published")
    if entry.status == "changed" and not entry.changes and not entry.findings:
        notes.append("formatting only: no change to the content")
    return notes


def finding_text(finding: Finding) -> str:
    """A diagnostic as ``bulletin validate`` prints it, with the source line and a caret."""
    d = finding.diagnostic
    return format_text(d, [""] * (d.location.line - 1) + [finding.line])


def _style_text(color: bool) -> Style:
    colours = {"del": "red", "ins": "green", "note": "magenta", "code": "cyan", "sym": "yellow"}
    marks = {"del": ("[-", "-]"), "ins": ("{+", "+}")}

    def style(role: str, text: str) -> str:
        left, right = marks.get(role, ("", ""))
        out = f"{left}{text}{right}"
        if not color or role not in colours:
            return out
        import click  # noqa: PLC0415 - only when printing to a terminal

        return click.style(out, fg=colours[role], bold=role == "note")

    return style


def as_text(result: DiffResult, *, color: bool = False) -> str:
    """A report for a terminal: one block per entry, symbols +, -, ~ and ! for notes."""
    style = _style_text(color)
    out = [
        f"bulletin diff: {result.base.describe()} → {result.head.describe()}",
        summary_line(result),
    ]
    for entry in result.entries:
        out += ["", entry_heading(entry)]
        for change in entry.changes:
            out.append(f"  {style('sym', SYMBOLS.get(change.kind, '~'))} {headline(change, style)}")
            out += [f"      {line}" for line in detail_lines(change, style)]
        out += [f"  {style('note', '!')} {note}" for note in entry_notes(entry)]
        for side in ("base", "head"):
            found = [f for f in entry.findings if f.side == side]
            out += [f"  invalid at {side}:"] if found else []
            out += [f"    {line}" for f in found for line in finding_text(f).split("\n")]
    return "\n".join(out)


MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md_escape(text: str) -> str:
    """Text safe inside Markdown and HTML: no raw tags, no accidental emphasis or links."""
    return MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _style_markdown(role: str, text: str) -> str:
    escaped = md_escape(text)
    wrap = {"del": "<del>{}</del>", "ins": "<ins>{}</ins>", "note": "⚠️ **{}**", "code": "`{}`"}
    if role == "code":
        return f"`{text.replace('`', '')}`"
    return wrap.get(role, "{}").format(escaped)


def _md_entry(entry: Entry) -> list[str]:
    gaps = sum(c.note() is not None for c in entry.changes) + len(entry.untranslated)
    warn = f" · ⚠️ {gaps} not yet translated" if gaps else ""
    bad = " · ❌ invalid" if any(f.side == "head" for f in entry.findings) else ""
    out = [
        "<details open>",
        f"<summary><strong>{html.escape(entry_heading(entry))}</strong>{warn}{bad}</summary>",
        "",
    ]
    for change in entry.changes:
        out.append(f"- {headline(change, _style_markdown)}")
        out += [f"  - {line}" for line in detail_lines(change, _style_markdown)]
    out += [f"- ⚠️ **{md_escape(note)}**" for note in entry_notes(entry)]
    for side in ("base", "head"):
        found = [f for f in entry.findings if f.side == side]
        if found:
            out += [
                "",
                f"Invalid at {side}:",
                "",
                "```text",
                *(finding_text(f) for f in found),
                "```",
            ]
    return [*out, "", "</details>", ""]


def as_markdown(result: DiffResult) -> str:
    """A pull-request comment: the marker, a summary line, one collapsible section per entry."""
    out = [
        MARKER,
        "### Bulletin changes",
        "",
        f"**{md_escape(summary_line(result))}**",
        "",
        f"Compared {md_escape(result.base.describe())} with {md_escape(result.head.describe())}.",
        "",
    ]
    for entry in result.entries:
        out += _md_entry(entry)
    return "\n".join(out).rstrip() + "\n"
