"""Mapping files read with the config layer's position-keeping YAML loader.

:func:`load_yaml` parses through :mod:`helpctl.config.yamlpos` (same safety rules: no duplicate
keys, UTF-8 only, no alias bombs) and returns the values with a :class:`PosMap`, so mapping
validation can name ``file:line`` for any key path; the loader's refusals become
:class:`MappingError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpctl.config.yamlpos import PosDict, PosList, YamlFileError, read_yaml_file
from helpctl.errors import MappingError, Position

__all__ = ["PosMap", "load_yaml"]


class PosMap:
    """Key path (``tickets.status.open``, ``tickets.tags[2]``) → where it was written."""

    def __init__(self, file: str, locations: dict[str, Position]) -> None:
        self.file = file
        self._locations = locations

    def at(self, path: str) -> Position:
        """The position of ``path``, or of its nearest written ancestor (the file's start)."""
        probe = path
        while probe:
            found = self._locations.get(probe)
            if found is not None:
                return found
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return Position(self.file, 1, 1)


def load_yaml(path: Path, shown_as: str | None = None) -> tuple[Any, PosMap]:
    """Parse one YAML file; anything that is not readable YAML is a :class:`MappingError`."""
    name = shown_as or str(path)
    if not path.is_file():
        raise MappingError(f"mapping file {name} does not exist", position=Position(name))
    try:
        data = read_yaml_file(path, name)
    except YamlFileError as exc:
        problem = exc.problem
        raise MappingError(
            problem.message,
            hint=problem.hint,
            position=problem.position,
            problems=[problem],
            summary=f"1 problem in mapping {name}",
        ) from exc
    locations: dict[str, Position] = {}
    _collect(data, "", locations)
    return data, PosMap(name, locations)


def _collect(value: Any, prefix: str, out: dict[str, Position]) -> None:
    """Key path → position for every key and list item the loader recorded."""
    if isinstance(value, PosDict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            found = value.key_position(key)
            if found is not None:
                out[path] = found
            _collect(item, path, out)
    elif isinstance(value, PosList):
        for index, item in enumerate(value):
            path = f"{prefix}[{index}]"
            found = value.item_position(index)
            if found is not None:
                out[path] = found
            _collect(item, path, out)
