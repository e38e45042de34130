"""The sandbox's user fields, organization fields and support addresses over loopback HTTP:
what Zendesk accepts, and each refusal it documents."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def _field(api: httpx.Client, kind: str, **body: Any) -> httpx.Response:
    return api.post(kind, json={kind[:-1]: body})


def _errors(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 422, reply.text
    assert reply.json()["error"] == "RecordInvalid"
    details: dict[str, Any] = reply.json()["details"]
    return details


@pytest.mark.parametrize("kind", ["user_fields", "organization_fields"])
def test_key_and_type_are_fixed_after_creation_and_keys_are_unique(
    api: httpx.Client, kind: str
) -> None:
    made = _field(api, kind, key="tier", title="Tier", type="text").json()[kind[:-1]]

    assert set(_errors(api.put(f"{kind}/{made['id']}", json={kind[:-1]: {"key": "t2"}}))) == {"key"}
    assert set(_errors(api.put(f"{kind}/{made['id']}", json={kind[:-1]: {"type": "date"}}))) == {
        "type"
    }
    assert "DuplicateValue" in str(_errors(_field(api, kind, key="tier", title="Again")))
    renamed = api.put(f"{kind}/{made['id']}", json={kind[:-1]: {"title": "Seller tier"}})
    assert renamed.json()[kind[:-1]]["raw_title"] == "Seller tier"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "No key"}, "key"),
        ({"key": "Bad Key", "title": "Bad"}, "key"),
        ({"key": "k", "title": "K", "type": "tagger"}, "type"),
        ({"key": "k", "title": "K", "type": "regexp"}, "regexp_for_validation"),
        ({"key": "k", "title": "K", "type": "dropdown"}, "custom_field_options"),
        ({"key": "k", "title": "K", "type": "lookup"}, "relationship_target_type"),
    ],
)
def test_a_field_zendesk_refuses_is_a_422_naming_it(
    api: httpx.Client, body: dict[str, Any], field: str
) -> None:
    assert field in _errors(_field(api, "user_fields", **body))


def test_dropdown_options_keep_ids_on_replace_and_upsert_one_at_a_time(api: httpx.Client) -> None:
    options = [{"name": "Gold", "value": "gold"}, {"name": "Silver", "value": "silver"}]
    made = _field(
        api, "user_fields", key="tier", title="Tier", type="dropdown", custom_field_options=options
    ).json()["user_field"]
    ids = {o["value"]: o["id"] for o in made["custom_field_options"]}

    swapped = api.put(
        f"user_fields/{made['id']}",
        json={
            "user_field": {"custom_field_options": [options[1], {"id": ids["gold"], **options[0]}]}
        },
    )
    assert [
        (o["value"], o["id"]) for o in swapped.json()["user_field"]["custom_field_options"]
    ] == [
        ("silver", ids["silver"]),
        ("gold", ids["gold"]),
    ]
    path = f"user_fields/{made['id']}/options"
    new = api.post(path, json={"custom_field_option": {"name": "Bronze", "value": "bronze"}})
    same = api.post(
        path, json={"custom_field_option": {"id": ids["gold"], "name": "Or", "value": "gold"}}
    )
    assert (new.status_code, same.status_code) == (201, 200)
    listed = api.get(path).json()["custom_field_options"]
    assert [o["name"] for o in listed] == ["Silver", "Or", "Bronze"]


def test_reorder_takes_every_id_in_order(api: httpx.Client) -> None:
    made = [
        _field(api, "organization_fields", key=k, title=k).json()["organization_field"]["id"]
        for k in ("a", "b", "c")
    ]
    reply = api.put(
        "organization_fields/reorder", json={"organization_field_ids": list(reversed(made))}
    )
    assert reply.status_code == 200
    listed = api.get("organization_fields").json()["organization_fields"]
    assert [f["key"] for f in listed] == ["c", "b", "a"]


def _brand(api: httpx.Client) -> int:
    reply = api.post("brands", json={"brand": {"name": "Kids", "subdomain": "kids"}})
    brand_id: int = reply.json()["brand"]["id"]
    return brand_id


def test_a_support_address_belongs_to_a_brand_and_keeps_its_email(api: httpx.Client) -> None:
    brand = _brand(api)
    body = {"email": "help@kids.zendesk.com", "brand_id": brand, "default": True}
    made = api.post("recipient_addresses", json={"recipient_address": body})
    assert made.status_code == 201, made.text
    address = made.json()["recipient_address"]
    assert (address["forwarding_status"], address["default"]) == ("verified", True)

    moved = {"recipient_address": {"email": "other@kids.zendesk.com"}}
    assert "email" in _errors(api.put(f"recipient_addresses/{address['id']}", json=moved))
    unknown = {"recipient_address": {"email": "x@kids.zendesk.com", "brand_id": 42}}
    assert "brand_id" in _errors(api.post("recipient_addresses", json=unknown))
    again = {"recipient_address": {"email": "HELP@kids.zendesk.com"}}
    assert "DuplicateValue" in str(_errors(api.post("recipient_addresses", json=again)))


def test_only_a_verified_address_is_the_default_and_one_per_brand(api: httpx.Client) -> None:
    brand = _brand(api)
    first = {"email": "help@kids.zendesk.com", "brand_id": brand, "default": True}
    first_id = api.post("recipient_addresses", json={"recipient_address": first}).json()[
        "recipient_address"
    ]["id"]
    external = {"email": "help@kids.example", "brand_id": brand, "default": True}
    assert "default" in _errors(
        api.post("recipient_addresses", json={"recipient_address": external})
    )

    body = {"recipient_address": {**external, "default": False}}
    made = api.post("recipient_addresses", json=body).json()["recipient_address"]
    assert made["forwarding_status"] == "unknown"
    assert (
        api.put(f"recipient_addresses/{made['id']}/verify", json={"type": "forwarding"}).status_code
        == 200
    )
    now_default = {"recipient_address": {"default": True}}
    assert api.put(f"recipient_addresses/{made['id']}", json=now_default).status_code == 200

    defaults = [
        a["id"]
        for a in api.get("recipient_addresses").json()["recipient_addresses"]
        if a["default"]
    ]
    assert defaults == [made["id"]] and first_id != made["id"]
