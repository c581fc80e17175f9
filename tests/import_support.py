"""Helpers of the import tests: the round-trip cases, fresh folders, facts to compare."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bulletin_builder.markdown import rendering_parser
from bulletin_builder.model.blocks import Block, Problem, Window
from bulletin_builder.model.project import load_project
from bulletin_builder.model.records import Bulletin
from bulletin_builder.source.family import DEFAULT_KIND
from conftest import ROOT, SEED_BULLETINS

RICH = ROOT / "tests" / "fixtures" / "import" / "rich"
"""A bulletin using every Markdown feature a cell can carry (bold, links, nested lists)."""
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Case:
    """One bulletin (every language of it) in a bulletins folder."""

    root: Path
    stem: str
    extra: Path | None = None
    """A folder whose bulletin files join ``root``'s configuration and contact blocks."""

    def __str__(self) -> str:
        where = self.extra or self.root
        return f"{where.relative_to(ROOT)}/{self.stem}"


def _stems(folder: Path) -> list[str]:
    return sorted({p.name.split(".", 1)[0] for p in folder.glob("*.*.md")})


def round_trip_cases() -> list[Case]:
    """Every bulletin of bulletins/ and of each examples/*/ folder, and the rich fixture."""
    cases = [Case(SEED_BULLETINS, stem) for stem in _stems(SEED_BULLETINS)]
    if EXAMPLES.is_dir():
        for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
            cases += [Case(folder, stem) for stem in _stems(folder)]
    cases += [Case(SEED_BULLETINS, stem, RICH) for stem in _stems(RICH)]
    return cases


def source_folder(case: Case, target: Path) -> Path:
    """A copy of the case's folder holding only its bulletin (and every contact block)."""
    fresh_folder(case.root, target)
    for path in (case.extra or case.root).glob(f"{case.stem}.*.md"):
        shutil.copy(path, target / path.name)
    return target


def fresh_folder(root: Path, target: Path) -> Path:
    """The configuration and contact blocks of ``root``, without any bulletin."""
    target.mkdir(parents=True)
    if (root / "bulletins.toml").is_file():
        shutil.copy(root / "bulletins.toml", target / "bulletins.toml")
    if (root / "contacts").is_dir():
        shutil.copytree(root / "contacts", target / "contacts")
    return target


def bulletins(folder: Path) -> dict[str, Bulletin]:
    """Language → bulletin of a folder holding one bulletin."""
    project = load_project(folder)
    return {f.language: f.record for f in project.bulletins if f.record is not None}


def rendered(markdown: str) -> str:
    """A field as readers get it: its HTML, white space and tight/loose list paragraphs aside."""
    html = rendering_parser().render(markdown).replace("\u00a0", " ")
    html = re.sub(r"<li>\s*<p>(.*?)</p>", r"<li>\1", html, flags=re.S)
    html = re.sub(r"</p>\s*</li>", "</li>", html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).strip()


def _problem(problem: Problem) -> tuple[object, ...]:
    """A problem as readers see it: its texts and the date shown (the fix date, or resolved)."""
    shown = ("resolved", problem.resolved) if problem.resolved else problem.fix_date
    scope = rendered(problem.scope or "")
    return (rendered(problem.description), scope, rendered(problem.workaround), shown)


def _window(window: Window) -> tuple[object, ...]:
    return (
        window.system,
        window.start,
        window.end,
        window.duration,
        rendered(window.clients_affected),
        rendered(window.description),
        rendered(window.action or ""),
    )


def _block(block: Block) -> tuple[object, ...]:
    """One block of the body as readers see it."""
    if block.text is not None:
        return ("text", rendered(block.text))
    if block.problems is not None:
        rows = [_problem(p) for p in block.problems.problems]
        return ("problems", block.problems.heading, block.problems.audience, rows)
    if block.problem is not None:
        return ("problem", _problem(block.problem))
    if block.windows is not None:
        return ("windows", block.windows.heading, [_window(w) for w in block.windows.windows])
    if block.numbered is not None:
        return ("numbered", [(i.heading, rendered(i.text or "")) for i in block.numbered])
    return ("contact", block.contact)


def facts(bulletin: Bulletin) -> dict[str, object]:
    """Everything a reader of the outputs learns, problem ids aside."""
    return {
        "header": [
            bulletin.message_number,
            bulletin.language,
            bulletin.series,
            bulletin.title,
            bulletin.audience,
            bulletin.date,
            bulletin.kind or DEFAULT_KIND,
        ],
        "edition": [
            bulletin.status,
            bulletin.updates,
            rendered(bulletin.correction or ""),
            bulletin.supersedes,
        ],
        "body": rendered(bulletin.body),
        "blocks": [_block(block) for block in bulletin.content()],
        "history": [(entry.date, rendered(entry.text)) for entry in bulletin.history],
        "references": [(r.title, r.bulletin, r.url) for r in bulletin.references],
    }
