"""Where the repository's folders are: the bulletins, the templates, the build output."""

from __future__ import annotations

import os
from pathlib import Path

BULLETINS = Path("bulletins")
BUILD = Path("build")


def templates_dir() -> Path:
    """The house-style templates: ``$BULLETIN_TEMPLATES`` or ``templates/`` of this checkout."""
    override = os.environ.get("BULLETIN_TEMPLATES")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "templates" / "page.html.j2").is_file() or (
            parent / "pyproject.toml"
        ).is_file():
            return parent / "templates"
    return Path.cwd() / "templates"
