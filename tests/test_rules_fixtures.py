"""Every rule and every bad input, one small case each, against golden diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_builder.report import format_text
from bulletin_builder.validate.runner import validate
from conftest import check_golden
from fixture_cases import apply_case

CASES = Path(__file__).parent / "fixtures" / "rules"


def _render(root: Path) -> str:
    result = validate([root])
    lines = []
    for d in result.diagnostics.sorted():
        path = d.location.path.relative_to(root)
        d_rel = type(d)(
            d.code,
            d.message,
            type(d.location)(path, d.location.line, d.location.column),
            d.severity,
            d.field,
            d.hint,
        )
        lines.append(format_text(d_rel, result.sources.get(d.location.path, [])))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.txt")))
def test_rule_case(case: str, bulletins_copy: Path, regen_golden: bool) -> None:
    apply_case(bulletins_copy, (CASES / f"{case}.txt").read_text(encoding="utf-8"))
    check_golden(CASES / f"{case}.expected", _render(bulletins_copy), regen_golden)
