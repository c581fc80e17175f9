"""A bulletins folder with a history, for the publishing tests: the seed, the edition that
replaces it, and a resolved bulletin for another audience; and its build with the publish step."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bulletin_builder.build.orchestrator import build
from bulletin_builder.publish import publish_step
from bulletin_builder.review.new import new_bulletin

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://bulletins.example.org/cbsa/"
FIRST, SECOND, BROKERS = "carm-2021-07-15", "carm-2021-07-22", "carm-2021-07-20"


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert re.search(old, text, re.MULTILINE), (path.name, old)
        text = re.sub(old, new, text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def history_folder(target: Path, site: str | None = SITE) -> Path:
    """The seed (2021-07-15), its next edition (07-22: one fix date set) and a bulletin of
    07-20 for customs brokers whose every problem was fixed by then (resolved)."""
    shutil.copytree(ROOT / "bulletins", target)
    if site:
        _edit(target / "bulletins.toml", (r"^languages = ", f'site_url = "{site}"\nlanguages = '))
    new_bulletin(target, "2021-07-22", source=FIRST)
    for lang in ("en", "fr"):
        _edit(target / f"{SECOND}.{lang}.md", (r"fix_date: TBD", "fix_date: 2021-07-20"))
        brokers = target / f"{BROKERS}.{lang}.md"
        shutil.copy(target / f"{FIRST}.{lang}.md", brokers)
        _edit(
            brokers,
            ("CARM 2021-07-15", "CARM 2021-07-20"),
            (r"^date: 2021-07-15", "date: 2021-07-20"),
            (
                "^audience: .*",
                "audience: " + ("Customs brokers" if lang == "en" else "Courtiers en douane"),
            ),
            (r"fix_date: .*", "fix_date: 2021-07-19"),
        )
    return target


def publish_build(folder: Path, out: Path, formats: tuple[str, ...] = ("html", "pdf")) -> str:
    """``bulletin build`` of ``folder`` as the command line runs it (with the publish step)."""
    return build([folder], out, formats, jobs=2, post=publish_step([folder]))
