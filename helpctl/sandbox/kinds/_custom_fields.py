"""User fields and organization fields: one shape, two collections.

As Zendesk: ``key`` is required on create, unique, and fixed afterwards; ``type`` is fixed too;
a ``regexp`` field needs its pattern, a ``dropdown`` its options (a PUT replaces the list; kept
options are matched by id, then value, and keep their ids); options also one at a time through
``/{id}/options`` (200 when the id exists, 201 when new); order through ``reorder``.
"""

from __future__ import annotations

import json
from typing import Any

from helpctl.resources.kinds._custom_fields import FIELD_TYPES, KEY_PATTERN, OPTION_TYPES
from helpctl.sandbox.crud import Collection, Route, merge, now, reorder, routes, sync_raw, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds._options import replace_options
from helpctl.sandbox.paging import envelope
from helpctl.sandbox.replies import Call, Details, Reply, iso, not_found
from helpctl.sandbox.store import URL_MARK

__all__ = ["custom_field_kind"]

_DEFAULTS: dict[str, Any] = {
    "type": "text",
    "key": None,
    "title": None,
    "description": "",
    "raw_title": None,
    "raw_description": "",
    "position": 9999,
    "active": True,
    "system": False,
    "regexp_for_validation": None,
}
_WRITABLE = frozenset(
    {
        "title",
        "raw_title",
        "description",
        "raw_description",
        "position",
        "active",
        "regexp_for_validation",
        "tag",
        "relationship_target_type",
        "relationship_filter",
    }
)
_RAW_PAIRS = (("title", "raw_title"), ("description", "raw_description"))
#: The pattern Zendesk gives every date field.
DATE_PATTERN = r"\A([0-9]{4})-(1[0-2]|0[1-9])-(3[01]|[12][0-9]|0[1-9])\z"


def _type_and_key(doc: dict[str, Any], old: Any, obj: dict[str, Any], errors: Details) -> None:
    if old is None:
        doc["type"] = obj.get("type", "text")
        # As Zendesk: every field answers the lookup keys, empty but on a lookup field.
        doc["relationship_target_type"] = obj.get("relationship_target_type", "")
        doc["relationship_filter"] = obj.get("relationship_filter", {"all": None, "any": None})
        doc["key"] = obj.get("key")
        if doc["type"] == "date":
            doc["regexp_for_validation"] = DATE_PATTERN
        if doc["type"] not in FIELD_TYPES:
            errors.add("type", f"Type: {doc['type']} is not a valid field type", "InvalidValue")
        errors.require(doc, "key")
        if doc["key"] and not KEY_PATTERN.match(str(doc["key"])):
            errors.add("key", f"Key: {doc['key']} is invalid", "InvalidValue")
        return
    if "type" in obj and obj["type"] != old["type"]:
        errors.add("type", "Type: cannot be changed after creation", "InvalidValue")
    if "key" in obj and obj["key"] != old["key"]:
        errors.add("key", "Key: cannot be changed after creation", "InvalidValue")


def _builder(kind: str) -> Any:
    def build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
        doc = merge(_DEFAULTS, old, obj, _WRITABLE)
        errors = Details()
        _type_and_key(doc, old, obj, errors)
        errors.check()
        sync_raw(doc, obj, _RAW_PAIRS)
        errors.require(doc, "title")
        unique(call, kind, "key", doc, old, errors)
        if doc["type"] == "regexp":
            errors.require(doc, "regexp_for_validation")
        if doc["type"] == "lookup":
            errors.require(doc, "relationship_target_type")
        if doc["type"] in OPTION_TYPES:
            old_options = doc.get("custom_field_options") or []
            if "custom_field_options" in obj:
                sent = obj["custom_field_options"]
                doc["custom_field_options"] = replace_options(
                    call, old_options, sent, errors, report=True, defaults=False
                )
            if not doc.get("custom_field_options"):
                errors.blank("custom_field_options")
        errors.check()
        return doc

    return build


def _key_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    key = doc.get("key")
    return None, str(key).strip().lower() if key else None


def _option_doc(kind: str, field_id: int, option: dict[str, Any]) -> dict[str, Any]:
    return {"url": f"{URL_MARK}{kind}/{field_id}/options/{option['id']}.json", **option}


def _option_handlers(coll: Collection) -> list[Route]:
    kind = coll.kind

    def listing(call: Call) -> Reply:
        doc = coll.load(call).doc()
        opts = doc.get("custom_field_options") or []
        bodies = [json.dumps(_option_doc(kind, doc["id"], o)) for o in opts]
        extra = {"next_page": None, "previous_page": None, "count": len(opts)}
        return Reply(text=envelope("custom_field_options", bodies, extra))

    def upsert(call: Call) -> Reply:
        doc = coll.load(call).doc()
        item = call.obj("custom_field_option")
        errors = Details()
        errors.require(item, "name", "value")
        errors.check()
        options = list(doc.get("custom_field_options") or [])
        existing = next((o for o in options if o["id"] == item.get("id")), None)
        status = 200 if existing else 201
        if existing is None:
            existing = {"id": call.ctx.store.new_id()}
            options.append(existing)
        existing.update(name=item["name"], raw_name=item["name"], value=item["value"])
        doc["custom_field_options"] = options
        doc["updated_at"] = iso(now())
        coll.store(call, doc)
        return Reply(status, {"custom_field_option": _option_doc(kind, doc["id"], existing)})

    def one(call: Call) -> tuple[dict[str, Any], dict[str, Any]]:
        doc = coll.load(call).doc()
        option_id = call.int_param("option_id")
        for option in doc.get("custom_field_options") or []:
            if option["id"] == option_id:
                return doc, option
        raise not_found()

    def show(call: Call) -> Reply:
        doc, option = one(call)
        return Reply(200, {"custom_field_option": _option_doc(kind, doc["id"], option)})

    def delete(call: Call) -> Reply:
        doc, option = one(call)
        doc["custom_field_options"] = [o for o in doc["custom_field_options"] if o is not option]
        coll.store(call, doc)
        return Reply(204)

    base = f"/{kind}/{{id}}/options"
    return [
        ("GET", base, listing),
        ("POST", base, upsert),
        ("GET", base + "/{option_id}", show),
        ("DELETE", base + "/{option_id}", delete),
    ]


def custom_field_kind(kind: str, singular: str) -> SandboxKind:
    """The sandbox definition of ``user_fields`` or ``organization_fields``."""
    coll = Collection(kind, singular, kind, _builder(kind), ordered=True, index=_key_index)

    def all_routes() -> list[Route]:
        return [
            ("PUT", f"/{kind}/reorder", reorder(kind, f"{singular}_ids")),
            *_option_handlers(coll),
            *routes(coll),
        ]

    return SandboxKind(coll, all_routes)
