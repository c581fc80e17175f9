"""The GitHub workflows: linted by actionlint, and their commands driven on a real git history."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from githistory import SLUG, Edit, commit, copy_edition, git, init_repo, problem

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
MARKER = "<!-- bulletin-diff -->"
MAKE = shutil.which("make") or "make"


def _workflow(name: str) -> dict[object, object]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(name: str) -> dict[str, dict[str, str]]:
    jobs = _workflow(name)["jobs"]
    assert isinstance(jobs, dict)
    (job,) = jobs.values()
    return {step["name"]: step for step in job["steps"]}


def test_actionlint_finds_nothing() -> None:
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    if actionlint is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed (pip install -e '.[test]')")
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    done = subprocess.run(
        [actionlint, "-no-color", *files], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_run_the_writers_make_targets() -> None:
    pr, publish = _steps("pull-request.yml"), _steps("publish.yml")
    pr_runs = " ".join(step.get("run", "") for step in pr.values())
    for command in (
        "sudo make system-deps",
        "make test",
        "make validate FORMAT=github",
        "make bulletin",
        "make diff DIFF_OUT=",
        "tools/post-diff-comment.sh",
        "GITHUB_STEP_SUMMARY",
    ):
        assert command in pr_runs, command
    assert pr["Upload the preview"]["uses"].startswith("actions/upload-artifact@")
    assert "make publish" in " ".join(step.get("run", "") for step in publish.values())
    assert pr["Validate"]["env"]["STRICT"] == (
        "${{ github.event.pull_request.draft && 'no' || 'yes' }}"
    )
    # PyYAML reads the key 'on' as True (YAML 1.1); the triggers are under it either way.
    triggers = _workflow("publish.yml").get(True) or _workflow("publish.yml").get("on")
    assert isinstance(triggers, dict)
    assert triggers["push"] == {"branches": ["main"]}


def test_pre_commit_hook_validates_staged_bulletins() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "bulletin-validate"
    assert hook["entry"] == "bulletin validate"
    assert hook["files"] == r"^bulletins/.*\.md$"


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """main: the seed; the branch: a problem added and a fix date changed, in English only."""
    repo = init_repo(tmp_path / "repo")
    commit(repo, "Published")
    git(repo, "checkout", "-q", "-b", "update")
    en = Edit(repo / "bulletins" / f"{SLUG}.en.md")
    en.append_problem(
        problem(
            "payment-history-missing",
            "My payment history is empty.",
            "Check again the next day.",
            "TBD",
        )
    )
    en.in_problem("notifications-not-received", "fix_date: TBD", "fix_date: 2021-07-31").save()
    commit(repo, "New problem; notifications fixed on July 31")
    return repo


def _run_step(
    repo: Path, step: dict[str, str], tmp_path: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    """A workflow step's `run:` script, with `make` running this repository's Makefile."""
    shim = tmp_path / "shim"
    shim.mkdir(exist_ok=True)
    venv = BIN.parent
    (shim / "make").write_text(
        f'#!/bin/sh\nexec /usr/bin/env -u MAKEFLAGS {MAKE} -f "{ROOT}/Makefile" '
        f'-o "{venv}/.installed" VENV="{venv}" "$@"\n',
        encoding="utf-8",
    )
    (shim / "make").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        **variables,
    }
    script = step["run"].replace(".venv/bin/", f"{BIN}/")
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def test_pull_request_steps_on_two_commits(pull_request: Path, tmp_path: Path) -> None:
    steps = _steps("pull-request.yml")
    validate = _run_step(pull_request, steps["Validate"], tmp_path)
    assert validate.returncode != 0  # the French file was left behind: parity errors
    assert f"::error file=bulletins/{SLUG}.fr.md," in validate.stdout
    diff = _run_step(pull_request, steps["Diff"], tmp_path)
    assert diff.returncode == 0, diff.stderr
    comment = (pull_request / "bulletin-diff.md").read_text(encoding="utf-8")
    assert comment == (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER + "\n### Bulletin changes\n")
    assert (
        "**1 bulletin changed, 0 added, 0 deleted · problems: 1 added, 0 resolved, 1 changed · "
        "2 changes not yet translated · 1 bulletin invalid at head**" in comment
    )
    assert (
        f"<summary><strong>{SLUG} (CARM 2021-07-15): changed</strong> · ⚠️ 2 not yet translated"
        " · ❌ invalid</summary>" in comment
    )
    assert f"Invalid at head:\n\n```text\nbulletins/{SLUG}.fr.md:" in comment
    assert "error BB203: English problem 'payment-history-missing' is missing here" in comment
    assert (
        "- problem `payment-history-missing` added (section 2, fix date TBD)\n"
        "  - EN: My payment history is empty.\n"
        "  - ⚠️ **added in EN only: French not yet updated**\n" in comment
    )
    assert (
        "- problem `notifications-not-received` fix date: TBD → 2021-07-31\n"
        "  - ⚠️ **changed in EN only: French not yet updated**\n" in comment
    )


def _fake_gh(tmp_path: Path, script: str) -> dict[str, str]:
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    (folder / "gh").write_text(
        f'#!/usr/bin/env bash\necho "$*" >> {tmp_path}/gh.log\n{script}', encoding="utf-8"
    )
    (folder / "gh").chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def _gh_log(tmp_path: Path) -> list[str]:
    return (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ("", "api --method POST repos/cbsa/bulletins/issues/7/comments -F body=@diff.md"),
        ("4242", "api --method PATCH repos/cbsa/bulletins/issues/comments/4242 -F body=@diff.md"),
    ],
)
def test_comment_is_updated_in_place(tmp_path: Path, existing: str, expected: str) -> None:
    (tmp_path / "diff.md").write_text(f"{MARKER}\nchanges\n", encoding="utf-8")
    env = _fake_gh(tmp_path, f'[ "$2" = "--paginate" ] && echo "{existing}"\nexit 0\n')
    env |= {"GITHUB_REPOSITORY": "cbsa/bulletins", "PR_NUMBER": "7"}
    done = subprocess.run(
        ["bash", str(ROOT / "tools/post-diff-comment.sh"), "diff.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    log = _gh_log(tmp_path)
    assert log[0].startswith("api --paginate repos/cbsa/bulletins/issues/7/comments --jq")
    assert log[1:] == [expected]


def test_publish_only_the_bulletins_whose_outputs_changed(tmp_path: Path) -> None:
    out, releases = tmp_path / "build", tmp_path / "releases"
    for slug in ("carm-2021-07-15", "carm-2021-07-22"):
        (out / slug).mkdir(parents=True)
        for lang in ("en", "fr"):
            (out / slug / f"{slug}.{lang}.pdf").write_bytes(f"%PDF {slug} {lang}".encode())
    (releases / "bulletin-carm-2021-07-15").mkdir(parents=True)
    env = _fake_gh(
        tmp_path,
        f"""
