"""A view's ``execution``: what Zendesk answers for the ``output`` a client sends (it never echoes
``output``). Columns keep their order; custom-field columns carry the field's id, title, type and
url, and also appear under ``custom_fields`` (standard ones under ``fields``)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.replies import Call
from helpctl.sandbox.store import URL_MARK

__all__ = ["execution"]

_TITLES = {
    "status": "Status",
    "requester": "Requester",
    "assignee": "Assignee",
    "group": "Group",
    "nice_id": "ID",
    "ticket_id": "ID",
    "updated": "Updated",
    "created": "Requested",
    "priority": "Priority",
    "type": "Type",
    "description": "Subject",
    "subject": "Subject",
    "organization": "Organization",
    "brand": "Brand",
    "satisfaction_score": "Satisfaction",
}
_DEFAULT_COLUMNS = ["status", "subject", "requester", "updated"]


def _column(call: Call, column: Any) -> dict[str, Any]:
    text = str(column)
    if not text.isdigit():
        return {"id": column, "title": _TITLES.get(text, text.replace("_", " ").capitalize())}
    row = call.ctx.store.get(call.ctx.name, "ticket_fields", int(text))
    doc = row.doc() if row else {}
    return {
        "id": int(text),
        "title": doc.get("title", text),
        "type": doc.get("type"),
        "url": f"{URL_MARK}ticket_fields/{text}.json",
    }


def _sorted_by(key: Any, order: Any) -> dict[str, Any] | None:
    if not key:
        return None
    shown = "ticket_id" if key == "nice_id" else key
    return {"id": shown, "title": _TITLES.get(str(key), str(key)), "order": order}


def execution(call: Call, output: dict[str, Any]) -> dict[str, Any]:
    """The ``execution`` object for a view's ``output``."""
    columns = [_column(call, c) for c in output.get("columns") or _DEFAULT_COLUMNS]
    group_by, sort_by = output.get("group_by"), output.get("sort_by", "nice_id")
    group_order, sort_order = output.get("group_order", "asc"), output.get("sort_order", "desc")
    return {
        "group_by": group_by,
        "group_order": group_order,
        "sort_by": sort_by,
        "sort_order": sort_order,
        "group": _sorted_by(group_by, group_order),
        "sort": _sorted_by(sort_by, sort_order),
        "columns": columns,
        "fields": [c for c in columns if not isinstance(c["id"], int)],
        "custom_fields": [c for c in columns if isinstance(c["id"], int)],
    }
