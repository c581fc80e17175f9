"""Generate a bulletins folder of N valid bulletins (English + French), for benchmarks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "bulletins"

PROBLEM_EN = """      - id: problem-{i}
        description: Clients see error {i} when they open the CARM Client Portal page number {i}.
        workaround: |
          If this occurs, close the page and start again.

          - Go to the [CARM log in page](https://ccp-pcc.cbsa-asfc.cloud-nuage.canada.ca/en/{i})
          - Enter the GCKey you created
          - Call 1-800-461-9999 if it persists

          If the situation persists, please contact the CCSH for *assistance*.
        fix_date: {fix}
"""
PROBLEM_FR = """      - id: problem-{i}
        description: >-
          Les clients voient l'erreur {i} lorsqu'ils ouvrent la page {i}
          du portail client de la GCRA.
        workaround: |
          Si cela se produit, fermez la page et recommencez.

          - Allez à la [page de connexion](https://ccp-pcc.cbsa-asfc.cloud-nuage.canada.ca/fr/{i})
          - Saisissez la CléGC que vous avez créée
          - Composez le 1-800-461-9999 si le problème persiste

          Si la situation persiste, veuillez communiquer avec le Service d'assistance à la
          clientèle de la GCRA pour obtenir de l'*aide*.
        fix_date: {fix}
"""
HEADER = {
    "en": (
        "CARM Client Support Helpdesk (CCSH) Bulletin",
        "CARM Client Portal (CCP) – Known Problems",
        "Commercial clients",
        "CCP problems known to the CBSA",
        PROBLEM_EN,
    ),
    "fr": (
        "Bulletin du Service d'assistance à la clientèle de la GCRA",
        "Portail client de la GCRA – Problèmes connus",
        "Clients commerciaux",
        "Problèmes du portail client de la GCRA connus de l'ASFC",
        PROBLEM_FR,
    ),
}


def bulletin_text(day: dt.date, language: str, problems: int) -> str:
    series, title, audience, heading, template = HEADER[language]
    fixes = ["TBD", "N/A", (day + dt.timedelta(days=30)).isoformat()]
    rows = "".join(template.format(i=i, fix=fixes[i % 3]) for i in range(problems))
    return (
        f"---\nmessage_number: CARM {day.isoformat()}\nlanguage: {language}\nseries: {series}\n"
        f"title: {title}\naudience: {audience}\ndate: {day.isoformat()}\ncontact: ccsh\n"
        f"sections:\n  - heading: {heading}\n    problems:\n{rows}---\n"
    )


def generate(target: Path, count: int, problems: int = 10) -> Path:
    """Write ``count`` bulletins in English and French (plus config and contacts) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED / "bulletins.toml", target / "bulletins.toml")
    shutil.copy(SEED / "terms.toml", target / "terms.toml")
    shutil.copytree(SEED / "contacts", target / "contacts", dirs_exist_ok=True)
    start = dt.date(2022, 1, 3)
    for n in range(count):
        day = start + dt.timedelta(days=n)
        for language in ("en", "fr"):
            (target / f"carm-{day.isoformat()}.{language}.md").write_text(
                bulletin_text(day, language, problems), encoding="utf-8"
            )
    return target
