"""Overlays and variables: the two ways an instance changes what its includes say.

- :func:`overlay` merges a later definition of an object over an earlier one: mappings merge by
  key (recursively), anything else (lists included) is replaced. Positions follow the values, so
  an error in an overlaid key points at the overlay file.
- :func:`substitute` replaces ``${name}`` in string values with the instance's vars. ``$${``
  writes a literal ``${``. Unknown names are returned (never replaced by an empty string).
  ``{{dc.x}}`` and Zendesk placeholders such as ``{{ticket.id}}`` are not touched.

Both return new containers and never modify their inputs: parsed files are shared by instances.
"""

from __future__ import annotations

import re
from typing import Any

from helpctl.config.yamlpos import PosDict, PosList

__all__ = ["overlay", "substitute"]

_VAR = re.compile(r"\$\$\{|\$\{([^}]*)\}")


def overlay(base: PosDict, over: PosDict) -> PosDict:
    """``over`` merged over ``base``: maps by key, everything else replaced."""
    out = PosDict(base.mark)
    out.update(base)
    marks = out.key_marks
    marks.update(base.key_marks)
    for key, value in over.items():
        current = out.get(key)
        if isinstance(current, PosDict) and isinstance(value, PosDict):
            out[key] = overlay(current, value)
        else:
            out[key] = value
        mark = over.key_marks.get(key)
        if mark is not None:
            marks[key] = mark
    return out


def substitute(value: Any, variables: dict[str, str], path: str = "") -> tuple[Any, list[str]]:
    """``value`` with ``${name}`` replaced; also the ``path:name`` of every unknown variable."""
    unknown: list[str] = []
    return _subst(value, variables, path, unknown), unknown


def _subst(value: Any, variables: dict[str, str], path: str, unknown: list[str]) -> Any:
    if isinstance(value, str):
        if "${" not in value:
            return value
        return _VAR.sub(lambda m: _replace(m, variables, path, unknown), value)
    if isinstance(value, PosDict):
        out = PosDict(value.mark)
        out.key_marks = value.key_marks
        for key, item in value.items():
            out[key] = _subst(item, variables, f"{path}.{key}" if path else key, unknown)
        return out
    if isinstance(value, PosList):
        seq = PosList(value.mark)
        seq.item_marks = value.item_marks
        seq.extend(_subst(item, variables, f"{path}[{i}]", unknown) for i, item in enumerate(value))
        return seq
    return value


def _replace(match: re.Match[str], variables: dict[str, str], path: str, unknown: list[str]) -> str:
    if match.group(0) == "$${":
        return "${"
    name = match.group(1).strip()
    if name in variables:
        return variables[name]
    unknown.append(f"{path}\0{name}")
    return match.group(0)
