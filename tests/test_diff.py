"""`bulletin diff`: golden outputs in three formats for a history with every kind of change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_builder.cli import main
from bulletin_builder.review.compare import word_diff
from bulletin_builder.review.diff import diff
from bulletin_builder.review.diff_report import MARKER, as_text
from bulletin_builder.source.gitsource import Revision, resolve
from conftest import check_golden
from githistory import SLUG, Edit, commit, copy_edition, git, init_repo, problem

GOLDEN = Path(__file__).parent / "golden" / "diff"
NEW_PROBLEM = problem(
    "payment-history-missing",
    "My payment history is empty.",
    "The history is loaded overnight; check again the next day.",
    "TBD",
)
NEW_PROBLEM_FR = problem(
    "payment-history-missing",
    "Mon historique de paiements est vide.",
    "L'historique est chargé pendant la nuit; vérifiez le lendemain.",
    "TBD",
)


def _edit_seed(folder: Path) -> None:
    en, fr = Edit(folder / f"{SLUG}.en.md"), Edit(folder / f"{SLUG}.fr.md")
    en.replace("audience: Commercial clients", "audience: Customs brokers")
    fr.replace("audience: Clients commerciaux", "audience: Courtiers en douane")
    en.replace(
        "title: CARM Client Portal (CCP) – Known Problems",
        "title: CARM Client Portal (CCP) – Known Problems and Work-arounds",
    )
    for edit, block in ((en, NEW_PROBLEM), (fr, NEW_PROBLEM_FR)):
        edit.remove_problem("generic-notification-emails")
        edit.append_problem(block)
        edit.in_problem("notifications-not-received", "fix_date: TBD", "fix_date: 2021-07-31")
        moved = edit.remove_problem("delegation-invalid-client-id")
        edit.insert_before("      - id: notifications-not-received", moved)
    en.in_problem(
        "payment-amount-not-accepted",
        "my most recent payment amount",
        "the amount of my latest payment",
    )
    fr.in_problem(
        "payment-amount-not-accepted",
        "le montant de mon\n          paiement le plus récent",
        "le montant de mon\n          dernier paiement",
    )
    en.in_problem(
        "emanifest-portal-redirect",
        "please contact the CCSH for assistance",
        "please call the CCSH",
    )
    fr.in_problem(
        "soa-amount-not-accepted", "le plus récent.", "le plus récent (voir Mes relevés)."
    )
    en.save()
    fr.save()


def _edit_contact(folder: Path) -> None:
    Edit(folder / "contacts/ccsh.en.md").replace("20:00 ET", "21:00 ET").replace(
        "note: Option 2 for CARM", "note: Option 2, then 1 for CARM"
    ).save()
    Edit(folder / "contacts/ccsh.fr.md").replace("de 7 h à 20 h HE", "de 7 h à 21 h HE").save()


def _break(folder: Path) -> None:
    Edit(folder / "carm-2021-07-01.en.md").replace(
        "message_number: CARM 2021-07-01", "message_number: CARM 2021-07-02"
    ).replace("date: 2021-07-01", "date: 2021-07-02").save()
    Edit(folder / "carm-2021-07-01.fr.md").in_problem(
        "notifications-not-received", "fix_date: TBD", "fix_date: soon"
    ).save()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main: the seed, plus carm-2021-06-30 and carm-2021-07-01; HEAD: every kind of change."""
    repo = init_repo(tmp_path_factory.mktemp("history") / "repo")
    folder = repo / "bulletins"
    copy_edition(folder, "2021-06-30")
    copy_edition(folder, "2021-07-01")
    commit(repo, "Bulletins as published")
    git(repo, "checkout", "-q", "-b", "edits")
    _edit_seed(folder)
    _edit_contact(folder)
    _break(folder)
    for lang in ("en", "fr"):
        (folder / f"carm-2021-06-30.{lang}.md").unlink()
    copy_edition(folder, "2021-07-22", langs=("en",))
    commit(repo, "Next edition in progress")
    return repo


def _normalize(output: str, repo: Path) -> str:
    for name in ("main", "HEAD"):
        sha = git(repo, "rev-parse", name)
        output = output.replace(sha, f"<{name} commit>").replace(sha[:7], f"<{name}>")
    return output


def run_diff(repo: Path, *args: str) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(main, ["diff", *args])
    finally:
        os.chdir(old)
    return result.exit_code, _normalize(result.output, repo)


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_formats(history: Path, regen_golden: bool, fmt: str, suffix: str) -> None:
    code, output = run_diff(history, "main", "HEAD", "--format", fmt)
    assert code == 0, output
    check_golden(GOLDEN / f"history.{suffix}", output, regen_golden)


