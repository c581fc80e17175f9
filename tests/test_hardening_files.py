"""Hardening cases 15–21: only bulletins are read, and nothing from elsewhere is ever echoed.

A secret token is written to a file beside the bulletins folder (and into the environment of
the commands run as child processes); links to it, to devices, pipes and huge files are
planted in the folder, on disk and in git. No command may print a byte of the token, hang or
fail with a traceback. Numbers continue those of ``docs/security.md``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from githistory import commit, git, init_repo
from hardening_support import ALL, EN, cli, untouched
from serve_support import Server, running

TOKEN = "ghp_SECRET0TOKEN0never0shown0anywhere"
FR = EN.replace(".en.", ".fr.")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file beside the bulletins folder holding a secret token on its first line."""
    path = tmp_path / "secret.env"
    path.write_text(f"{TOKEN}\nGITHUB_TOKEN={TOKEN}\n", encoding="utf-8")
    return path


def _bounded() -> None:
    """In the child: at most 600 MB of address space (a 1 GB file cannot be read whole)."""
    resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))


def run(
    *args: str, cwd: Path | None = None, timeout: float = 60, bounded: bool = False
) -> subprocess.CompletedProcess[str]:
    """``bulletin ARGS`` in a child process whose environment holds the token."""
    env = {**os.environ, "BULLETIN_TEST_SECRET": TOKEN}
    command = [sys.executable, "-m", "bulletin_builder", *args]
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_bounded if bounded else None,
    )


def every_report(root: Path, out: Path) -> list[str]:
    """What validate (text, github, json: the JSON report last) and build print about
    ``root``, build first; each must exit 1."""
    texts = []
    done = run("build", str(root), "--out", str(out), "--format", ",".join(ALL))
    assert done.returncode == 1, done.stdout + done.stderr
    texts.append(done.stdout + done.stderr)
    for fmt in ("text", "github", "json"):
        done = run("validate", str(root), "--format", fmt)
        assert done.returncode == 1, done.stdout + done.stderr
        texts.append(done.stdout + done.stderr)
    return texts


def assert_refused_unread(root: Path, out: Path, name: str, code: str = "BB011") -> None:
    """``code`` at ``name``:1:1 in every report, no token, no traceback, nothing written."""
    before = untouched(out) if out.exists() else {}
    reports = every_report(root, out)
    for text in reports:
        assert TOKEN not in text
        assert "root:x:0" not in text
        assert "Traceback" not in text
        assert code in text, text
    found = json.loads(reports[-1])["diagnostics"]  # the JSON report: nothing else on stderr
    mine = [d for d in found if d["path"].endswith(name) and d["code"] == code]
    assert [(d["line"], d["column"]) for d in mine] == [(1, 1)], found
    assert (untouched(out) if out.exists() else {}) == before


# 15. Links -------------------------------------------------------------------------


def test_15_bulletin_linked_to_a_secret_refused_content_never_shown(
    bulletins_copy: Path, secret: Path, out: Path
) -> None:
    (bulletins_copy / EN).unlink()
    (bulletins_copy / EN).symlink_to(secret)
    assert_refused_unread(bulletins_copy, out, EN)


def test_15_bulletin_linked_to_etc_passwd_refused(bulletins_copy: Path, out: Path) -> None:
    (bulletins_copy / "extra.en.md").symlink_to("/etc/passwd")
    assert_refused_unread(bulletins_copy, out, "extra.en.md")


def test_15_bulletin_linked_to_proc_self_environ_refused(bulletins_copy: Path, out: Path) -> None:
    (bulletins_copy / "extra.en.md").symlink_to("/proc/self/environ")
    assert_refused_unread(bulletins_copy, out, "extra.en.md")


def test_15_contact_linked_to_a_secret_refused(
    bulletins_copy: Path, secret: Path, out: Path
) -> None:
    contact = bulletins_copy / "contacts" / "ccsh.fr.md"
    contact.unlink()
    contact.symlink_to(secret)
    assert_refused_unread(bulletins_copy, out, "contacts/ccsh.fr.md")


