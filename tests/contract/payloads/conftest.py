"""Recorded Zendesk replies for payload contract tests, grouped by helpctl kind."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpctl.resources import KINDS
from helpctl.zendesk.payloads import NameIndex

SALTO = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"
#: List endpoint and envelope key of each kind.
LIST_URLS = {
    "brands": ("/api/v2/brands", "brands"),
    "groups": ("/api/v2/groups", "groups"),
    "ticket_fields": ("/api/v2/ticket_fields", "ticket_fields"),
    "ticket_forms": ("/api/v2/ticket_forms", "ticket_forms"),
    "dynamic_content": ("/api/v2/dynamic_content/items", "items"),
    "trigger_categories": ("/api/v2/trigger_categories", "trigger_categories"),
    "triggers": ("/api/v2/triggers", "triggers"),
    "automations": ("/api/v2/automations", "automations"),
    "macros": ("/api/v2/macros", "macros"),
    "views": ("/api/v2/views", "views"),
    "locales": ("/api/v2/locales", "locales"),
    "users": ("/api/v2/users", "users"),
}
#: Envelope keys (plural, singular) per kind in the go-zendesk / zendesk-go fixtures.
ENVELOPES = {
    kind: (plural, KINDS[kind].singular) for kind, (_, plural) in LIST_URLS.items() if kind in KINDS
}


def _salto_lists(zendesk_fixtures: Path) -> dict[str, list[dict[str, Any]]]:
    recording = json.loads((zendesk_fixtures / SALTO).read_text())
    lists: dict[str, list[dict[str, Any]]] = {}
    for kind, (url, key) in LIST_URLS.items():
        # Several replies may share a URL (a second, empty page); every object counts once.
        for reply in recording:
            if reply["url"] == url:
                lists.setdefault(kind, []).extend(reply["response"][key])
    return lists


@pytest.fixture(scope="session")
def salto_lists(zendesk_fixtures: Path) -> dict[str, list[dict[str, Any]]]:
    return _salto_lists(zendesk_fixtures)


@pytest.fixture(scope="session")
def salto_index(salto_lists: dict[str, list[dict[str, Any]]]) -> NameIndex:
    return NameIndex.from_lists(salto_lists)


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


@pytest.fixture(scope="session")
def library_index(zendesk_fixtures: Path) -> NameIndex:
    """Names of every object in the go-zendesk and zendesk-go fixtures, plus their locales."""
    lists: dict[str, list[dict[str, Any]]] = {}
    for lib in ("go-zendesk", "zendesk-go"):
        for _, kind, obj in library_objects(zendesk_fixtures / lib):
            lists.setdefault(kind, []).append(obj)
    locales = json.loads((zendesk_fixtures / "go-zendesk/fixture/GET/locales.json").read_text())
    lists["locales"] = locales["locales"]
    return NameIndex.from_lists(lists)


@pytest.fixture(scope="session")
def writable() -> Callable[[str, dict[str, Any]], dict[str, Any]]:
    """The writable view of a recorded object, in the shape ``to_zendesk`` sends."""
    return writable_view


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
