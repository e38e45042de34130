"""Help Center user segments (``/help_center/user_segments``, cursor pages as recorded); the
built-in segments are seeded on first use and refuse changes."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import ApiProblem, Call, Details

__all__ = ["SANDBOX_KIND", "USER_SEGMENTS"]

_DEFAULTS: dict[str, Any] = {
    "name": None,
    "user_type": None,
    "group_ids": [],
    "organization_ids": [],
    "tags": [],
    "or_tags": [],
    "added_user_ids": [],
    "built_in": False,
}
_WRITABLE = frozenset({"name", "user_type", "group_ids", "organization_ids", "tags", "or_tags"})


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    if old is not None and old.get("built_in"):
        raise ApiProblem(403, {"error": "Forbidden", "description": "Built-in segment"})
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    errors = Details()
    errors.require(doc, "name")
    if doc.get("user_type") not in ("signed_in_users", "staff"):
        errors.add("user_type", "User type: is invalid", "InvalidValue")
    unique(call, "help_center/user_segments", "name", doc, old, errors)
    errors.check()
    return doc


def _index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    return None, str(doc.get("name") or "").strip().lower() or None


USER_SEGMENTS = Collection(
    "help_center/user_segments",
    "user_segment",
    "user_segments",
    _build,
    style="cursor",
    index=_index,
)


def _routes() -> list[Route]:
    return routes(USER_SEGMENTS)


SANDBOX_KIND = SandboxKind(USER_SEGMENTS, _routes)
