"""Outputs made from every edition at once, after rendering: the build's one extension point.

``bulletin build`` renders each edition on its own; feeds, the JSON index, the sitemap and the
e-mail edition need every edition (and the size and SHA-256 of the files just written). The
command line passes a :data:`PostStep` to :func:`~bulletin_builder.build.orchestrator.build`,
so ``build/`` never imports the packages above it. A step only *declares* its outputs (path,
key, maker): the build makes the stale ones, in the order given, stages them with every other
output and records them in the manifest, so they are written atomically with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bulletin_builder.model.edition import Edition

Manifest = Mapping[str, Mapping[str, str]]
"""Output path → {'key', 'sha256', 'size'}, as the manifest records every output."""


@dataclass(frozen=True)
class Extra:
    """One output a post step makes: where, from what (its key), and how."""

    path: str
    """Relative to the output folder, e.g. 'feeds/en.atom'."""
    key: str
    """A hash of everything its bytes depend on; the output is made again when it changes."""
    make: Callable[[Manifest], bytes]
    """Its bytes, given the manifest of every output made before it (sizes, SHA-256)."""


@dataclass(frozen=True)
class Built:
    """What a post step learns about the build: the editions, the formats and their keys."""

    editions: Sequence[Edition]
    formats: tuple[str, ...]
    index_key: str
    """One hash of the templates, the formats and every edition."""
    edition_hashes: Mapping[tuple[str, str], str]
    """(slug, language) → the hash of that edition (its fields, the templates, the version)."""


PostStep = Callable[[Built], list[Extra]]
