"""Word writers of the family's blocks: windows, single problems, numbered text, contacts,
and the edition parts (status, correction, history, references).

Each writer receives the document writer of :mod:`bulletin_builder.render.docx.renderer`
(the :class:`Host`), which owns the document, the labels and the Markdown writer.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from docx.document import Document
from docx.oxml import OxmlElement
from docx.shared import Twips
from docx.table import Table, _Cell

from bulletin_builder.model.blocks import UNKNOWN, Problem, Section, Window, WindowTable
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.records import Contact, Telephone
from bulletin_builder.model.views import EDITION_LINES, STATUS_WORDS, BlockView, Run
from bulletin_builder.render.docx.markdown import BULLET_NUM_ID, MarkdownWriter, add_link
from bulletin_builder.render.docx.parts import add_row, cell_text, drop_first_paragraph
from bulletin_builder.render.locale import long_date
from bulletin_builder.render.moments import format_moment

ROW_COLUMNS = (2880, 6480)
"""Label and value columns of a window's table and of a contact block."""
NUMBER_INDENT = 480
"""Twips between a numbered paragraph's number and its text."""


class Host(Protocol):
    """What the document writer offers the block writers."""

    doc: Document
    edition: Edition
    language: str

    def text(self, value: str) -> str: ...
    def label(self, msgid: str) -> str: ...
    def markdown(
        self, flow: Document | _Cell, text: str, style: str = ..., heading_level: int | None = ...
    ) -> None: ...
    def table(self, labels: list[str] | None, widths: tuple[int, ...], caption: str) -> Table: ...
    def section(self, section: Section) -> None: ...
    def fix_date(self, problem: Problem) -> str: ...


