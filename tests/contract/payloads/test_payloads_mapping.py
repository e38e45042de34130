"""Payload mapping rules on a small synthetic account: names, markers, duplicates, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpctl.errors import HelpctlError
from helpctl.zendesk.payloads import MARKER, NameIndex, UnresolvedName, from_zendesk, to_zendesk

ACCOUNT = Path(__file__).resolve().parents[2] / "fixtures" / "resources" / "payload_account.json"


@pytest.fixture
def account() -> dict[str, list[dict[str, Any]]]:
    doc: dict[str, list[dict[str, Any]]] = json.loads(ACCOUNT.read_text())
    return doc


@pytest.fixture
def index(account: dict[str, list[dict[str, Any]]]) -> NameIndex:
    return NameIndex.from_lists(account)


def test_rule_ids_read_as_names_and_unknown_ids_stay(account: Any, index: NameIndex) -> None:
    attrs = from_zendesk("triggers", account["triggers"][0], index).attrs
    assert attrs["category"] == "Notifications"
    fields = [c["field"] for c in attrs["conditions"]["all"]]
    assert fields == ["custom_fields.{{dc.contact_reason}}", "brand_id", "organization_id"]
    assert [c["value"] for c in attrs["conditions"]["all"]][1:] == ["Acme Argentina", "777"]
    assert [a["value"] for a in attrs["actions"]] == [
        "Tier 2",
        "ana@example.com",
        ["Tier 1", "Subject", "Body"],
    ]


def test_names_write_back_as_the_recorded_ids(account: Any, index: NameIndex) -> None:
    trigger = account["triggers"][0]
    body = to_zendesk("triggers", from_zendesk("triggers", trigger, index).attrs, index)
    assert body["conditions"] == trigger["conditions"]
    assert body["actions"] == trigger["actions"]
    assert body["category_id"] == "51"
    assert "position" not in body and "id" not in body


def test_raw_values_with_placeholders_are_what_the_user_wrote(
    account: Any, index: NameIndex
) -> None:
    field = from_zendesk("ticket_fields", account["ticket_fields"][1], index)
    assert field.attrs["title"] == "{{dc.contact_reason}}"
    assert field.attrs["options"] == [
        {"name": "Password reset", "value": "reason_password"},
        {"name": "Payment problem", "value": "reason_payment", "default": True},
    ]


def test_form_conditions_read_as_titles_and_statuses(account: Any, index: NameIndex) -> None:
    attrs = from_zendesk("ticket_forms", account["ticket_forms"][0], index).attrs
    assert attrs["brands"] == ["Acme Argentina"]
    assert attrs["conditions"]["agent"] == [
        {
            "when": {"VIP": True},
            "show": ["Order number", "{{dc.contact_reason}}"],
            "require": ["Order number", "{{dc.contact_reason}}"],
            "required_on_statuses": {"Order number": ["solved"]},
        }
    ]
    body = to_zendesk("ticket_forms", attrs, index)
    assert body["restricted_brand_ids"] == [11] and body["in_all_brands"] is False
    assert body["end_user_conditions"] == account["ticket_forms"][0]["end_user_conditions"]
    assert from_zendesk("ticket_forms", {"id": 41, **body}, index).attrs == attrs


def test_marker_is_added_on_create_and_read_as_managed(index: NameIndex) -> None:
    attrs = {"title": "New", "conditions": {"all": [], "any": []}, "actions": []}
    body = to_zendesk("triggers", attrs, index, mark=True)
    assert body["description"] == MARKER
    live = from_zendesk("triggers", {"id": 99, **body}, index)
    assert live.managed and live.attrs.get("description") is None


def test_marker_keeps_the_user_description(account: Any, index: NameIndex) -> None:
    group = from_zendesk("groups", account["groups"][1], index)
    assert group.managed and group.attrs["description"] == "Escalations"
    body = to_zendesk("groups", group.attrs, index, mark=True)
    assert body["description"] == f"Escalations\n\n{MARKER}"
    assert from_zendesk("groups", {"id": 22, **body}, index).attrs == group.attrs


def test_ticket_fields_carry_the_marker_in_the_agent_description(index: NameIndex) -> None:
    body = to_zendesk("ticket_fields", {"title": "T", "description": "Shown"}, index, mark=True)
    assert body["description"] == "Shown" and body["agent_description"] == MARKER


def test_kinds_without_a_text_field_are_never_marked(account: Any, index: NameIndex) -> None:
    body = to_zendesk("brands", {"name": "B", "subdomain": "b"}, index, mark=True)
    assert body == {"name": "B", "subdomain": "b"}
    assert not from_zendesk("brands", account["brands"][0], index).managed


def test_unknown_name_on_the_way_out_names_object_and_reference(index: NameIndex) -> None:
    attrs = {"title": "Escalate", "actions": [{"field": "group_id", "value": "Tier 9"}]}
    with pytest.raises(UnresolvedName) as err:
        to_zendesk("macros", attrs, index)
    assert isinstance(err.value, HelpctlError)
    assert "macros[Escalate]" in str(err.value) and "`Tier 9`" in str(err.value)


def test_objects_created_during_an_apply_resolve_once_added(index: NameIndex) -> None:
    attrs = {"title": "M", "actions": [{"field": "group_id", "value": "Tier 3"}]}
    index.add("groups", 23, "Tier 3")
    assert to_zendesk("macros", attrs, index)["actions"] == [{"field": "group_id", "value": "23"}]


def test_a_renamed_object_no_longer_answers_to_its_old_name(index: NameIndex) -> None:
    index.add("groups", 21, "First line")
    assert index.id_of("groups", "First line") == 21
    assert index.id_of("groups", "Tier 1") is None


def test_duplicate_names_do_not_depend_on_the_order_they_arrive() -> None:
    forward, backward = NameIndex(), NameIndex()
    for obj_id in (5, 900):
        forward.add("views", obj_id, "Open")
    for obj_id in (900, 5):
        backward.add("views", obj_id, "Open")
    for index in (forward, backward):
        assert index.name_of("views", 5) == "Open"
        assert index.name_of("views", 900) == "Open (#900)"


def test_dynamic_content_unknown_locale_is_an_unresolved_name(index: NameIndex) -> None:
    attrs = {"name": "x", "default_locale": "pt-BR", "variants": {"pt-BR": "Olá"}}
    with pytest.raises(UnresolvedName, match="locales `pt-BR`"):
        to_zendesk("dynamic_content", attrs, index)


def test_system_fields_are_system_and_keep_no_options(account: Any, index: NameIndex) -> None:
    subject = from_zendesk("ticket_fields", account["ticket_fields"][0], index)
    assert subject.system and "options" not in subject.attrs


def test_an_object_registered_from_a_create_reply_is_named_as_entered(index: NameIndex) -> None:
    created = {"id": 35, "type": "text", "title": "Rendered", "raw_title": "{{dc.order_ref}}"}
    index.register("ticket_fields", created)
    attrs = {"title": "M", "actions": [{"field": "custom_fields.{{dc.order_ref}}", "value": "x"}]}
    body = to_zendesk("macros", attrs, index)
    assert body["actions"] == [{"field": "custom_fields_35", "value": "x"}]
    assert from_zendesk("ticket_fields", created, index).key == "{{dc.order_ref}}"
