"""Organizations: show_many by ids and external_ids, search by exact name or external_id, and
rules that name an organization must name an existing one by id, as Zendesk checks."""

from __future__ import annotations

from typing import Any

import httpx


def _org(api: httpx.Client, name: str, external_id: str | None = None) -> dict[str, Any]:
    body = {"organization": {"name": name, "external_id": external_id}}
    reply = api.post("organizations", json=body)
    assert reply.status_code == 201, reply.text
    return dict(reply.json()["organization"])


def _view(value: Any) -> dict[str, Any]:
    return {
        "view": {
            "title": "Not from Acme",
            "conditions": {
                "all": [{"field": "status", "operator": "less_than", "value": "solved"}],
                "any": [{"field": "organization_id", "operator": "is_not", "value": value}],
            },
        }
    }


def test_show_many_answers_the_organizations_asked_and_leaves_unknown_ids_out(
    api: httpx.Client,
) -> None:
    acme, globex = _org(api, "Acme", "crm-acme"), _org(api, "Globex")
    _org(api, "Initech")

    reply = api.get(
        "organizations/show_many", params={"ids": f"{acme['id']},999999,{globex['id']}"}
    )
    by_ext = api.get("organizations/show_many", params={"external_ids": "CRM-ACME,missing"})

    assert reply.status_code == 200
    assert sorted(o["name"] for o in reply.json()["organizations"]) == ["Acme", "Globex"]
    assert [o["id"] for o in by_ext.json()["organizations"]] == [acme["id"]]


def test_show_many_refuses_more_than_100_ids(api: httpx.Client) -> None:
    ids = ",".join(str(n) for n in range(1, 102))
    assert api.get("organizations/show_many", params={"ids": ids}).status_code == 400


def test_search_by_name_is_exact_and_ignores_case(api: httpx.Client) -> None:
    acme = _org(api, "Acme Corp")
    _org(api, "Acme Corporation")

    exact = api.get("organizations/search", params={"name": "acme corp"}).json()
    by_ext = api.get("organizations/search", params={"external_id": "nobody"}).json()

    assert [o["id"] for o in exact["organizations"]] == [acme["id"]]
    assert exact["count"] == 1 and exact["next_page"] is None  # offset-style envelope
    assert by_ext["organizations"] == []


def test_search_takes_name_or_external_id_but_not_both(api: httpx.Client) -> None:
    both = api.get("organizations/search", params={"name": "a", "external_id": "b"})
    neither = api.get("organizations/search")
    assert (both.status_code, neither.status_code) == (400, 400)


def test_a_rule_naming_an_existing_organization_by_id_is_taken(api: httpx.Client) -> None:
    acme = _org(api, "Acme")
    reply = api.post("views", json=_view(str(acme["id"])))
    assert reply.status_code == 201, reply.text


def test_a_rule_naming_an_unknown_organization_id_is_refused(api: httpx.Client) -> None:
    reply = api.post("views", json=_view("1900025376085"))
    assert reply.status_code == 422
    assert "organization_id 1900025376085 does not exist" in reply.text


def test_a_rule_naming_an_organization_by_its_name_is_refused(api: httpx.Client) -> None:
    _org(api, "Acme")
    reply = api.post("views", json=_view("Acme"))
    assert reply.status_code == 422, "Zendesk takes an organization's id, never its name"