class BlockWriter:
    """Writes one block after another into the host's document."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.doc = host.doc

    def block(self, view: BlockView) -> None:
        b = view.block
        if b.text is not None:
            self.host.markdown(self.doc, b.text, "Normal", 2)
        elif b.problems is not None:
            self.host.section(b.problems)
        elif b.problem is not None:
            self.problem(b.problem)
        elif b.windows is not None:
            self.windows(b.windows)
        elif b.numbered is not None:
            for run in view.runs:
                self.run(run)
        elif b.contact is not None:
            self.contact(self.host.edition.contact_block(b.contact))

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_paragraph(self.host.text(text), style=f"Heading {level}")

    def problem(self, problem: Problem) -> None:
        parts = [("Description", problem.description), ("Scope", problem.scope)]
        parts.append(("Interim workaround", problem.workaround))
        for label, text in parts:
            if text:
                self.heading(self.host.label(label))
                self.host.markdown(self.doc, text, "Normal", 2)
        line = self.doc.add_paragraph(style="Normal")
        line.add_run(self.host.text(self.host.label("Fix date") + ":")).bold = True
        line.add_run(" " + self.host.fix_date(problem))

    def windows(self, table: WindowTable) -> None:
        self.heading(table.heading or self.host.label("Service notice"))
        for window in table.windows:
            self.heading(window.system, 2)
            self.window(window)

    def window(self, window: Window) -> None:
        h, lang = self.host, self.host.language
        grid = h.table(None, ROW_COLUMNS, caption=h.text(window.system))
        self.row(grid, "Start", format_moment(window.start, lang))
        if window.duration:
            self.row(grid, "Duration", h.text(window.duration))
        elif window.end == UNKNOWN:
            unknown = "Unknown: an investigation is under way; no estimated time of resolution."
            self.row(grid, "End", h.label(unknown))
        elif window.end:
            self.row(grid, "End", format_moment(window.end, lang))
        h.markdown(self.row(grid, "Clients affected", None), window.clients_affected)
        h.markdown(self.row(grid, "Description", None), window.description)
        if window.action:
            h.markdown(self.row(grid, "Action required", None), window.action)
        else:
            self.row(grid, "Action required", h.label("None"))

    def row(self, table: Table, label: str, value: str | None) -> _Cell:
        name, cell = add_row(table)
        cell_text(name, self.host.label(label))
        if value is not None:
            cell_text(cell, value)
        return cell

    def run(self, run: Run) -> None:
        if run.heading is not None:
            self.heading(run.heading, 2)
            return
        for offset, text in enumerate(run.texts):
            writer = MarkdownWriter(self.doc.part, self.host.language, "Normal", 3)
            paragraphs = writer.write(self.doc, text)
            if not paragraphs:
                continue
            first = paragraphs[0]
            number = OxmlElement("w:r")
            number_text = OxmlElement("w:t")
            number_text.text = f"{run.start + offset}.\t"
            number.append(number_text)
            first._p.insert(1 if first._p.pPr is not None else 0, number)
            for paragraph in paragraphs:
                fmt = paragraph.paragraph_format
                fmt.left_indent = Twips(NUMBER_INDENT)
            first.paragraph_format.first_line_indent = Twips(-NUMBER_INDENT)
            first.paragraph_format.tab_stops.add_tab_stop(Twips(NUMBER_INDENT))

    def contact(self, contact: Contact) -> None:
        h = self.host
        self.heading(contact.heading)
        if contact.name_line:
            self.doc.add_paragraph(h.text(contact.name_line), style="Normal")
        grid = h.table(None, ROW_COLUMNS, caption=h.text(contact.heading))
        if contact.hours:
            h.markdown(self.row(grid, "Hours of service", None), contact.hours)
        if contact.web_form:
            cell = self.row(grid, "Web contact form", None)
            cell.paragraphs[0].style = self.doc.styles["Table Text"]
            add_link(self.doc.part, cell.paragraphs[0], contact.web_form, contact.web_form)
        if contact.email:
            cell = self.row(grid, "Email", None)
            cell.paragraphs[0].style = self.doc.styles["Table Text"]
            add_link(self.doc.part, cell.paragraphs[0], contact.email, f"mailto:{contact.email}")
        if contact.telephone:
            cell = self.row(grid, "Telephone", None)
            for index, phone in enumerate(contact.telephone):
                self.telephone(cell, phone, first=index == 0)
        if contact.response_time:
            h.markdown(self.row(grid, "Response time", None), contact.response_time)
        for group in contact.tips:
            name, cell = add_row(grid)
            cell_text(name, h.text(group.heading))
            writer = MarkdownWriter(self.doc.part, h.language, "Table Text", None)
            for item in group.items:
                writer.write_item(cell, item, BULLET_NUM_ID)
            drop_first_paragraph(cell)
        if contact.body.strip():
            h.markdown(self.doc, contact.body, "Normal", 2)

    def telephone(self, cell: _Cell, phone: Telephone, *, first: bool) -> None:
        h = self.host
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph(style="Table Text")
        paragraph.style = self.doc.styles["Table Text"]
        paragraph.add_run(phone.number)
        if phone.note:
            paragraph.add_run().add_break()
            paragraph.add_run(h.text(phone.note))
        for option in phone.menu:
            self.option(cell, option.press, option.label, 0)
            for sub in option.options:
                self.option(cell, sub.press, sub.label, 1)

    def option(self, cell: _Cell, press: str, label: str, level: int) -> None:
        h = self.host
        words = h.label("Option %(key)s:") % {"key": press}
        paragraph = cell.add_paragraph(h.text(f"{words} {label}"), style="Table Text")
        paragraph.paragraph_format.left_indent = Twips(360 * (level + 1))

    def status(self) -> None:
        """The status word (UPDATED, RESOLVED, ...) above the title, if any."""
        status = self.host.edition.bulletin.status
        if status:
            line = self.doc.add_paragraph(style="Normal")
            line.add_run(self.host.label(STATUS_WORDS[status])).bold = True

    def edition_notes(self) -> None:
        """The line naming the original, and what a correction corrects."""
        h, bulletin = self.host, self.host.edition.bulletin
        if bulletin.status and bulletin.updates:
            line = self.doc.add_paragraph(style="Normal")
            line.paragraph_format.space_before = Twips(120)
            words = h.label(EDITION_LINES[bulletin.status]) % {"number": bulletin.updates}
            line.add_run(words).italic = True
        if bulletin.correction:
            line = self.doc.add_paragraph(style="Normal")
            line.add_run(h.text(h.label("Correction") + ":")).bold = True
            h.markdown(self.doc, bulletin.correction, "Normal", 2)

    def history(self) -> None:
        """References, then earlier texts, newest first; the last is the original message."""
        h, bulletin = self.host, self.host.edition.bulletin
        if bulletin.references:
            self.heading(h.label("References"))
            for ref in bulletin.references:
                line = self.doc.add_paragraph(style="List Bullet")
                if ref.url:
                    add_link(self.doc.part, line, h.text(ref.title), ref.url)
                else:
                    line.add_run(h.text(ref.title))
                if ref.bulletin:
                    line.add_run(f" ({ref.bulletin})")
        if not bulletin.history:
            return
        self.heading(h.label("Previous messages"))
        for index, entry in enumerate(bulletin.history):
            last = index == len(bulletin.history) - 1
            label = "Original message sent %(date)s:" if last else "Update sent %(date)s:"
            day = long_date(dt.date.fromisoformat(entry.date), h.language)
            self.heading(h.text(h.label(label) % {"date": day}), 2)
            h.markdown(self.doc, entry.text, "Normal", 3)
