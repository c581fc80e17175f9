"""Hardening case 23: every error in one run, one diagnostic per cause.

An unknown field used to hide the file's other errors (its record was not built, so no rule
ran on it); an alias bomb gave dozens of field errors, one per alias. Numbers continue those
of ``docs/security.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bulletin_builder.model.blocks import Problem
from bulletin_builder.model.convert import convert
from bulletin_builder.model.salvage import Unreadable, readable
from bulletin_builder.source import yamltree
from hardening_support import EN, diagnostics, edit

FR = EN.replace(".en.", ".fr.")


def test_23_unknown_field_hides_no_other_error(bulletins_copy: Path) -> None:
    edit(bulletins_copy, "title: ", "titel: x\ntitle: ")
    edit(bulletins_copy, "message_number: CARM 2021-07-15", "message_number: CARM-2021-07-15")
    edit(bulletins_copy, "audience: Commercial clients", "audience: Importers")
    edit(bulletins_copy, "fix_date: 2021-07-31", "fix_date: 2021-07-30", FR)
    found = {(d["path"].rsplit("/", 1)[1], d["code"]) for d in diagnostics(bulletins_copy)}
    assert found == {
        (EN, "BB102"),  # the unknown field
        (EN, "BB301"),  # the message number's form
        (EN, "BB310"),  # the audience
        (FR, "BB202"),  # the French message number differs from the English one
        (FR, "BB204"),  # the fix dates differ
    }


def test_23_errors_an_alias_bomb_causes_are_one(bulletins_copy: Path) -> None:
    bomb = "[&a [x, x, x], &b [*a, *a, *a, *a], &c [*b, *b, *b, *b], &d [*c, *c, *c, *c]]"
    edit(bulletins_copy, "sections:\n", f"sections: {bomb}\nsectionz:\n")
    found = [d for d in diagnostics(bulletins_copy) if d["path"].endswith(EN)]
    assert [d["code"] for d in found] == ["BB005", "BB102"], found
    assert "(4 error(s) they cause not shown)" in found[0]["message"]


def test_23_a_value_written_wrong_stops_only_the_checks_that_read_it() -> None:
    row = {"id": "x", "description": "d", "workaround": "w", "fix_date": "31/07/2021"}
    problem, issues = convert(yamltree.from_data(row), Problem, salvage=True)
    assert [i.code for i in issues] == ["BB307"]
    assert problem is not None
    assert (problem.id, problem.description) == ("x", "d")
    with pytest.raises(Unreadable):
        _ = problem.fix_date

    def check() -> Iterator[str]:
        yield problem.id
        yield problem.fix_date  # stops here: its error is reported already
        yield "never"

    assert list(readable(check())) == ["x"]
    assert convert(yamltree.from_data(row), Problem)[0] is None  # never a record to render
