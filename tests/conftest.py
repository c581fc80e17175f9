"""Shared fixtures: the seed bulletins, isolated copies of them, golden-file handling."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bulletin_builder.build.orchestrator import build
from bulletin_builder.model.edition import Edition
from bulletin_builder.validate.runner import load_editions

ROOT = Path(__file__).resolve().parent.parent
SEED_BULLETINS = ROOT / "bulletins"
SEED_TEXT = ROOT / "tests" / "data" / "seed-carm-2021-07-15.txt"
"""The seed bulletin as published, copied as text from the agency's page."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="Rewrite the golden files from the current output instead of comparing.",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


def check_golden(path: Path, actual: str, regen: bool) -> None:
    """Compare ``actual`` with the golden file at ``path`` (or rewrite it under --regen-golden)."""
    if regen or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not regen:
            pytest.fail(f"golden file {path.name} was missing; written now, check it in")
        return
    assert actual == path.read_text(encoding="utf-8"), (
        f"differs from {path} (pytest --regen-golden)"
    )


@pytest.fixture
def bulletins_copy(tmp_path: Path) -> Path:
    """A private copy of the repository's bulletins/ folder."""
    target = tmp_path / "bulletins"
    shutil.copytree(SEED_BULLETINS, target)
    return target


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One clean build of the seed in every format, with the publishing outputs, as ``bulletin
    build`` makes it: the 'previous outputs' a failure must keep (read-only: :func:`out` gives a
    test its own copy). Made once per test run."""
    from bulletin_builder.publish import publish_step  # noqa: PLC0415

    def make(folder: Path) -> Path:
        post = publish_step([SEED_BULLETINS])
        build([SEED_BULLETINS], folder / "out", ("html", "pdf", "docx"), jobs=2, post=post)
        return folder / "out"

    return once_per_run(tmp_path_factory, worker_id, "clean", make)


@pytest.fixture
def out(clean_build: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`clean_build`, for a test to build over."""
    target = tmp_path / "out"
    shutil.copytree(clean_build, target)
    return target


@pytest.fixture(scope="session")
def seed_editions() -> dict[str, Edition]:
    """The seed bulletin's editions, keyed by language."""
    editions = load_editions(
        [SEED_BULLETINS / "carm-2021-07-15.en.md", SEED_BULLETINS / "carm-2021-07-15.fr.md"]
    )
    return {e.language: e for e in editions if e.slug == "carm-2021-07-15"}


@pytest.fixture
def in_tmp_cwd(tmp_path: Path) -> Iterator[Path]:
    """Run the test with an empty temporary folder as the working directory."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bulletins folder with a history: the seed, the edition replacing it, a resolved one."""
    from publish_support import history_folder  # noqa: PLC0415

    return history_folder(tmp_path_factory.mktemp("history") / "bulletins")


def once_per_run(
    factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], Path]
) -> Path:
    """``make(folder)`` run once per test run, in a fresh ``folder``; what it returns.

    Under ``pytest -n`` (``make check``) the first test process to need it makes it in the
    run's own temporary folder, under a lock; the others wait for it and read it there.
    """
    if worker_id == "master":  # one test process
        return make(factory.mktemp(name))
    shared = factory.getbasetemp().parent  # this run's folder, one per run
    done = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_dir():
            staged = Path(tempfile.mkdtemp(dir=shared))
            made = make(staged)
            staged.rename(done)
            (shared / f"{name}.made").write_text(str(made.relative_to(staged)), "utf-8")
    return done / (shared / f"{name}.made").read_text("utf-8")


@pytest.fixture(scope="session")
def examples_built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Every folder of examples/ built by ``bulletin build --strict`` (HTML, PDF, DOCX and the
    publish step: e-mails, feeds, catalog), once per test run; read-only for the tests."""
    from test_examples import build_examples  # noqa: PLC0415

    return once_per_run(tmp_path_factory, worker_id, "examples", build_examples)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A :func:`history` folder built in HTML and PDF with the publish step, as ``bulletin
    build`` does; made once per test run, read-only for the tests."""
    from publish_support import history_folder, publish_build  # noqa: PLC0415

    def make(folder: Path) -> Path:
        publish_build(history_folder(folder / "bulletins"), folder / "out")
        return folder / "out"

    return once_per_run(tmp_path_factory, worker_id, "site", make)
