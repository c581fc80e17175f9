"""A rebuild does not check a folder again when nothing the rules read has changed since a
build found it clean; any changed byte, any finding and any change of the tool check it again."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bulletin_builder.build import write
from bulletin_builder.build.orchestrator import build
from bulletin_builder.build.plan import (
    KEPT,
    MANIFEST,
    VALIDATED,
    record_validated,
    validated_keys,
)
from bulletin_builder.errors import ContentError, Diagnostic
from bulletin_builder.model.project import Project
from bulletin_builder.validate import memo, runner

SLUG = "carm-2021-07-15"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folder of every full check (the rules run on a read project), in order."""
    seen: list[Path] = []
    real = runner.project_diagnostics

    def counting(project: Project, *, local_only: bool = False) -> list[Diagnostic]:
        seen.append(project.root)
        return real(project, local_only=local_only)

    monkeypatch.setattr(runner, "project_diagnostics", counting)
    return seen


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(folder: Path, out: Path, *, strict: bool = False) -> list[Diagnostic]:
    """What a build of ``folder`` that must fail found."""
    with pytest.raises(ContentError) as caught:
        build([folder], out, ("html",), strict=strict)
    return caught.value.diagnostics


def test_a_clean_folder_is_not_checked_again(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    assert checks == [bulletins_copy]
    summary = build([bulletins_copy], out, ("html",))
    assert summary.startswith("Nothing changed")
    assert checks == [bulletins_copy]


def _forbid_a_french_phrase(folder: Path) -> None:
    """A new entry in the terminology base forbids a phrase the French file writes."""
    assert "page de connexion" in (folder / f"{SLUG}.fr.md").read_text(encoding="utf-8")
    with (folder / "terms.toml").open("a", encoding="utf-8") as terms:
        terms.write('\n[terms.sign-in-page]\nen = "sign-in page"\nfr = "page d\'ouverture"\n')
        terms.write('forbidden = ["page de connexion"]\n')


CHANGES: dict[str, tuple[Callable[[Path], None], list[tuple[str, str]]]] = {
    "a byte of a bulletin": (
        lambda folder: _edit(
            folder / f"{SLUG}.fr.md", "fix_date: 2021-07-31", "fix_date: 2021-07-30"
        ),
        [("BB204", "sections[1].problems[1].fix_date")],
    ),
    "the terminology base": (
        _forbid_a_french_phrase,
        [("BB210", "sections[0].problems[0].workaround")],
    ),
    "a contact block": (  # the French number is no longer the English one
        lambda folder: _edit(
            folder / "contacts" / "ccsh.fr.md", "number: 1-800-461-9999", "number: 1-800-461-9998"
        ),
        [("BB206", "telephone")],
    ),
    "the configuration": (  # the audience's French name is no longer the one the file writes
        lambda folder: _edit(
            folder / "bulletins.toml", 'fr = "Clients commerciaux"', 'fr = "Entreprises"'
        ),
        [("BB310", "audience")],
    ),
}
"""What a rebuild must notice → the change, and what the rules then find (only they can)."""


@pytest.mark.parametrize("changed", sorted(CHANGES))
def test_a_change_is_checked_again(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path], changed: str
) -> None:
    change, expected = CHANGES[changed]
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    change(bulletins_copy)
    found = _refused(bulletins_copy, out)
    assert len(checks) == 2
    assert [(d.code, d.field) for d in found] == expected


