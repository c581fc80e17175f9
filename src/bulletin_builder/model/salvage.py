"""Records salvaged from invalid files, for the rules only: every error in one run, no cascade.

A file with a value written wrong (``fix_date: 31/07/2021``) has no record, so no cross-file
rule could check it, and its other errors (an unknown audience, a malformed message number)
appeared only once the first was fixed. :func:`bulletin_builder.model.convert.convert` with
``salvage=True`` builds the record anyway: each value it could not read (written wrong,
missing, of the wrong shape) is :data:`UNREAD`, and reading that field raises
:class:`Unreadable`. :func:`readable` runs a check until it reads such a value, so every
check that does not depend on it still runs, and none reports a consequence of the error the
converter reported already (a window written wrong is not also "none of the block types").

Salvaged records are never rendered: only the rules see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class Unreadable(Exception):
    """A check read a value that could not be read (its error is reported already)."""


class _Unread:
    """What a salvaged record holds where a value could not be read."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNREAD"


UNREAD: Any = _Unread()
"""The one marker of a value the converter could not read (typed Any: it stands in a field
of any type, and reading it raises before anything can use it)."""


def _getattribute(self: object, name: str) -> object:
    value = object.__getattribute__(self, name)
    if value is UNREAD:
        raise Unreadable(name)
    return value


@cache
def salvaged_class(cls: type[T]) -> type[T]:
    """A subclass of the record class ``cls`` whose fields raise :class:`Unreadable` when
    they hold :data:`UNREAD`."""
    namespace = {"__slots__": (), "__getattribute__": _getattribute, "__module__": __name__}
    return type(f"Salvaged{cls.__name__}", (cls,), namespace)


def readable(found: Iterable[T]) -> Iterator[T]:
    """What a check finds until it reads a value that could not be read.

    Everything it found before that depends only on values that were read; what it would
    have found after is left to the writer's next run, once the reported error is fixed.
    """
    try:
        yield from found
    except Unreadable:
        return
