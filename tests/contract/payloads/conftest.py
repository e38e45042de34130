"""Recorded Zendesk replies for payload contract tests, grouped by helpctl kind."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from zendesk_recordings import library_objects, writable_view

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
    "schedules": ("/api/v2/business_hours/schedules", "schedules"),
    "sla_policies": ("/api/v2/slas/policies", "sla_policies"),
    "custom_statuses": ("/api/v2/custom_statuses", "custom_statuses"),
    "webhooks": ("/api/v2/webhooks", "webhooks"),
    "user_fields": ("/api/v2/user_fields", "user_fields"),
    "organization_fields": ("/api/v2/organization_fields", "organization_fields"),
    "support_addresses": ("/api/v2/recipient_addresses", "recipient_addresses"),
    "locales": ("/api/v2/locales", "locales"),
    "users": ("/api/v2/users", "users"),
    "user_segments": ("/api/v2/help_center/user_segments", "user_segments"),
    "permission_groups": ("/api/v2/guide/permission_groups", "permission_groups"),
    "hc_categories": ("/api/v2/help_center/categories", "categories"),
    "hc_sections": ("/api/v2/help_center/sections", "sections"),
    "hc_articles": ("/api/v2/help_center/categories/7243705734931/articles", "articles"),
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
