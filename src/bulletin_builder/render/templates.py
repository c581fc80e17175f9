"""Where the house style is: the templates folder every renderer reads.

The repository keeps it at the top, in ``templates/`` (Jinja templates, CSS, fonts, the
label catalogs, the Word reference document), where a team edits it. The wheel carries a
copy as package data (``bulletin_builder/templates``), so an installed ``bulletin`` builds
from anywhere. A repository that brings its own house style names its folder with
``bulletin build --templates DIR`` or ``$BULLETIN_TEMPLATES``; it must hold every file in
:data:`REQUIRED`.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

from bulletin_builder.errors import UsageError

ENVIRONMENT = "BULLETIN_TEMPLATES"
"""The environment variable that names another templates folder."""

EMAIL_BLOCKS = ("block", "problems", "problem", "windows", "numbered", "contact")
"""The e-mail's block templates, ``email/blocks/_<name>.html.j2``."""
REQUIRED = (
    "page.html.j2",
    "index.html.j2",
    "email/message.html.j2",
    "email/edition.html.j2",
    "email/_styles.j2",
    "email/_history.html.j2",
    *(f"email/blocks/_{name}.html.j2" for name in EMAIL_BLOCKS),
    "bulletin.css",
    "print.css",
    "fonts/fonts.css",
    "bulletin.docx",
    "locale/fr.po",
)
"""The files a templates folder must hold for every output to build."""

SOURCE_CHECKOUT = Path(__file__).resolve().parents[3] / "templates"
"""``templates/`` of the source checkout, used by an editable install (no package data)."""


def packaged() -> Path:
    """The templates shipped with the tool: package data, or the checkout's in development."""
    data = files("bulletin_builder") / "templates"
    if isinstance(data, Path) and data.is_dir():
        return data
    return SOURCE_CHECKOUT


def missing_files(folder: Path) -> list[str]:
    """The files of :data:`REQUIRED` that ``folder`` lacks."""
    return [name for name in REQUIRED if not (folder / name).is_file()]


def check_folder(folder: Path) -> Path:
    """``folder`` resolved, or a :class:`UsageError` naming what it lacks."""
    resolved = folder.expanduser().resolve()
    if not resolved.is_dir():
        raise UsageError(f"{folder}: the templates folder does not exist")
    missing = missing_files(resolved)
    if missing:
        raise UsageError(
            f"{folder}: not a complete templates folder, missing {', '.join(missing)} "
            "(copy the tool's templates/ folder and edit it)"
        )
    return resolved


def use_templates(folder: Path) -> Path:
    """Build with the templates in ``folder`` from now on (this process and its workers).

    The choice travels in ``$BULLETIN_TEMPLATES`` because the build's worker processes inherit
    the environment: one command line, one house style, in every process it starts."""
    resolved = check_folder(folder)
    os.environ[ENVIRONMENT] = str(resolved)
    return resolved


def templates_dir() -> Path:
    """The templates to build with: ``$BULLETIN_TEMPLATES`` if set, else the packaged ones."""
    override = os.environ.get(ENVIRONMENT)
    return _checked(override) if override else packaged()


@cache
def _checked(override: str) -> Path:
    """``override`` checked once per process (every renderer asks for the folder per file)."""
    return check_folder(Path(override))
