"""Generate a bulletins folder of N valid bulletins of mixed kinds (English + French).

A third each: known-problems bulletins (the seed's shape, from ``generate.py``), service
notices with two windows (``TCC{yy}-{serial:4}``), and customs notices with numbered
paragraphs and subheadings (``Customs Notice {yy}-{serial:2}`` / ``Avis des douanes …``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generate import bulletin_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

WINDOW = """        - system: {system} {i}
          start: {day} 06:00 ET
          end: {day} 10:00 ET
          clients_affected: {clients}
          description: |
            {what} See https://www.cbsa-asfc.gc.ca/eservices/menu-{lang3}.html
"""
WORDS = {
    "en": (
        "TCC System Notice",
        "Scheduled maintenance",
        "eManifest Portal",
        "Carriers",
        "The portal will be unavailable.",
        "Customs Notice",
        "Financial security",
        "Trade chain partners",
        "Importers and customs brokers",
        "eng",
    ),
    "fr": (
        "Avis système de l'USTCC",
        "Maintenance planifiée",
        "Portail du Manifeste électronique",
        "Transporteurs",
        "Le portail sera indisponible.",
        "Avis des douanes",
        "Garantie financière",
        "Partenaires de la chaîne commerciale",
        "Importateurs et courtiers en douane",
        "fra",
    ),
}


def notice_text(day: dt.date, language: str, serial: int) -> str:
    series, heading, system, clients, what, _, _, audience, _, lang3 = WORDS[language]
    windows = "".join(
        WINDOW.format(
            system=system, i=i, day=day.isoformat(), clients=clients, what=what, lang3=lang3
        )
        for i in range(2)
    )
    return (
        f"---\nmessage_number: TCC{day:%y}-{serial:04d}\nlanguage: {language}\n"
        f"series: {series}\nkind: service-notice\ntitle: {heading} {serial}\n"
        f"audience: {audience}\ndate: {day.isoformat()}\nblocks:\n  - windows:\n"
        f"      heading: {heading}\n      windows:\n{windows}  - contact: tcc\n---\n"
    )


def customs_text(day: dt.date, language: str, serial: int) -> str:
    words = WORDS[language]
    prefix, subheading, audience = words[5], words[6], words[8]
    items = "".join(
        f"      - text: |\n          Paragraph {i} of the notice, with a reference to D17-1-4.\n"
        + (f"      - heading: {subheading} {i}\n" if i % 3 == 2 else "")
        for i in range(8)
    )
    return (
        f"---\nmessage_number: {prefix} {day:%y}-{serial:02d}\nlanguage: {language}\n"
        f"series: {prefix}\nkind: notice\ntitle: Notice {serial}\naudience: {audience}\n"
        f"date: {day.isoformat()}\nblocks:\n  - numbered:\n{items}---\n"
    )


def generate_family(target: Path, count: int, problems: int = 10) -> Path:
    """Write ``count`` bulletins of mixed kinds in English and French to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "scheduled-maintenance" / "bulletins.toml", target)
    shutil.copy(EXAMPLES / "scheduled-maintenance" / "terms.toml", target)
    shutil.copytree(EXAMPLES / "scheduled-maintenance" / "contacts", target / "contacts")
    shutil.copytree(ROOT / "bulletins" / "contacts", target / "contacts", dirs_exist_ok=True)
    start = dt.date(2022, 1, 3)
    for n in range(count):
        day = start + dt.timedelta(days=n)
        for language in ("en", "fr"):
            if n % 3 == 0:
                name, text = f"carm-{day.isoformat()}", bulletin_text(day, language, problems)
            elif n % 3 == 1:
                name, text = f"tcc{day:%y}-{n:04d}", notice_text(day, language, n)
            else:
                name, text = f"customs-notice-{day:%y}-{n:02d}", customs_text(day, language, n)
            (target / f"{name}.{language}.md").write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    import sys

    print(generate_family(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 200))
