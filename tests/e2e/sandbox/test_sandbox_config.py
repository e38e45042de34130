"""Configuration kinds answer and validate as Zendesk does: 422 details, immutable field types,
system fields, option replacement, rule validation, categories, dynamic content."""

from __future__ import annotations

from typing import Any

import httpx

RULE = {
    "title": "Escalate",
    "conditions": {"all": [{"field": "priority", "operator": "is", "value": "urgent"}], "any": []},
    "actions": [{"field": "priority", "value": "high"}],
}


def _field(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {
        "type": "tagger",
        "title": "Fruit",
        "custom_field_options": [
            {"name": "Apple", "value": "apple"},
            {"name": "Pear", "value": "pear"},
        ],
        **extra,
    }
    reply = api.post("ticket_fields", json={"ticket_field": body})
    assert reply.status_code == 201, reply.text
    field: dict[str, Any] = reply.json()["ticket_field"]
    return field


def test_create_answers_201_with_location_and_missing_fields_get_422_details(
    api: httpx.Client,
) -> None:
    made = api.post("brands", json={"brand": {"name": "Acme", "subdomain": "acme"}})
    assert made.status_code == 201
    assert made.headers["location"] == made.json()["brand"]["url"]
    invalid = api.post("brands", json={"brand": {"host_mapping": "x"}})
    assert invalid.status_code == 422
    body = invalid.json()
    assert (body["error"], body["description"]) == ("RecordInvalid", "Record validation errors")
    assert set(body["details"]) == {"name", "subdomain"}
    assert body["details"]["name"][0]["error"] == "BlankValue"


def test_duplicate_group_names_are_refused(api: httpx.Client) -> None:
    api.post("groups", json={"group": {"name": "Tier 1"}}).raise_for_status()
    reply = api.post("groups", json={"group": {"name": "tier 1 "}})
    assert reply.json()["details"]["name"][0]["error"] == "DuplicateValue"


def test_missing_objects_are_404_and_deletes_are_204(api: httpx.Client) -> None:
    group = api.post("groups", json={"group": {"name": "Temp"}}).json()["group"]
    assert api.delete(f"groups/{group['id']}").status_code == 204
    for reply in (
        api.get(f"groups/{group['id']}"),
        api.put(f"groups/{group['id']}.json", json={"group": {"name": "x"}}),
        api.delete(f"groups/{group['id']}"),
    ):
        assert reply.status_code == 404
        assert reply.json() == {"error": "RecordNotFound", "description": "Not found"}


def test_ticket_field_type_cannot_change(api: httpx.Client) -> None:
    field = _field(api)
    reply = api.put(f"ticket_fields/{field['id']}", json={"ticket_field": {"type": "text"}})
    assert reply.status_code == 422
    assert "type" in reply.json()["details"]


def test_system_ticket_fields_exist_and_cannot_be_deleted(api: httpx.Client) -> None:
    fields = api.get("ticket_fields").json()["ticket_fields"]
    system = [f for f in fields if not f["removable"]]
    assert [f["type"] for f in fields[:7]] == [
        "subject",
        "description",
        "status",
        "tickettype",
        "priority",
        "group",
        "assignee",
    ]
    assert api.delete(f"ticket_fields/{system[0]['id']}").status_code == 403


def test_put_with_options_replaces_the_list_keeping_ids_by_value(api: httpx.Client) -> None:
    field = _field(api)
    apple_id = field["custom_field_options"][0]["id"]
    new = [{"name": "Green apple", "value": "apple"}, {"name": "Plum", "value": "plum"}]
    reply = api.put(
        f"ticket_fields/{field['id']}", json={"ticket_field": {"custom_field_options": new}}
    )
    options = reply.json()["ticket_field"]["custom_field_options"]
    assert [(o["name"], o["value"]) for o in options] == [
        ("Green apple", "apple"),
        ("Plum", "plum"),
    ]
    assert options[0]["id"] == apple_id
    listed = api.get(f"ticket_fields/{field['id']}/options").json()["custom_field_options"]
    assert [o["value"] for o in listed] == ["apple", "plum"]


def test_reorder_puts_listed_fields_first(api: httpx.Client) -> None:
    field = _field(api)
    api.put("ticket_fields/reorder", json={"ticket_field_ids": [field["id"]]}).raise_for_status()
    assert api.get("ticket_fields").json()["ticket_fields"][0]["id"] == field["id"]


def test_forms_refuse_unknown_field_ids(api: httpx.Client) -> None:
    reply = api.post("ticket_forms", json={"ticket_form": {"name": "F", "ticket_field_ids": [1]}})
    assert reply.status_code == 422
    assert reply.json()["details"]["ticket_field_ids"][0]["error"] == "InvalidValue"


def test_invalid_rule_fields_and_operators_get_422(api: httpx.Client) -> None:
    rule = {
        **RULE,
        "conditions": {
            "all": [{"field": "priority", "operator": "sounds_like", "value": "urgent"}]
        },
    }
    reply = api.post("triggers", json={"trigger": rule})
    assert reply.status_code == 422
    assert "conditions.all[0].operator" in reply.json()["details"]["base"][0]["description"]


def test_automations_need_a_time_based_condition(api: httpx.Client) -> None:
    reply = api.post("automations", json={"automation": RULE})
    assert reply.status_code == 422
    reasons = [d["description"] for d in reply.json()["details"]["conditions"]]
    assert any("time-based" in r for r in reasons)


def test_trigger_put_replaces_conditions_and_gets_the_default_category(api: httpx.Client) -> None:
    trigger = api.post("triggers", json={"trigger": RULE}).json()["trigger"]
    category = api.get("trigger_categories").json()["trigger_categories"][0]
    assert trigger["category_id"] == category["id"]
    assert isinstance(category["id"], str)
    new = {"all": [{"field": "status", "operator": "is", "value": "open"}]}
    updated = api.put(f"triggers/{trigger['id']}", json={"trigger": {"conditions": new}})
    assert updated.json()["trigger"]["conditions"] == {**new, "any": []}


def test_category_holding_triggers_cannot_be_deleted(api: httpx.Client) -> None:
    trigger = api.post("triggers", json={"trigger": RULE}).json()["trigger"]
    reply = api.delete(f"trigger_categories/{trigger['category_id']}")
    assert reply.status_code == 400
    assert reply.json()["errors"][0]["code"] == "TriggerCategoryNotEmpty"
    missing = api.patch("trigger_categories/1", json={"trigger_category": {"name": "x"}})
    assert missing.status_code == 404 and "errors" in missing.json()


def test_category_jobs_move_and_reorder_triggers(api: httpx.Client) -> None:
    trigger = api.post("triggers", json={"trigger": RULE}).json()["trigger"]
    new = api.post("trigger_categories", json={"trigger_category": {"name": "Routing"}}).json()
    items = {
        "triggers": [
            {"id": trigger["id"], "category_id": new["trigger_category"]["id"], "position": 1}
        ]
    }
    reply = api.post("trigger_categories/jobs", json={"job": {"action": "patch", "items": items}})
    assert reply.json()["job"]["status"] == "complete"
    moved = api.get(f"triggers/{trigger['id']}").json()["trigger"]
    assert moved["category_id"] == new["trigger_category"]["id"]


def test_update_many_and_destroy_many_rules(api: httpx.Client) -> None:
    ids = [
        api.post("macros", json={"macro": {"title": f"M{n}", "actions": RULE["actions"]}}).json()[
            "macro"
        ]["id"]
        for n in range(3)
    ]
    updates = [{"id": i, "position": 10 - n, "active": False} for n, i in enumerate(ids)]
    api.put("macros/update_many", json={"macros": updates}).raise_for_status()
    listed = api.get("macros", params={"active": "false"}).json()["macros"]
    assert [m["id"] for m in listed] == list(reversed(ids))
    assert (
        api.delete("macros/destroy_many", params={"ids": ",".join(map(str, ids))}).status_code
        == 204
    )
    assert api.get("macros").json()["macros"] == []


def test_dynamic_content_needs_a_default_locale_variant(api: httpx.Client) -> None:
    bad = {"name": "Hi", "default_locale_id": 1, "variants": [{"locale_id": 2, "content": "Hola"}]}
    assert api.post("dynamic_content/items", json={"item": bad}).status_code == 422
    good = {**bad, "variants": [{"locale_id": 1, "content": "Hi"}]}
    item = api.post("dynamic_content/items", json={"item": good}).json()["item"]
    assert item["placeholder"] == "{{dc.hi}}"
    variant = api.post(
        f"dynamic_content/items/{item['id']}/variants",
        json={"variant": {"locale_id": 2, "content": "Hola"}},
    )
    assert variant.status_code == 201
    listed = api.get(f"dynamic_content/items/{item['id']}/variants").json()["variants"]
    assert sorted(v["locale_id"] for v in listed) == [1, 2]


def test_definitions_list_the_accounts_custom_fields(api: httpx.Client) -> None:
    field = _field(api)
    actions = api.get("triggers/definitions").json()["definitions"]["actions"]
    assert f"custom_fields_{field['id']}" in [a["subject"] for a in actions]


def test_view_columns_keep_custom_fields_in_order(api: httpx.Client) -> None:
    field = _field(api)
    view = {
        "title": "Orders",
        "all": [{"field": "status", "operator": "less_than", "value": "solved"}],
        "output": {"columns": ["subject", field["id"], "requester"]},
    }
    execution = api.post("views", json={"view": view}).json()["view"]["execution"]
    assert [c["id"] for c in execution["columns"]] == ["subject", field["id"], "requester"]
    assert execution["custom_fields"][0]["title"] == "Fruit"
    assert [c["id"] for c in execution["fields"]] == ["subject", "requester"]


def test_a_variant_put_as_default_moves_the_items_default_locale(api: httpx.Client) -> None:
    body = {
        "name": "Bye",
        "default_locale_id": 1,
        "variants": [{"locale_id": 1, "content": "Bye"}, {"locale_id": 2, "content": "Adiós"}],
    }
    item = api.post("dynamic_content/items", json={"item": body}).json()["item"]
    spanish = next(v for v in item["variants"] if v["locale_id"] == 2)
    english = next(v for v in item["variants"] if v["locale_id"] == 1)
    base = f"dynamic_content/items/{item['id']}/variants"
    refused = api.put(f"{base}/{english['id']}", json={"variant": {"default": False}})
    assert refused.status_code == 422
    api.put(f"{base}/{spanish['id']}", json={"variant": {"default": True}}).raise_for_status()
    after = api.get(f"dynamic_content/items/{item['id']}").json()["item"]
    assert after["default_locale_id"] == 2
    assert {v["locale_id"]: v["default"] for v in after["variants"]} == {1: False, 2: True}


def test_brands_list_the_forms_offered_on_them(api: httpx.Client) -> None:
    brand = api.post("brands", json={"brand": {"name": "B", "subdomain": "b"}}).json()["brand"]
    everywhere = api.post("ticket_forms", json={"ticket_form": {"name": "All"}}).json()
    only_b = {"name": "Only B", "in_all_brands": False, "restricted_brand_ids": [brand["id"]]}
    restricted = api.post("ticket_forms", json={"ticket_form": only_b}).json()
    brands = {b["name"]: b["ticket_form_ids"] for b in api.get("brands").json()["brands"]}
    form_ids = [everywhere["ticket_form"]["id"], restricted["ticket_form"]["id"]]
    assert brands["B"] == form_ids
    assert brands["default"] == form_ids[:1]


def test_rules_naming_missing_objects_or_options_are_refused(api: httpx.Client) -> None:
    field = _field(api)
    actions = [
        {"field": "group_id", "value": "1234"},
        {"field": f"custom_fields_{field['id']}", "value": "banana"},
        {"field": "custom_fields_42", "value": "x"},
    ]
    reply = api.post("macros", json={"macro": {"title": "Refs", "actions": actions}})
    reasons = [d["description"] for d in reply.json()["details"]["base"]]
    assert reply.status_code == 422
    assert any("actions[0].value: group_id 1234 does not exist" in r for r in reasons)
    assert any("actions[1].value: 'banana' is not an option" in r for r in reasons)
    assert any("actions[2].field" in r for r in reasons)


def test_rules_naming_existing_objects_and_options_are_accepted(api: httpx.Client) -> None:
    field = _field(api)
    group = api.post("groups", json={"group": {"name": "Billing"}}).json()["group"]
    actions = [
        {"field": "group_id", "value": str(group["id"])},
        {"field": f"custom_fields_{field['id']}", "value": "pear"},
    ]
    reply = api.post("macros", json={"macro": {"title": "Refs", "actions": actions}})
    assert reply.status_code == 201, reply.text
