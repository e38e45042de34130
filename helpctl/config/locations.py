"""A key path → position table built on first use (what ``Resource.locations`` holds).

Paths read like the config: ``conditions.all[0].value`` (see
:func:`helpctl.config.yamlpos.locations_of`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from helpctl.config.yamlpos import collect_locations
from helpctl.errors import Position

__all__ = ["LazyLocations"]


class LazyLocations(dict[str, Position]):
    """``locations_of(value)``, computed on first use.

    Most resources never have a problem, so building a path → position table for each of them
    up front would be most of the work of validating a large fleet. The table fills itself the
    first time it is read through the dict API.
    """

    __slots__ = ("_source",)

    def __init__(self, source: Any) -> None:
        super().__init__()
        self._source = source

    def _fill(self) -> None:
        if self._source is not None:
            source, self._source = self._source, None
            collect_locations(source, "", self)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __getitem__(self, key: str) -> Position:
        self._fill()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()
