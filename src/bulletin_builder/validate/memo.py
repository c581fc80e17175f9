"""A clean validation remembered, so a rebuild of unchanged sources does not check them again.

``bulletin build`` keeps, beside its outputs, the key of every bulletins folder in which
validation found nothing at all (no error and no warning). A later build that reads the same
folder to the same key still reads and types every file (the renderers need the records) but
does not run the rules: what they find depends only on what the key covers -- the text of
every bulletin and contact block with its path, the configuration and terminology as read, the
tool's own code and the versions of Python and of the parsers the rules use -- never on the
clock, the environment or the network.
A folder with any finding is checked in full every time, so its warnings are never lost.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import bulletin_builder
from bulletin_builder.model.project import Project

PARSERS = ("yaml", "markdown_it", "linkify_it")
"""The libraries the rules read with (YAML events through LibYAML, Markdown links, bare
addresses). The versions of every distribution installed where they are (the names of the
``*.dist-info`` and ``*.egg-info`` folders there) are part of the key, with Python's version
(whose ``idna`` codec checks host names): an upgrade of any of them checks every folder again.
A parser installed in editable mode is not followed (its source tree is not looked at)."""


INSTALLED = (".dist-info", ".egg-info")
"""What an installed distribution's folder of metadata is named with (its version in it)."""


@functools.cache
def code_digest() -> str:
    """One hash of the tool's version and every module of it, Python's version and the
    versions of the libraries installed beside the parsers the rules use."""
    root = Path(bulletin_builder.__file__).parent
    digest = hashlib.sha256(f"{bulletin_builder.__version__}\0{sys.version}".encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for folder in sorted({_installed_in(name) for name in PARSERS}):
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(INSTALLED))
        digest.update(("\0" + "\0".join(names)).encode())
    return digest.hexdigest()


def _installed_in(module: str) -> Path:
    """The folder the package ``module`` is installed in (found, not imported)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ImportError(f"{module} is not installed")
    return Path(spec.origin).parent.parent


def clean_key(project: Project) -> str | None:
    """The key of ``project`` as read; None when reading and typing it already found
    something, since then the rules must run to report it all.

    Paths are taken relative to the folder, so a clone elsewhere has the same key (and the
    same manifest: builds are byte-identical wherever they run)."""
    if project.diagnostics or any(source.diagnostics for source in project.sources()):
        return None
    config = replace(project.config, path=None, terms=replace(project.config.terms, path=None))
    digest = hashlib.sha256(code_digest().encode())
    digest.update(repr(config).encode())
    for source in project.sources():  # each read as root / its name (load_project_from)
        name, text = source.path.relative_to(project.root).as_posix(), source.text
        digest.update(f"\0{name}\0{len(text)}\0".encode() + text.encode())
    return digest.hexdigest()
