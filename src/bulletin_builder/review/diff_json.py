"""``bulletin diff --format json``: everything the text and Markdown reports show, for tools.

One object with the two revisions compared (label and commit), whether anything changed,
the summary counts and one entry per bulletin or contact block, each with its changes
(per-language before, after and word operations) and its diagnostics.
"""

from __future__ import annotations

import json
from typing import Any

from bulletin_builder.report import as_dict
from bulletin_builder.review.diff import Change, DiffResult, Finding


def _change_json(change: Change) -> dict[str, Any]:
    sides = {
        lang: {"before": s.before, "after": s.after, "words": [list(w) for w in s.words]}
        for lang, s in change.sides.items()
    }
    return {
        "kind": change.kind,
        "subject": change.subject,
        "detail": change.detail,
        "languages": sides,
        "missing": list(change.missing),
        "note": change.note(),
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"side": finding.side, **as_dict(finding.diagnostic)}


def as_json(result: DiffResult) -> str:
    """Everything the other formats show, for tools."""
    entries = [
        {
            "kind": e.kind,
            "name": e.name,
            "title": e.title,
            "status": e.status,
            "languages": list(e.languages),
            "untranslated": list(e.untranslated),
            "changes": [_change_json(c) for c in e.changes],
            "diagnostics": [_finding_json(f) for f in e.findings],
        }
        for e in result.entries
    ]
    revision = {
        side: {"label": r.label, "commit": r.commit}
        for side, r in (("base", result.base), ("head", result.head))
    }
    return json.dumps(
        {**revision, "changed": result.changed, "summary": result.summary(), "entries": entries},
        indent=2,
        ensure_ascii=False,
    )
