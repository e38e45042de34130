"""Reading the recorded replies of client libraries (go-zendesk, zendesk-go) by helpctl kind,
and the writable view of a recorded object that ``to_zendesk`` must reproduce."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from helpctl.zendesk.kinds import ZENDESK_KINDS

#: Envelope keys (plural, singular) per kind, as Zendesk names them.
ENVELOPES = {
    kind: (entry.endpoint.plural, entry.endpoint.singular) for kind, entry in ZENDESK_KINDS.items()
}


def _objects_in(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    doc = json.loads(path.read_text())
    if not isinstance(doc, dict):
        return
    for kind, (plural, singular) in ENVELOPES.items():
        if isinstance(doc.get(plural), list):
            for obj in doc[plural]:
                yield kind, obj
        elif isinstance(doc.get(singular), dict):
            yield kind, doc[singular]


def library_objects(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(file, kind, object) for every object of a supported kind in a fixture folder."""
    found = []
    for path in sorted(root.rglob("*.json")):
        for kind, obj in _objects_in(path):
            found.append((str(path.relative_to(root)), kind, obj))
    return found


def _raw_or(obj: dict[str, Any], key: str) -> Any:
    raw = obj.get(f"raw_{key}")
    return raw if isinstance(raw, str) and "{{dc." in raw else obj.get(key)


def _option(opt: dict[str, Any]) -> dict[str, Any]:
    out = {"name": _raw_or(opt, "name"), "value": opt["value"]}
    if "id" in opt:
        out["id"] = opt["id"]
    if opt.get("default"):
        out["default"] = True
    return out


def _child(child: dict[str, Any]) -> dict[str, Any]:
    out = {"id": child["id"], "is_required": bool(child.get("is_required"))}
    ros = child.get("required_on_statuses") or {}
    if ros.get("type") == "SOME_STATUSES":
        out["required_on_statuses"] = ros
    return out


def _condition(cond: dict[str, Any]) -> dict[str, Any]:
    return {**cond, "child_fields": [_child(c) for c in cond.get("child_fields") or []]}


def writable_view(kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    out = {key: _raw_or(obj, key) for key in obj}
    if "custom_field_options" in obj:
        out["custom_field_options"] = [_option(o) for o in obj["custom_field_options"] or []]
    if kind == "dynamic_content":
        out["variants"] = [
            {"locale_id": v["locale_id"], "content": v["content"], "default": bool(v["default"])}
            for v in obj.get("variants") or []
        ]
    for key in ("agent_conditions", "end_user_conditions"):
        if key in obj:
            out[key] = [_condition(c) for c in obj[key] or []]
    if "conditions" in obj:
        conditions = obj["conditions"] or {}
        out["conditions"] = {"all": conditions.get("all") or [], "any": conditions.get("any") or []}
    return out