case "$1 $2" in
  "release download") src="{releases}/$3/SHA256SUMS"; [ -f "$src" ] && cp "$src" "$7" ;;
  "release view") [ -d "{releases}/$3" ] ;;
  *) exit 0 ;;
esac
""",
    )
    script = str(ROOT / "tools/publish-changed.sh")
    first = subprocess.run(
        ["bash", script, str(out)], env=env, capture_output=True, text=True, check=False
    )
    assert first.returncode == 0, first.stderr
    assert "publish-changed: 2 bulletin(s) to publish" in first.stdout
    shutil.copy(out / "carm-2021-07-15" / "SHA256SUMS", releases / "bulletin-carm-2021-07-15")
    (tmp_path / "gh.log").unlink()
    second = subprocess.run(
        ["bash", script, str(out)], env=env, capture_output=True, text=True, check=False
    )
    assert second.returncode == 0, second.stderr
    assert "unchanged: carm-2021-07-15\nchanged: carm-2021-07-22\n" in second.stdout
    published = [
        line for line in _gh_log(tmp_path) if line.startswith(("release create", "release upload"))
    ]
    assert len(published) == 1
    assert published[0].startswith(
        f"release create bulletin-carm-2021-07-22 {out}/carm-2021-07-22/SHA256SUMS"
    )
    manifest = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split()[1] for line in manifest] == [
        "carm-2021-07-15/carm-2021-07-15.en.pdf",
        "carm-2021-07-15/carm-2021-07-15.fr.pdf",
        "carm-2021-07-22/carm-2021-07-22.en.pdf",
        "carm-2021-07-22/carm-2021-07-22.fr.pdf",
    ]


@pytest.fixture
def untranslated(tmp_path: Path) -> Path:
    """main: the seed; the branch: a new bulletin in English, its French still to come."""
    repo = init_repo(tmp_path / "repo")
    commit(repo, "Published")
    git(repo, "checkout", "-q", "-b", "next")
    copy_edition(repo / "bulletins", "2021-07-22", langs=("en",))
    commit(repo, "Next edition, English first")
    return repo


@pytest.mark.parametrize(
    ("strict", "fails", "level"), [("yes", True, "error"), ("no", False, "warning")]
)
def test_pending_translation_fails_only_a_pull_request_meant_to_publish(
    untranslated: Path, tmp_path: Path, strict: str, fails: bool, level: str
) -> None:
    step = _steps("pull-request.yml")["Validate"]
    done = _run_step(untranslated, step, tmp_path, STRICT=strict)
    assert (done.returncode != 0) == fails, done.stdout + done.stderr
    assert f"::{level} file=bulletins/carm-2021-07-22.en.md," in done.stdout
    assert "BB201" in done.stdout


def test_publish_builds_strictly() -> None:
    dry = subprocess.run(
        [MAKE, "-n", "-f", str(ROOT / "Makefile"), "-o", f"{BIN.parent}/.installed", "publish"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    build = next(line for line in dry.stdout.splitlines() if "bulletin build" in line)
    assert "--strict" in build.split()
