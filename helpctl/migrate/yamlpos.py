"""YAML with positions, for mapping files: every mapping remembers where each key was written.

A minimal loader kept beside the migration code (the config layer has its own); it builds plain
``dict``/``list`` values, so downstream code needs no special types, and records positions in
:class:`PosMap` so validation can report ``file:line`` for any key path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from helpctl.errors import MappingError, Position

__all__ = ["PosMap", "load_yaml"]


class PosMap:
    """Key path (``tickets.status.open``, ``tickets.tags[2]``) → where it was written."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._lines: dict[str, tuple[int, int]] = {}

    def add(self, path: str, node: Node) -> None:
        mark = node.start_mark
        self._lines[path] = (mark.line + 1, mark.column + 1)

    def at(self, path: str) -> Position:
        """The position of ``path``, or of its nearest written ancestor."""
        probe = path
        while probe:
            if probe in self._lines:
                line, col = self._lines[probe]
                return Position(self.file, line, col)
            probe = _parent(probe)
        line, col = self._lines.get("", (1, 1))
        return Position(self.file, line, col)


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _build(node: Node, path: str, pos: PosMap, loader: yaml.SafeLoader) -> Any:
    pos.add(path, node)
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            child = f"{path}.{key}" if path else str(key)
            pos.add(child, key_node)
            out[key] = _build(value_node, child, pos, loader)
            pos.add(child, key_node)  # the key's line, not the value's, names the entry
        return out
    if isinstance(node, SequenceNode):
        return [_build(item, f"{path}[{i}]", pos, loader) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path, shown_as: str | None = None) -> tuple[Any, PosMap]:
    """Parse one YAML document; syntax errors become a :class:`MappingError` with file:line."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise MappingError(f"mapping file {name} does not exist") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"cannot read mapping file {name}: {exc}") from exc
    loader = yaml.SafeLoader(text)
    pos = PosMap(name)
    try:
        node = loader.get_single_node()
        data = None if node is None else _build(node, "", pos, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = Position(name, mark.line + 1, mark.column + 1) if mark else Position(name)
        raise MappingError(f"invalid YAML: {exc.problem}", position=where) from exc
    finally:
        loader.dispose()
    return data, pos
