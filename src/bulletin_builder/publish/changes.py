"""What changed since the previous edition, in a few plain sentences of the edition's language.

The feeds' summaries (and the e-mail's opening lines) say it; the comparison itself is the one
``bulletin diff`` uses (:func:`~bulletin_builder.review.compare.compare_bulletins`): problems
keyed by their stable id, added, removed, re-dated or re-worded.
"""

from __future__ import annotations

from bulletin_builder.markdown import typeset
from bulletin_builder.model.edition import Edition
from bulletin_builder.model.fields import FIX_DATE_WORDS
from bulletin_builder.model.records import Bulletin
from bulletin_builder.model.views import EDITION_LINES
from bulletin_builder.publish.plaintext import one_line
from bulletin_builder.render.locale import catalog, long_date
from bulletin_builder.review.compare import compare_bulletins

HEADER_NOTES = {
    "title": "The title changed.",
    "audience": "The audience changed.",
    "contact": "The contact information changed.",
}
"""The header fields a reader is told about (the number, date and link change every edition)."""


def fix_date_text(value: str, language: str) -> str:
    """A fix date as readers see it: TBD / N/A translated, a date spelled out, a resolved
    problem's date as 'Resolved October 31, 2025' (the diff's 'resolved 2025-10-31')."""
    if value in FIX_DATE_WORDS:
        return catalog(language).gettext(value)
    from bulletin_builder.model.fields import parse_iso_date  # noqa: PLC0415

    if value.startswith("resolved "):
        day = long_date(parse_iso_date(value.removeprefix("resolved ")), language)
        return catalog(language).gettext("Resolved %(date)s") % {"date": day}
    return long_date(parse_iso_date(value), language)


def _description(bulletin: Bulletin, pid: str) -> str:
    problem = next((p for p in bulletin.problems() if p.id == pid), None)
    return one_line(problem.description, bulletin.language, 100) if problem else pid


def _lines(previous: Bulletin, bulletin: Bulletin) -> list[str]:
    lang = bulletin.language
    _ = catalog(lang).gettext
    lines: list[str] = []
    reworded: set[str] = set()
    for kind, subject, side, _detail in compare_bulletins(previous, bulletin):
        if kind == "problem-added":
            lines.append(_("New: {text}").format(text=_description(bulletin, subject)))
        elif kind == "problem-removed":
            lines.append(_("No longer listed: {text}").format(text=_description(previous, subject)))
        elif kind == "fix-date":
            before, after = (fix_date_text(v or "", lang) for v in (side.before, side.after))
            text = _description(bulletin, subject)
            lines.append(
                _("Fix date {before} → {after}: {text}").format(
                    before=before, after=after, text=text
                )
            )
        elif kind in ("description", "workaround") and subject not in reworded:
            reworded.add(subject)
            lines.append(_("Updated: {text}").format(text=_description(bulletin, subject)))
        elif kind == "header" and subject in HEADER_NOTES:
            lines.append(_(HEADER_NOTES[subject]))
        elif kind == "body":
            lines.append(_("The introduction changed."))
    return lines


def changes_since(previous: Edition | None, edition: Edition) -> list[str]:
    """One heading line, then one line per change, in ``edition``'s language."""
    lang, bulletin = edition.language, edition.bulletin
    labels = catalog(lang)
    if previous is None and bulletin.supersedes:  # replaces an edition not in this build
        replaced = labels.gettext("This bulletin replaces %(number)s")
        return [typeset(replaced % {"number": bulletin.supersedes}, lang)]
    if previous is None and bulletin.status and bulletin.updates:  # an edition of a message
        original = labels.gettext(EDITION_LINES[bulletin.status])
        return [typeset(original % {"number": bulletin.updates}, lang)]
    if previous is None and not bulletin.problems():  # a notice: nothing to count
        return [typeset(labels.gettext("First edition."), lang)]
    if previous is None:
        count = len(bulletin.problems())
        first = labels.ngettext(
            "First edition: {count} known problem.", "First edition: {count} known problems.", count
        )
        return [typeset(first.format(count=count), lang)]
    before = previous.bulletin
    head = labels.gettext("Changes since {number} ({date}):").format(
        number=before.message_number, date=long_date(before.day, lang)
    )
    lines = _lines(before, bulletin) or [labels.gettext("No change to the known problems.")]
    return [typeset(line, lang) for line in [head, *lines]]
