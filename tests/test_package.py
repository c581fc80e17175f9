"""The tool works outside this checkout: a built wheel carries the house style and builds
bulletins from any folder; a repository may bring its own templates folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin_builder.cli import main
from bulletin_builder.errors import UsageError
from bulletin_builder.render.templates import ENVIRONMENT, REQUIRED, check_folder
from conftest import ROOT, SEED_BULLETINS

SEED = "carm-2021-07-15"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``pip wheel .`` builds from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "--disable-pip-version-check", "-w", str(out)],
        check=True,
    )  # fmt: skip
    (found,) = out.glob("bulletin_builder-*.whl")
    return found


def test_the_wheel_carries_the_house_style(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (*REQUIRED, "fonts/NotoSans-Regular.ttf", "fonts/OFL-NotoSans.txt"):
        assert f"bulletin_builder/templates/{name}" in names, name
    assert "bulletin_builder/py.typed" in names


def _fresh_environment(tmp: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed; its dependencies are this one's."""
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # The dependencies come from the test environment's site-packages, added as a plain path:
    # its .pth files (the editable install of this checkout among them) are not processed.
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--disable-pip-version-check", str(wheel)],
        check=True,
    )  # fmt: skip
    return venv


@pytest.mark.slow
def test_an_installed_wheel_builds_from_anywhere(tmp_path: Path, wheel: Path) -> None:
    venv = _fresh_environment(tmp_path, wheel)
    bulletins = shutil.copytree(SEED_BULLETINS, tmp_path / "some" / "folder" / "bulletins")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in (ENVIRONMENT, "PYTHONPATH")}
    show_package = "import bulletin_builder; print(bulletin_builder.__file__)"
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", show_package],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(venv)), where
    done = subprocess.run(
        [str(venv / "bin" / "bulletin"), "build", str(bulletins), "--out", str(tmp_path / "out")],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for lang in ("en", "fr"):
        for fmt in ("html", "pdf", "docx"):
            assert (tmp_path / "out" / SEED / f"{SEED}.{lang}.{fmt}").stat().st_size > 1000
    assert (tmp_path / "out" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []


def test_own_templates_folder_is_used(in_tmp_cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --templates sets the variable for the process: setenv first, so it is removed afterwards
    monkeypatch.setenv(ENVIRONMENT, "")
    monkeypatch.delenv(ENVIRONMENT)
    ours = shutil.copytree(ROOT / "templates", in_tmp_cwd / "house")
    css = ours / "bulletin.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* house-style-marker */\n")
    result = CliRunner().invoke(
        main, ["build", str(SEED_BULLETINS), "--format", "html", "--templates", str(ours)]
    )
    assert result.exit_code == 0, result.output
    page = (in_tmp_cwd / "build" / SEED / f"{SEED}.en.html").read_text(encoding="utf-8")
    assert "house-style-marker" in page


def test_incomplete_templates_folder_is_a_usage_error(
    in_tmp_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --templates sets the variable for the process: setenv first, so it is removed afterwards
    monkeypatch.setenv(ENVIRONMENT, "")
    monkeypatch.delenv(ENVIRONMENT)
    ours = shutil.copytree(ROOT / "templates", in_tmp_cwd / "house")
    (ours / "print.css").unlink()
    (ours / "locale" / "fr.po").unlink()
    result = CliRunner().invoke(main, ["build", str(SEED_BULLETINS), "--templates", str(ours)])
    assert result.exit_code == 2
    assert "not a complete templates folder, missing print.css, locale/fr.po" in result.output
    assert not (in_tmp_cwd / "build").exists()


def test_check_folder_names_a_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    with pytest.raises(UsageError) as raised:
        check_folder(folder)
    assert str(raised.value) == f"{folder}: the templates folder does not exist"
