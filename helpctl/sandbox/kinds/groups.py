"""Agent groups: names unique (trimmed, case-insensitive)."""

from __future__ import annotations

from typing import Any

from helpctl.resources.object_rules import UNIQUE_NAMES
from helpctl.sandbox.crud import Collection, Route, merge, routes, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details

__all__ = ["GROUPS", "SANDBOX_KIND"]


_GROUP_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": "",
    "default": False,
    "deleted": False,
    "is_public": True,
}
_GROUP_WRITABLE = frozenset({"name", "description", "is_public", "default"})


def _build_group(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_GROUP_DEFAULTS, old, obj, _GROUP_WRITABLE)
    errors = Details()
    errors.require(doc, "name")
    unique(call, "groups", UNIQUE_NAMES["groups"], doc, old, errors)
    errors.check()
    return doc


def _name_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    name = doc.get("name") or doc.get("title")
    return None, str(name).strip().lower() if name else None


GROUPS = Collection("groups", "group", "groups", _build_group, index=_name_index)


def _routes() -> list[Route]:
    return routes(GROUPS)


SANDBOX_KIND = SandboxKind(GROUPS, _routes)
