"""The terminology base: how terms are found, and what is never read as a term."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin_builder.source.terms import Finder, Term, Terms, Text, load_terms
from bulletin_builder.validate.runner import validate

SEED_TERMS = Path(__file__).resolve().parent.parent / "bulletins"


def found(term: str, text: str) -> list[str]:
    return [hit.written for hit in Text(text).find(Finder(term))]


def test_acronyms_match_in_capitals_only() -> None:
    assert found("PCG", "le PCG, le pcg, PCGs, e-PCG, PCG.") == ["PCG", "PCG"]


def test_terms_match_in_any_case_across_lines_and_apostrophes() -> None:
    text = "Le Portail client\n          de la GCRA; le numéro d’entreprise."
    assert found("portail client de la GCRA", text) == ["Portail client\n          de la GCRA"]
    assert found("numéro d'entreprise", text) == ["numéro d’entreprise"]
    assert found("GCRA", text) == ["GCRA"]
    assert found("client", "clients, sous-client, client") == ["client"]


@pytest.fixture
def base() -> Terms:
    return Terms.of(
        (
            Term("ccp", ("CARM Client Portal", "CCP"), "portail client de la GCRA", ("PCG",)),
            Term("fix-date", ("fix date",), "date de correction prévue", ("date de correction",)),
        )
    )


def test_a_variant_inside_the_agency_term_is_known(base: Terms) -> None:
    assert [(i, containing) for i, _, containing in base.forbidden] == [(0, ()), (1, (1,))]


def test_the_seed_base_loads_cleanly() -> None:
    terms, errors = load_terms(SEED_TERMS)
    assert errors == []
    assert len(terms.entries) >= 10
    keys = {t.key for t in terms.entries}
    assert {"carm-client-portal", "carm-client-support-helpdesk", "gckey", "workaround"} <= keys
    assert {"fix-date", "statement-of-account", "business-number"} <= keys


def _only_term(folder: Path, en: str, fr: str) -> None:
    (folder / "terms.toml").write_text(f'[terms.t]\nen = "{en}"\nfr = "{fr}"\n', encoding="utf-8")


def _warnings(folder: Path) -> list[str]:
    return [
        f"{d.location.path.name}:{d.location.line} {d.message}"
        for d in validate([folder]).diagnostics.sorted()
        if d.code == "BB209"
    ]


def test_field_names_and_message_numbers_are_not_terms(bulletins_copy: Path) -> None:
    _only_term(bulletins_copy, "CARM", "zzz")
    assert _warnings(bulletins_copy)[0].endswith(
        "English line 4 writes 'CARM', but this file never writes 'zzz'"
    )
    _only_term(bulletins_copy, "workaround", "zzz")
    assert _warnings(bulletins_copy) == [
        "carm-2021-07-15.fr.md:79 English line 74 writes 'workaround', but this file "
        "never writes 'zzz'"
    ]


def test_a_folded_line_that_looks_like_a_field_is_text(bulletins_copy: Path) -> None:
    _only_term(bulletins_copy, "workaround", "zzz")
    en = bulletins_copy / "carm-2021-07-15.en.md"
    text = en.read_text(encoding="utf-8").replace("There is no workaround at this time.", "")
    text = text.replace(
        "      - id: payment-amount-not-accepted\n        description: |\n",
        "      - id: payment-amount-not-accepted\n        description: >\n"
        "          See the note.\n          workaround: none yet.\n",
    )
    en.write_text(text, encoding="utf-8")
    assert _warnings(bulletins_copy) == [
        "carm-2021-07-15.fr.md:30 English line 29 writes 'workaround', but this file "
        "never writes 'zzz'"
    ]


def test_a_plural_listed_in_fr_counts_as_the_term(bulletins_copy: Path) -> None:
    fr = bulletins_copy / "carm-2021-07-15.fr.md"
    text = fr.read_text(encoding="utf-8").replace(
        "du même\n          courtier en douane", "du même courtier"
    )
    fr.write_text(text, encoding="utf-8")
    assert "courtier en douane" not in text
    assert "courtiers en douane" in text
    (bulletins_copy / "terms.toml").write_text(
        '[terms.t]\nen = ["customs broker", "customs brokers"]\nfr = "courtier en douane"\n',
        encoding="utf-8",
    )
    assert len(_warnings(bulletins_copy)) == 1
    (bulletins_copy / "terms.toml").write_text(
        '[terms.t]\nen = ["customs broker", "customs brokers"]\n'
        'fr = ["courtier en douane", "courtiers en douane"]\n',
        encoding="utf-8",
    )
    assert _warnings(bulletins_copy) == []
