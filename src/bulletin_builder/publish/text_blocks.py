"""The plain-text part's blocks, in reading order, each at most 72 columns wide.

Tables cannot survive as columns at 72 characters: each known problem becomes a numbered
record (its description, information and work-around, fix date, each under its column's
label), each service window its system's name with 'Label: value' lines under it (times as
the page writes them), numbered paragraphs keep their numbers with the text hanging under
the first word, and a contact block is laid out by :mod:`~bulletin_builder.publish.text_contact`.
"""

from __future__ import annotations

import datetime as dt

from bulletin_builder.markdown import typeset
from bulletin_builder.model.blocks import Problem, Section, Window, WindowTable
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.views import BlockView, Run
from bulletin_builder.publish.changes import fix_date_text
from bulletin_builder.publish.plaintext import WIDTH, to_text
from bulletin_builder.publish.text_contact import contact_lines
from bulletin_builder.publish.text_layout import (
    INDENT,
    heading,
    indented,
    label,
    labelled,
    labelled_markdown,
    markdown_under,
)
from bulletin_builder.render.locale import catalog, long_date
from bulletin_builder.render.moments import format_moment


def fix_date_line(problem: Problem, language: str) -> str:
    """The fix date as the page shows it: 'Resolved October 31, 2025' once resolved."""
    if problem.resolved is None:
        return fix_date_text(problem.fix_date, language)
    day = long_date(dt.date.fromisoformat(problem.resolved), language)
    return typeset(catalog(language).gettext("Resolved %(date)s"), language) % {"date": day}


def problem_lines(number: int, problem: Problem, language: str) -> list[str]:
    """One row of a known-problems table as a numbered record."""
    lines = [f"{number}. {label('Description', language)}"]
    lines += markdown_under(problem.description, language)
    lines += ["", INDENT + label("Information / Work around", language)]
    lines += markdown_under(problem.workaround, language)
    fix = fix_date_line(problem, language)
    return [*lines, "", INDENT + f"{label('Fix date', language)} {fix}"]


def section_lines(section: Section, language: str) -> list[str]:
    lines = heading(typeset(section.heading, language), "-")
    if section.audience:
        lines += labelled(label("Clients affected", language), typeset(section.audience, language))
    for number, problem in enumerate(section.problems, 1):
        lines += ["", *problem_lines(number, problem, language)]
    return lines


def single_problem_lines(problem: Problem, language: str) -> list[str]:
    """A problem on its own: description, scope, interim workaround, fix date."""
    parts = [("Description", problem.description), ("Scope", problem.scope)]
    parts.append(("Interim workaround", problem.workaround))
    lines: list[str] = []
    for name, text in parts:
        if text:
            lines += [*([""] if lines else []), label(name, language)]
            lines += markdown_under(text, language)
    return [*lines, "", f"{label('Fix date', language)} {fix_date_line(problem, language)}"]


def _end_lines(window: Window, language: str) -> list[str]:
    if window.duration:
        return labelled(label("Duration", language), typeset(window.duration, language), INDENT)
    if window.end == "unknown":
        unknown = "Unknown: an investigation is under way; no estimated time of resolution."
        value = typeset(catalog(language).gettext(unknown), language)
    else:
        value = format_moment(window.end or "", language)
    return labelled(label("End", language), value, INDENT)


def window_lines(window: Window, language: str) -> list[str]:
    """A window: the system's name, then its start, end, clients, description and action."""
    lines = [typeset(window.system, language)]
    lines += labelled(label("Start", language), format_moment(window.start, language), INDENT)
    lines += _end_lines(window, language)
    clients, description = window.clients_affected, window.description
    lines += labelled_markdown(label("Clients affected", language), clients, language, INDENT)
    lines += labelled_markdown(label("Description", language), description, language, INDENT)
    action = window.action or catalog(language).gettext("None")
    return lines + labelled_markdown(label("Action required", language), action, language, INDENT)


def windows_lines(table: WindowTable, language: str) -> list[str]:
    title = table.heading or catalog(language).gettext("Service notice")
    lines = heading(typeset(title, language), "-")
    for window in table.windows:
        lines += ["", *window_lines(window, language)]
    return lines


def numbered_lines(runs: list[Run], language: str) -> list[str]:
    """Numbered paragraphs, each number first and its text hanging under the first word."""
    lines: list[str] = []
    for run in runs:
        if run.heading is not None:
            lines += [*([""] if lines else []), *heading(typeset(run.heading, language), "-")]
        for number, text in enumerate(run.texts, run.start):
            marker = f"{number}. "
            body = to_text(text, language, WIDTH - len(marker)) or [""]
            pad = " " * len(marker)
            lines += [*([""] if lines else []), marker + body[0], *indented(body[1:], pad)]
    return lines


def block_lines(view: BlockView, edition: Edition) -> list[str]:
    """One block of the body as lines, by its type."""
    block, language = view.block, edition.language
    if block.problems is not None:
        return section_lines(block.problems, language)
    if block.problem is not None:
        return single_problem_lines(block.problem, language)
    if block.windows is not None:
        return windows_lines(block.windows, language)
    if block.numbered is not None:
        return numbered_lines(view.runs, language)
    if block.contact is not None:
        return contact_lines(edition.contact_block(block.contact), language)
    return to_text(block.text or "", language)
