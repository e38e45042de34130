"""Ticket fields: custom types, system fields, dropdown options (replaced by value on PUT, or
one at a time through the options endpoints), reorder and count."""

from __future__ import annotations

from typing import Any

from helpctl.resources import object_rules
from helpctl.resources.kinds.ticket_fields import CUSTOM_TYPES, OPTION_TYPES
from helpctl.sandbox.crud import Collection, Route, merge, now, reorder, routes, sync_raw
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds._options import replace_options
from helpctl.sandbox.paging import envelope
from helpctl.sandbox.replies import ApiProblem, Call, Details, Reply, iso, not_found
from helpctl.sandbox.store import URL_MARK, Row

__all__ = ["FIELDS", "SANDBOX_KIND"]

# The ticket field types Zendesk accepts are the config model's: one list for both sides.


_FIELD_DEFAULTS: dict[str, Any] = {
    "type": "text",
    "title": None,
    "raw_title": None,
    "description": "",
    "raw_description": "",
    "position": 9999,
    "active": True,
    "required": False,
    "collapsed_for_agents": False,
    "regexp_for_validation": None,
    "title_in_portal": None,
    "raw_title_in_portal": None,
    "visible_in_portal": False,
    "editable_in_portal": False,
    "required_in_portal": False,
    "tag": None,
    "removable": True,
    "key": None,
    "agent_description": None,
}
_FIELD_WRITABLE = frozenset(
    {
        "title",
        "raw_title",
        "description",
        "raw_description",
        "position",
        "active",
        "required",
        "collapsed_for_agents",
        "regexp_for_validation",
        "title_in_portal",
        "raw_title_in_portal",
        "visible_in_portal",
        "editable_in_portal",
        "required_in_portal",
        "tag",
        "agent_description",
        "sub_type_id",
        "relationship_target_type",
        "relationship_filter",
    }
)
#: ``raw_x`` follows ``x`` unless the client sent ``raw_x`` itself.
_RAW_PAIRS = (
    ("title", "raw_title"),
    ("description", "raw_description"),
    ("title_in_portal", "raw_title_in_portal"),
)


def _build_field(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_FIELD_DEFAULTS, old, obj, _FIELD_WRITABLE)
    errors = Details()
    kind = obj.get("type", doc["type"] if old else None)
    if old is None:
        doc["type"] = kind
        if not isinstance(kind, str) or kind not in CUSTOM_TYPES:
            errors.add("type", f"Type: {kind} is not a valid field type", "InvalidValue")
            errors.check()
        if "key" in obj:
            doc["key"] = obj["key"]
    elif kind != old["type"]:
        errors.add("type", "Type: cannot be changed after creation", "InvalidValue")
    sync_raw(doc, obj, _RAW_PAIRS)
    if doc.get("title_in_portal") is None:
        doc["title_in_portal"] = doc.get("title")
        doc["raw_title_in_portal"] = doc.get("raw_title")
    errors.require(doc, "title")
    if doc["type"] in OPTION_TYPES and "custom_field_options" in obj:
        old_options = doc.get("custom_field_options") or []
        doc["custom_field_options"] = replace_options(
            call, old_options, obj["custom_field_options"], errors, report=False, defaults=True
        )
    # what Zendesk refuses in one field, read on the options as sent (shared with validate)
    sent = {**doc, **{k: obj[k] for k in ("custom_field_options",) if k in obj}}
    for rule in object_rules.refusals("ticket_fields", sent):
        errors.add(rule.field, rule.zendesk, "InvalidValue")
    errors.check()
    return doc


def _before_field_delete(call: Call, row: Row) -> None:
    if not row.doc().get("removable", True):
        raise ApiProblem(
            403,
            {"error": "Forbidden", "description": "System ticket fields cannot be deleted"},
        )


FIELDS = Collection(
    "ticket_fields",
    "ticket_field",
    "ticket_fields",
    _build_field,
    style="cursor_or_all",
    ordered=True,
    before_delete=_before_field_delete,
)


def _option_list(call: Call) -> Reply:
    doc = FIELDS.load(call).doc()
    opts = doc.get("custom_field_options") or []
    bodies = [_option_doc(doc["id"], o) for o in opts]
    extra = {"next_page": None, "previous_page": None, "count": len(opts)}
    import json

    return Reply(text=envelope("custom_field_options", [json.dumps(b) for b in bodies], extra))


def _option_doc(field_id: int, option: dict[str, Any]) -> dict[str, Any]:
    url = f"{URL_MARK}ticket_fields/{field_id}/options/{option['id']}.json"
    return {"url": url, **option}


def _option_upsert(call: Call) -> Reply:
    row = FIELDS.load(call)
    doc = row.doc()
    item = call.obj("custom_field_option")
    options = list(doc.get("custom_field_options") or [])
    errors = Details()
    errors.require(item, "name", "value")
    errors.check()
    existing = next((o for o in options if o["id"] == item.get("id")), None)
    status = 200 if existing else 201
    if existing is None:
        existing = {"id": call.ctx.store.new_id(), "default": False}
        options.append(existing)
    existing.update(
        name=item["name"], raw_name=item.get("raw_name", item["name"]), value=item["value"]
    )
    doc["custom_field_options"] = options
    doc["updated_at"] = iso(now())
    FIELDS.store(call, doc)
    return Reply(status, {"custom_field_option": _option_doc(doc["id"], existing)})


def _option_one(call: Call) -> tuple[Row, dict[str, Any], dict[str, Any]]:
    row = FIELDS.load(call)
    doc = row.doc()
    option_id = call.int_param("option_id")
    for option in doc.get("custom_field_options") or []:
        if option["id"] == option_id:
            return row, doc, option
    raise not_found()


def _option_show(call: Call) -> Reply:
    _, doc, option = _option_one(call)
    return Reply(200, {"custom_field_option": _option_doc(doc["id"], option)})


def _option_delete(call: Call) -> Reply:
    _, doc, option = _option_one(call)
    doc["custom_field_options"] = [o for o in doc["custom_field_options"] if o is not option]
    FIELDS.store(call, doc)
    return Reply(204)


def _field_count(call: Call) -> Reply:
    n = call.ctx.store.count(call.ctx.name, "ticket_fields")
    return Reply(200, {"count": {"value": n, "refreshed_at": iso(now())}})


def _routes() -> list[Route]:
    return [
        ("PUT", "/ticket_fields/reorder", reorder("ticket_fields", "ticket_field_ids")),
        ("GET", "/ticket_fields/count", _field_count),
        ("GET", "/ticket_fields/{id}/options", _option_list),
        ("POST", "/ticket_fields/{id}/options", _option_upsert),
        ("GET", "/ticket_fields/{id}/options/{option_id}", _option_show),
        ("DELETE", "/ticket_fields/{id}/options/{option_id}", _option_delete),
        *routes(FIELDS),
    ]


SANDBOX_KIND = SandboxKind(FIELDS, _routes)
