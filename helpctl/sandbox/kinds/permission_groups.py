"""Guide permission groups (``/guide/permission_groups``, offset pages as recorded); the
built-in "Admins" group is seeded on first use."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details

__all__ = ["PERMISSION_GROUPS", "SANDBOX_KIND"]

_DEFAULTS: dict[str, Any] = {"name": None, "built_in": False, "edit": [], "publish": []}
_WRITABLE = frozenset({"name", "edit", "publish"})


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    errors = Details()
    errors.require(doc, "name")
    unique(call, "guide/permission_groups", "name", doc, old, errors)
    errors.check()
    return doc


def _index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    return None, str(doc.get("name") or "").strip().lower() or None


PERMISSION_GROUPS = Collection(
    "guide/permission_groups",
    "permission_group",
    "permission_groups",
    _build,
    style="offset",
    index=_index,
)


def _routes() -> list[Route]:
    return routes(PERMISSION_GROUPS)


SANDBOX_KIND = SandboxKind(PERMISSION_GROUPS, _routes)