def test_every_kind_of_change_is_found(history: Path) -> None:
    _, output = run_diff(history, "main", "HEAD", "--format", "json")
    data = json.loads(output)
    entries = {e["name"]: e for e in data["entries"]}
    assert {n: e["status"] for n, e in entries.items()} == {
        "carm-2021-06-30": "removed",
        "carm-2021-07-01": "changed",
        SLUG: "changed",
        "carm-2021-07-22": "added",
        "ccsh": "changed",
    }
    kinds = {(c["kind"], c["subject"]) for c in entries[SLUG]["changes"]}
    assert kinds >= {
        ("header", "audience"),
        ("header", "title"),
        ("problem-added", "payment-history-missing"),
        ("problem-removed", "generic-notification-emails"),
        ("fix-date", "notifications-not-received"),
        ("description", "payment-amount-not-accepted"),
        ("workaround", "emanifest-portal-redirect"),
        ("description", "soa-amount-not-accepted"),
        ("moved", "delegation-invalid-client-id"),
    }
    notes = {c["subject"]: c["note"] for c in entries[SLUG]["changes"] if c["note"]}
    assert notes == {
        "title": "changed in EN only: French not yet updated",
        "emanifest-portal-redirect": "changed in EN only: French not yet updated",
        "soa-amount-not-accepted": "changed in FR only: English not yet updated",
    }
    assert entries["carm-2021-07-22"]["untranslated"] == ["fr"]
    codes = {(d["side"], d["code"]) for d in entries["carm-2021-07-01"]["diagnostics"]}
    assert {("head", "BB302"), ("head", "BB307")} <= codes


def test_fix_date_change_reads_as_before_and_after(history: Path) -> None:
    _, output = run_diff(history, "main", "HEAD")
    assert "~ problem notifications-not-received fix date: TBD → 2021-07-31" in output
    assert "[-most recent payment amount.-] {+latest payment.+}" in output


def test_no_change_exits_0_and_exit_code_makes_differences_exit_1(history: Path) -> None:
    assert run_diff(history, "HEAD", "HEAD")[0] == 0
    assert run_diff(history, "HEAD", "HEAD", "--exit-code")[0] == 0
    assert run_diff(history, "main", "HEAD", "--exit-code")[0] == 1
    assert run_diff(history, "main", "HEAD")[0] == 0


def test_default_is_merge_base_with_main_against_the_working_tree(history: Path) -> None:
    pending = history / "bulletins" / f"{SLUG}.fr.md"
    original = pending.read_text(encoding="utf-8")
    try:
        Edit(pending).in_problem(
            "duplicate-relationship-requests", "2021-07-31", "2021-08-15"
        ).save()
        code, output = run_diff(history, "--format", "markdown")
    finally:
        pending.write_text(original, encoding="utf-8")
    assert code == 0
    assert output.startswith(MARKER)
    assert "Compared merge base with main (<main>) with working tree." in output
    assert "changed in FR only: English not yet updated" in output


def test_unknown_revision_is_a_usage_error(history: Path) -> None:
    code, output = run_diff(history, "no-such-branch")
    assert code == 2
    assert "bulletin: git rev-parse" in output


def test_a_folder_without_bulletins_is_a_usage_error(history: Path) -> None:
    code, output = run_diff(history, "main", "HEAD", "--path", "bulletinz")
    assert code == 2
    assert "bulletin: bulletinz: no bulletins there at main (<main>) or HEAD (<HEAD>)" in output


def test_colour_only_when_asked(history: Path) -> None:
    old = Path.cwd()
    os.chdir(history)
    try:
        result = diff(
            resolve("main"), Revision("HEAD", git(history, "rev-parse", "HEAD")), Path("bulletins")
        )
    finally:
        os.chdir(old)
    assert "\x1b[" in as_text(result, color=True)
    assert "\x1b[" not in as_text(result, color=False)


def test_word_diff_keeps_context_and_elides_the_rest() -> None:
    before = " ".join(f"w{i}" for i in range(30))
    after = before.replace("w15", "changed")
    assert word_diff(before, after) == (
        ("…", "…"),
        ("=", "w9 w10 w11 w12 w13 w14"),
        ("-", "w15"),
        ("+", "changed"),
        ("=", "w16 w17 w18 w19 w20 w21"),
        ("…", "…"),
    )
    assert word_diff("a\nb  c", "a b d") == (("=", "a b"), ("-", "c"), ("+", "d"))


def test_a_new_edition_is_compared_with_the_original_it_updates(tmp_path: Path) -> None:
    import shutil  # noqa: PLC0415

    from conftest import ROOT  # noqa: PLC0415

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    folder = repo / "bulletins"
    shutil.copytree(ROOT / "examples" / "known-problem-editions", folder)
    for path in folder.glob("carm-bulletin-537[14].*.md"):
        path.unlink()
    commit(repo, "the original message")
    shutil.copytree(ROOT / "examples" / "known-problem-editions", folder, dirs_exist_ok=True)
    (folder / "carm-bulletin-5371.en.md").unlink()
    (folder / "carm-bulletin-5371.fr.md").unlink()
    commit(repo, "the RESOLVED edition")
    code, output = run_diff(repo, "main~1", "main")
    assert code == 0, output
    assert "CARM Bulletin 5374 (edition of CARM Bulletin 5368)" in output
    assert "~ problem soa-not-displayed fix date: TBD → resolved 2025-10-31" in output
    assert "+ problem" not in output
