"""Build small git histories of a bulletins folder for the diff and workflow tests.

Edits are made on the text of the seed bulletins, one problem block at a time; each edit
asserts that what it changes is there, so a change to the seed fails loudly here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "bulletins"
SLUG = "carm-2021-07-15"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.org",
    "GIT_COMMITTER_NAME": "Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.org",
    "GIT_AUTHOR_DATE": "2021-07-20T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2021-07-20T12:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def init_repo(repo: Path) -> Path:
    """A git repository on branch main holding a copy of the seed bulletins/ folder."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(SEED, repo / "bulletins")
    return repo


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


class Edit:
    """Text edits on one bulletins file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")

    def save(self) -> None:
        self.path.write_text(self.text, encoding="utf-8")

    def replace(self, old: str, new: str) -> Edit:
        assert self.text.count(old) == 1, f"{old!r} is not once in {self.path.name}"
        self.text = self.text.replace(old, new)
        return self

    def block(self, problem_id: str) -> str:
        """The problem's lines, from its '- id:' line to the blank line after it."""
        match = re.search(rf"      - id: {problem_id}\n(?:        .*\n|\n(?=        ))*", self.text)
        assert match is not None, f"no problem {problem_id} in {self.path.name}"
        return match.group()

    def in_problem(self, problem_id: str, old: str, new: str) -> Edit:
        block = self.block(problem_id)
        assert block.count(old) == 1, f"{old!r} is not once in problem {problem_id}"
        return self.replace(block, block.replace(old, new))

    def remove_problem(self, problem_id: str) -> str:
        block = self.block(problem_id)
        self.text = re.sub(r"\n+(?=---\n?\Z)", "\n", self.replace(block, "").text)
        return block

    def insert_before(self, anchor: str, block: str) -> Edit:
        return self.replace(anchor, block.rstrip("\n") + "\n\n" + anchor)

    def append_problem(self, block: str) -> Edit:
        body = self.text.rstrip("\n").removesuffix("---").rstrip("\n")
        self.text = f"{body}\n\n{block.rstrip()}\n---\n"
        return self


def copy_edition(folder: Path, day: str, langs: tuple[str, ...] = ("en", "fr")) -> None:
    """Another edition of the seed bulletin dated ``day`` (same problems)."""
    for lang in langs:
        text = (folder / f"{SLUG}.{lang}.md").read_text(encoding="utf-8")
        text = text.replace("message_number: CARM 2021-07-15", f"message_number: CARM {day}")
        text = text.replace("date: 2021-07-15", f"date: {day}")
        (folder / f"carm-{day}.{lang}.md").write_text(text, encoding="utf-8")


def problem(problem_id: str, description: str, workaround: str, fix_date: str) -> str:
    return (
        f"      - id: {problem_id}\n        description: {description}\n"
        f"        workaround: {workaround}\n        fix_date: {fix_date}\n"
    )
