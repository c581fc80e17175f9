"""Round trip: every bulletin built to DOCX and HTML, imported back, renders the same facts.

Cases: each bulletin of bulletins/, of every examples/*/ folder (one per shape of the family:
windows, a single problem and its UPDATED and RESOLVED editions, a correction, numbered
paragraphs, a contact page), and a fixture using bold, italics, links, numbered and nested
lists, a list item of two paragraphs and a body. Imported sources must validate and name the
contact blocks of the folder; their header, kind, edition fields, body, blocks (texts as
rendered HTML, fix dates, windows' times, numbered paragraphs and subheadings, contacts),
history and references must equal the original's; only the problem ids may differ, and must
be the same in both languages. The no-break spaces of French
typography come back as the plain spaces the writer typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_builder.errors import Severity
from bulletin_builder.importing.run import import_files
from bulletin_builder.render import get_renderer
from bulletin_builder.validate.runner import load_editions
from conftest import SEED_BULLETINS
from import_support import (
    Case,
    bulletins,
    facts,
    fresh_folder,
    round_trip_cases,
    source_folder,
)

CASES = round_trip_cases()


def test_the_cases_cover_the_seed_and_every_folder() -> None:
    """The parametrization cannot pass on zero cases: the seed bulletin is among them."""
    assert any(c.root == SEED_BULLETINS and c.stem == "carm-2021-07-15" for c in CASES)
    assert len(CASES) >= 2


def _outputs(case: Case, fmt: str, tmp_path: Path) -> list[Path]:
    folder = source_folder(case, tmp_path / "source")
    renderer = get_renderer(fmt)
    paths = []
    for edition in load_editions([folder]):
        path = tmp_path / "out" / edition.output_name(fmt)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(renderer.render(edition))
        paths.append(path)
    return sorted(paths, key=lambda p: p.name.endswith(".fr." + fmt))  # English first


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_built_outputs_import_back_to_the_same_facts(case: Case, fmt: str, tmp_path: Path) -> None:
    outputs = _outputs(case, fmt, tmp_path)
    target = fresh_folder(case.root, tmp_path / "imported")
    run = import_files(outputs, target)
    errors = [d for d in run.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    assert all(not item.leftovers for item in run.imported)
    assert all(not item.contacts for item in run.imported), "the contact block was not matched"
    original = bulletins(tmp_path / "source")
    imported = bulletins(target)
    assert sorted(imported) == sorted(original)
    for language, bulletin in original.items():
        assert facts(imported[language]) == facts(bulletin), language
    ids = {lang: [p.id for p in b.problems()] for lang, b in imported.items()}
    assert len({tuple(v) for v in ids.values()}) == 1, ids
    for path in sorted(target.glob("*.md")):  # typography's no-break spaces, typed back plain
        typed = (tmp_path / "source" / path.name).read_text(encoding="utf-8")
        written = path.read_text(encoding="utf-8")
        assert [c for c in "\u00a0\u202f" if c in written and c not in typed] == [], path.name