def test_a_file_named_alone_is_checked_with_its_whole_folder(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    """A build renders every bulletin of the folder (and its index) even when one file is
    named, so every file of it is checked; a clean folder is then known by one key."""
    out = tmp_path / "out"
    english = bulletins_copy / f"{SLUG}.en.md"
    build([bulletins_copy], out, ("html",))
    build([english], out, ("html",))
    assert checks == [bulletins_copy]
    _edit(bulletins_copy / f"{SLUG}.fr.md", "Allez à la", "Allez à [la](javascript:alert(1))")
    assert "BB402" in {d.code for d in _refused(english, out)}


def test_a_folder_named_twice_is_read_and_built_once(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    other_name = tmp_path / "same-folder"
    other_name.symlink_to(bulletins_copy)
    summary = build([bulletins_copy, other_name / f"{SLUG}.fr.md"], tmp_path / "out", ("html",))
    assert summary.endswith(f"from 2 bulletin edition(s) into {tmp_path / 'out'}/.")
    assert checks == [bulletins_copy]


def test_a_folder_with_a_warning_is_checked_every_time(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    out = tmp_path / "out"
    for language in ("en", "fr"):  # a fix date before the bulletin's own date: BB308
        _edit(bulletins_copy / f"{SLUG}.{language}.md", "2021-07-31", "2021-07-01")
    build([bulletins_copy], out, ("html",))
    build([bulletins_copy], out, ("html",))
    assert len(checks) == 2
    assert {d.code for d in _refused(bulletins_copy, out, strict=True)} == {"BB308"}


def test_a_strict_build_checks_a_folder_recorded_clean(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    build([bulletins_copy], out, ("html",), strict=True)
    assert len(checks) == 2


def test_a_forged_record_does_not_let_a_strict_build_publish_an_unsafe_link(
    bulletins_copy: Path, tmp_path: Path
) -> None:
    """A manifest claiming the folder clean (committed to build/, say) is not trusted by the
    publishing build: the unsafe link is still refused."""
    from bulletin_builder.model.project import load_project  # noqa: PLC0415

    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    _edit(bulletins_copy / f"{SLUG}.en.md", "Go to the", "Go to [the](javascript:alert(1))")
    forged = memo.clean_key(load_project(bulletins_copy))
    assert forged is not None
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest[VALIDATED] = {"keys": forged}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "BB402" in {d.code for d in _refused(bulletins_copy, out, strict=True)}


def test_a_new_version_of_the_tool_checks_again(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    monkeypatch.setattr(memo, "code_digest", lambda: "a rule changed")
    build([bulletins_copy], out, ("html",))
    build([bulletins_copy], out, ("html",))
    assert len(checks) == 2


def test_a_build_with_nothing_to_render_records_a_clean_folder(
    bulletins_copy: Path, tmp_path: Path, checks: list[Path]
) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest.pop(VALIDATED)["keys"]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")  # an older tool's
    build([bulletins_copy], out, ("html",))  # checks, renders nothing, records the key
    build([bulletins_copy], out, ("html",))
    assert len(checks) == 2


def test_a_record_that_is_not_ours_is_ignored(bulletins_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for forged in ({"keys": ["a", "list"]}, {"keys": 7}, {}):
        manifest[VALIDATED] = forged
        (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        assert build([bulletins_copy], out, ("html",)).startswith("Nothing changed")


def test_an_output_folder_that_cannot_be_written_keeps_its_old_record(
    bulletins_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording a clean folder on a build that renders nothing is only an optimisation: a
    folder that refuses the write still gets its "Nothing changed"."""
    out = tmp_path / "out"
    build([bulletins_copy], out, ("html",))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    del manifest[VALIDATED]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    def refuse(path: Path, data: bytes) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(write, "stage", refuse)
    assert build([bulletins_copy], out, ("html",)).startswith("Nothing changed")
    assert VALIDATED not in json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def test_the_record_keeps_the_newest_keys_of_several_folders() -> None:
    manifest: dict[str, dict[str, str]] = {}
    assert record_validated(manifest, ["a"])
    assert record_validated(manifest, ["b"])
    assert not record_validated(manifest, ["a"])  # known already: nothing to write
    assert validated_keys(manifest) == ("b", "a")
    for number in range(KEPT + 5):
        record_validated(manifest, [f"k{number}"])
    kept = validated_keys(manifest)
    assert len(kept) == KEPT
    assert kept[0] == f"k{KEPT + 4}"
    many = [f"folder{number}" for number in range(KEPT + 3)]  # more folders than KEPT in one build
    assert record_validated(manifest, many)
    assert validated_keys(manifest) == tuple(many)
    assert not record_validated(manifest, many)  # the next build has nothing to write


@pytest.fixture
def fresh_digest() -> Iterator[None]:
    """``memo.code_digest`` computed anew in the test, and again after it (never a test's)."""
    memo.code_digest.cache_clear()
    yield
    memo.code_digest.cache_clear()


@pytest.mark.usefixtures("fresh_digest")
def test_a_library_upgraded_beside_the_parsers_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "markdown_it_py-4.3.0.dist-info").mkdir()
    (tmp_path / "PyYAML-6.0.egg-info").mkdir()
    monkeypatch.setattr(memo, "_installed_in", lambda module: tmp_path)
    before = memo.code_digest()
    for old, new in (
        ("markdown_it_py-4.3.0", "markdown_it_py-4.4.0"),
        ("PyYAML-6.0", "PyYAML-6.1"),
    ):
        folder = next(tmp_path.glob(f"{old}.*-info"))
        folder.rename(tmp_path / folder.name.replace(old, new))
        memo.code_digest.cache_clear()
        assert memo.code_digest() != before, new
        before = memo.code_digest()


KEY = """
import sys
from pathlib import Path
from bulletin_builder.model.project import load_project
from bulletin_builder.validate.memo import clean_key
print(clean_key(load_project(Path(sys.argv[1]))))
"""


def test_the_key_is_the_same_in_every_process(bulletins_copy: Path) -> None:
    """Nothing in the key depends on the process: no object's address, no hash seed."""
    keys = {
        subprocess.run(
            [sys.executable, "-c", KEY, str(bulletins_copy)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1
    assert len(keys.pop()) == 64


def test_the_key_is_the_same_for_a_copy_elsewhere(bulletins_copy: Path, tmp_path: Path) -> None:
    """Two clones build the same manifest: the key names files relative to their folder."""
    from bulletin_builder.model.project import load_project  # noqa: PLC0415

    elsewhere = shutil.copytree(bulletins_copy, tmp_path / "clone" / "bulletins")
    key = memo.clean_key(load_project(bulletins_copy))
    assert key is not None
    assert key == memo.clean_key(load_project(elsewhere))
    (elsewhere / "contacts" / "ccsh.fr.md").rename(elsewhere / "contacts" / "cc.fr.md")
    assert key != memo.clean_key(load_project(elsewhere))  # the same bytes under another name
