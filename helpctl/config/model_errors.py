"""Validating positioned YAML data with a pydantic model, and turning its errors into Problems.

Pydantic reports an error by a ``loc`` tuple that mixes keys, list indexes and the names of union
members. :func:`validate_positioned` walks that tuple through the data it validated, so each
Problem carries the user's key path and the exact position of the offending key (or, for a
missing key, of the mapping that lacks it), with a did-you-mean for mistyped keys.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from helpctl.config.yamlpos import PosDict, PosList
from helpctl.errors import Position, Problem

__all__ = ["allowed_keys_at", "problems_from_error", "validate_positioned"]

_SUGGESTED = re.compile(r"^did you mean `([^`]+)`\?$")


def validate_positioned(
    model: type[BaseModel], data: Any, prefix: str, fallback: Position | None
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate ``data`` with ``model``; on failure return every error as a Problem."""
    try:
        return model.model_validate(data), []
    except ValidationError as ex:
        return None, problems_from_error(model, data, ex, prefix, fallback)


def problems_from_error(
    model: type[BaseModel],
    data: Any,
    error: ValidationError,
    prefix: str,
    fallback: Position | None,
) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out: list[Problem] = []
    for err in error.errors(include_url=False):
        problem = _problem(model, data, err, prefix, fallback)
        if (problem.path, problem.code) not in seen:  # union members repeat one mistake
            seen.add((problem.path, problem.code))
            out.append(problem)
    # `operater: is` also makes `operator` missing: the typo alone says it all
    typos = {_sibling(p.path, m.group(1)) for p in out if (m := _SUGGESTED.match(p.hint))}
    return [p for p in out if not (p.code == "missing_required" and p.path in typos)]


def _sibling(path: str, key: str) -> str:
    cut = path.rfind(".")
    return f"{path[:cut]}.{key}" if cut >= 0 else key


def _problem(
    model: type[BaseModel], data: Any, err: Any, prefix: str, fallback: Position | None
) -> Problem:
    kind = err["type"]
    path, pos, keys, last = _walk(data, err["loc"], fallback)
    full = f"{prefix}.{path}" if prefix and path else (prefix or path)
    if kind == "missing":
        return Problem(
            "missing_required",
            f"required key `{last}` is missing",
            pos,
            full,
            hint=f"add `{last}:`",
        )
    if kind == "extra_forbidden":
        hint = _did_you_mean(last, allowed_keys_at(model, keys[:-1]))
        return Problem("unknown_key", f"unknown key `{last}`", pos, full, hint=hint)
    code = "wrong_type" if kind.endswith(("_type", "_parsing")) else "invalid_value"
    message = err["msg"]
    got = err.get("input")
    if code == "wrong_type" and not isinstance(got, dict | list):
        message = f"{message}, got {type(got).__name__} {_short(got)}"
    return Problem(code, message, pos, full)


def _walk(
    data: Any, loc: tuple[Any, ...], fallback: Position | None
) -> tuple[str, Position | None, list[str], str]:
    """Follow ``loc`` through ``data``: the user's path, the best position, the keys passed."""
    path = ""
    pos = getattr(data, "mark", None) or fallback
    keys: list[str] = []
    last = ""
    cur = data
    for step in loc:
        if isinstance(cur, dict) and isinstance(step, str):
            path = f"{path}.{step}" if path else step
            keys.append(step)
            last = step
            if step in cur:
                if isinstance(cur, PosDict):
                    pos = cur.key_position(step) or pos
                cur = cur[step]
            else:  # a missing key: point at the mapping that lacks it
                pos = getattr(cur, "mark", None) or pos
                cur = None
        elif isinstance(cur, list) and isinstance(step, int) and 0 <= step < len(cur):
            path = f"{path}[{step}]"
            if isinstance(cur, PosList):
                pos = cur.item_position(step) or pos
            cur = cur[step]
        # anything else names a union member or a validator: not part of the user's path
    return path, pos, keys, last


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _did_you_mean(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if allowed:
        return "allowed keys: " + ", ".join(sorted(allowed))
    return "remove it"


def allowed_keys_at(model: type[BaseModel], keys: list[str]) -> list[str]:
    """The keys the models reachable from ``model`` through ``keys`` accept."""
    models = [model]
    for key in keys:
        following: list[type[BaseModel]] = []
        for candidate in models:
            for name, info in candidate.model_fields.items():
                if key in (name, info.alias):
                    following.extend(_models_in(info.annotation))
        models = following or models  # a free-form dict key (a locale, a field title)
    names = {info.alias or name for m in models for name, info in m.model_fields.items()}
    return sorted(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return []
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found
