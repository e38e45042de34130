"""Overlays and variables: the two ways an instance changes what its includes say.

- :func:`overlay` merges a later definition of an object over an earlier one: mappings merge by
  key (recursively), anything else (lists included) is replaced. Positions follow the values, so
  an error in an overlaid key points at the overlay file.
- :func:`substitute` replaces ``${name}`` in string values with the instance's vars (in
  positioned YAML data or in plain JSON attrs). ``$${``
  writes a literal ``${``. Unknown names are returned (never replaced by an empty string).
  ``{{dc.x}}`` and Zendesk placeholders such as ``{{ticket.id}}`` are not touched.

Both return new containers and never modify their inputs: parsed files are shared by instances.
"""

from __future__ import annotations

import json
import re
from typing import Any

from helpctl.config.yamlpos import PosDict, PosList

__all__ = ["attrs_text", "has_vars", "overlay", "substitute", "substitute_attrs"]

_VAR = re.compile(r"\$\$\{|\$\{([^}]*)\}")
#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder per call (dumps does
#: for any non-default option, and this runs per variable use of every instance)
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def overlay(base: PosDict, over: PosDict) -> PosDict:
    """``over`` merged over ``base``: maps by key, everything else replaced."""
    out = PosDict(base._mark)
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


def substitute_attrs(
    attrs: dict[str, Any], variables: dict[str, str], text: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """:func:`substitute` for canonical (plain JSON) attrs, done on their JSON text: one C-speed
    pass instead of a Python walk per object and instance. ``text`` is ``json.dumps(attrs)``
    when the caller keeps it. Falls back to the walk when a name is unknown, to report where."""
    if text is None:
        text = attrs_text(attrs)
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        if match.group(0) == "$${":
            return "${"
        value = variables.get(match.group(1).strip())
        if value is None:
            missing = True
            return match.group(0)
        return _to_json(value)[1:-1]

    done = _VAR.sub(replace, text)
    if missing:
        result, unknown = substitute(attrs, variables)
        return result, unknown
    out: dict[str, Any] = json.loads(done)
    return out, []


def attrs_text(attrs: dict[str, Any]) -> str:
    """The JSON text :func:`substitute_attrs` works on."""
    return _to_json(attrs)


def has_vars(value: Any) -> bool:
    """Whether any string inside ``value`` contains ``${``."""
    return "${" in json.dumps(value, ensure_ascii=False, default=str)


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
        out = PosDict(value._mark)
        out.key_marks = value.key_marks
        for key, item in value.items():
            out[key] = _subst(item, variables, f"{path}.{key}" if path else key, unknown)
        return out
    if isinstance(value, PosList):
        seq = PosList(value._mark)
        seq.item_marks = value.item_marks
        seq.extend(_subst(item, variables, f"{path}[{i}]", unknown) for i, item in enumerate(value))
        return seq
    if isinstance(value, dict):  # canonical attrs: plain JSON
        return {
            key: _subst(item, variables, f"{path}.{key}" if path else key, unknown)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_subst(item, variables, f"{path}[{i}]", unknown) for i, item in enumerate(value)]
    return value


def _replace(match: re.Match[str], variables: dict[str, str], path: str, unknown: list[str]) -> str:
    if match.group(0) == "$${":
        return "${"
    name = match.group(1).strip()
    if name in variables:
        return variables[name]
    unknown.append(f"{path}\0{name}")
    return match.group(0)