def test_15_linked_contacts_folder_refused(
    bulletins_copy: Path, secret: Path, tmp_path: Path, out: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ccsh.en.md").symlink_to(secret)
    (elsewhere / "ccsh.fr.md").write_text(secret.read_text(encoding="utf-8"), encoding="utf-8")
    (bulletins_copy / "contacts").rename(tmp_path / "contacts-moved")
    (bulletins_copy / "contacts").symlink_to(elsewhere)
    for text in every_report(bulletins_copy, out):
        assert TOKEN not in text
        assert "Traceback" not in text
        assert "BB011" in text


def test_15_config_linked_to_a_secret_refused(
    bulletins_copy: Path, secret: Path, out: Path
) -> None:
    (bulletins_copy / "bulletins.toml").unlink()
    (bulletins_copy / "bulletins.toml").symlink_to(secret)
    for text in every_report(bulletins_copy, out):
        assert TOKEN not in text
        assert "Traceback" not in text
        assert "BB011" in text


def test_15_file_named_on_the_command_line_that_is_a_link_refused(
    bulletins_copy: Path, secret: Path
) -> None:
    (bulletins_copy / EN).unlink()
    (bulletins_copy / EN).symlink_to(secret)
    done = run("validate", str(bulletins_copy / EN))
    assert done.returncode == 1
    assert TOKEN not in done.stdout + done.stderr
    assert f"{EN}:1:1: error BB011: the file is a symbolic link" in done.stdout


def test_15_link_committed_to_git_refused_in_diff(tmp_path: Path, secret: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    base = commit(repo, "seed")
    git(repo, "checkout", "-q", "-b", "attack")
    (repo / "bulletins" / "leak.en.md").symlink_to(secret)
    (repo / "bulletins" / "environ.fr.md").symlink_to("/proc/self/environ")
    head = commit(repo, "a link")
    assert git(repo, "ls-tree", "HEAD", "bulletins/leak.en.md").startswith("120000")
    for fmt in ("markdown", "text", "json"):
        for revision in (head, None):
            args = ["diff", base, *([revision] if revision else []), "--format", fmt]
            done = run(*args, cwd=repo)
            output = done.stdout + done.stderr
            assert done.returncode == 0, output
            assert TOKEN not in output
            assert "Traceback" not in output
            assert "BB011" in output, output


# 16. Devices, pipes, huge files ---------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_16_link_to_a_device_refused_at_once(bulletins_copy: Path, device: str) -> None:
    (bulletins_copy / "extra.en.md").symlink_to(device)
    start = time.monotonic()
    done = run("validate", str(bulletins_copy), timeout=30)
    assert time.monotonic() - start < 20
    assert done.returncode == 1
    assert "MemoryError" not in done.stderr
    assert "extra.en.md:1:1: error BB011: the file is a symbolic link" in done.stdout


def test_16_named_pipe_refused_without_hanging(bulletins_copy: Path) -> None:
    os.mkfifo(bulletins_copy / "x.en.md")
    done = run("validate", str(bulletins_copy), timeout=30)
    assert done.returncode == 1
    assert "x.en.md:1:1: error BB011: the file is a named pipe" in done.stdout


def test_16_sparse_gigabyte_file_refused_unread(bulletins_copy: Path, tmp_path: Path) -> None:
    big = bulletins_copy / "big.en.md"
    with big.open("wb") as handle:
        handle.truncate(1 << 30)
    message = "big.en.md:1:1: error BB008: the file is too large (1,073,741,824 bytes"
    for command in (("validate",), ("build", "--out", str(tmp_path / "out"))):
        start = time.monotonic()
        done = run(*command, str(bulletins_copy), bounded=True)
        assert time.monotonic() - start < 20
        assert done.returncode == 1
        assert len(done.stdout) + len(done.stderr) < 20_000
        assert message in done.stdout + done.stderr
        assert "MemoryError" not in done.stderr


def test_16_long_line_is_cut_when_shown(bulletins_copy: Path) -> None:
    text = (bulletins_copy / EN).read_text(encoding="utf-8")
    long = "x" * 100_000
    (bulletins_copy / EN).write_text(
        text.replace("title: ", f"titel: {long} ", 1), encoding="utf-8"
    )
    result = cli("validate", str(bulletins_copy))
    assert result.exit_code == 1
    assert max(len(line) for line in result.output.split("\n")) < 400
    assert "…" in result.output


# 17. Output folders -----------------------------------------------------------------


def test_17_output_folder_that_is_a_link_refused(bulletins_copy: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("keep me", encoding="utf-8")
    (tmp_path / "build").symlink_to(elsewhere)
    result = cli("build", str(bulletins_copy), "--out", str(tmp_path / "build"), "--format", "html")
    assert result.exit_code == 2, result.output
    assert "is a symbolic link" in result.output
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "keep me"


def test_17_edition_folder_that_is_a_link_refused(
    bulletins_copy: Path, tmp_path: Path, out: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("keep me", encoding="utf-8")
    edition = out / "carm-2021-07-15"
    for child in edition.iterdir():
        child.unlink()
    edition.rmdir()
    edition.symlink_to(elsewhere)
    before = untouched(out)
    result = cli("build", str(bulletins_copy), "--out", str(out), "--format", "html", "--force")
    assert result.exit_code == 2, result.output
    assert "carm-2021-07-15 is a symbolic link" in result.output
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    assert untouched(out) == before


def test_34_new_and_import_never_print_a_linked_secret(
    bulletins_copy: Path, secret: Path, tmp_path: Path
) -> None:
    """`bulletin new` and `bulletin import` read the folder too (its numbers, its contacts):
    a bulletin, a contact block and an input file linked to the secret print none of it."""
    (bulletins_copy / "carm-2021-07-29.en.md").symlink_to(secret)
    (bulletins_copy / "contacts" / "leak.en.md").symlink_to(secret)
    linked_input = tmp_path / "bulletin.docx"
    linked_input.symlink_to(secret)
    plain_input = tmp_path / "bulletin.txt"
    plain_input.symlink_to(secret)
    runs = [
        run("new", "--series", "CARM", "--date", "2021-07-30", "--path", str(bulletins_copy)),
        run(
            "new",
            "--from",
            "carm-2021-07-15",
            "--date",
            "2021-07-31",
            "--path",
            str(bulletins_copy),
        ),
        run("import", str(linked_input), "--out", str(bulletins_copy)),
        run("import", str(plain_input), "--out", str(bulletins_copy)),
    ]
    assert [done.returncode for done in runs] == [0, 0, 1, 1]
    assert "nothing was written" in runs[2].stderr
    for done in runs:
        output = done.stdout + done.stderr
        assert TOKEN not in output, output
        assert "Traceback" not in output, output
    assert all(
        TOKEN not in p.read_text(encoding="utf-8", errors="replace")
        for p in bulletins_copy.rglob("*.md")
        if not p.is_symlink()
    )


SERVED_VIEWS = ("html", "pdf", "email", "email-text")


def _every_page(server: Server, slug: str) -> list[bytes]:
    """The folder page, the bulletin's two columns and every view of both languages, each
    served (status 200)."""
    paths = ["/", f"/b/{slug}"] + [
        f"/page/{slug}/{slug}.{language}.{view}"
        for language in ("en", "fr")
        for view in SERVED_VIEWS
    ]
    replies = [server.get(path) for path in paths]
    assert [reply.status for reply in replies] == [200] * len(paths)
    return [reply.body for reply in replies]


@pytest.mark.slow
def test_34_serve_never_shows_a_linked_secret(
    bulletins_copy: Path, secret: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bulletin serve` reads the folder on every save: a bulletin and a contact block linked to
    the secret, there from the start or planted while it runs, show on no page and in nothing
    it prints, while the seed's own pages go on being served."""
    monkeypatch.setenv("BULLETIN_TEST_SECRET", TOKEN)
    (bulletins_copy / "carm-2021-07-29.en.md").symlink_to(secret)
    slug = "carm-2021-07-15"
    with running(bulletins_copy, tmp_path) as server:
        first = _every_page(server, slug)
        (bulletins_copy / "contacts" / "leak.fr.md").symlink_to(secret)
        deadline = time.monotonic() + 10
        while b"leak.fr.md" not in server.get("/").body:
            assert time.monotonic() < deadline, "the planted link was never reported"
            time.sleep(0.05)
        later = _every_page(server, slug)
    for body in (*first, *later):
        assert TOKEN.encode() not in body
        assert b"Traceback" not in body
    index = later[0].decode()
    assert "carm-2021-07-29.en.md" in index
    assert "BB011" in index
    printed = "".join(server.output)
    assert TOKEN not in printed
    assert "Traceback" not in printed
