"""Users: create_or_update by email or external_id, lookups, soft delete."""

from __future__ import annotations

import httpx


def test_create_or_update_answers_201_then_200_for_the_same_person(api: httpx.Client) -> None:
    body = {"user": {"name": "Ann", "email": "ann@example.com", "external_id": "crm-1"}}
    created = api.post("users/create_or_update", json=body)
    again = api.post(
        "users/create_or_update", json={"user": {"name": "Ann B", "email": "ANN@example.com"}}
    )
    assert (created.status_code, again.status_code) == (201, 200)
    assert again.json()["user"]["id"] == created.json()["user"]["id"]
    assert again.json()["user"]["name"] == "Ann B"


def test_users_are_found_by_external_id_and_email(api: httpx.Client) -> None:
    user = {"name": "Bo", "email": "bo@example.com", "external_id": "crm-2"}
    made = api.post("users", json={"user": user}).json()["user"]
    by_ext = api.get("users/search", params={"external_id": "CRM-2"}).json()["users"]
    by_email = api.get("users/search", params={"query": "email:bo@example.com"}).json()["users"]
    many = api.get("users/show_many", params={"external_ids": "crm-2,missing"}).json()["users"]
    assert [u["id"] for u in by_ext + by_email + many] == [made["id"]] * 3


def test_duplicate_emails_are_refused(api: httpx.Client) -> None:
    api.post("users", json={"user": {"name": "A", "email": "a@example.com"}}).raise_for_status()
    reply = api.post("users", json={"user": {"name": "B", "email": "a@example.com"}})
    assert reply.json()["details"]["email"][0]["error"] == "DuplicateValue"


def test_deleting_a_user_answers_200_with_the_inactive_user(api: httpx.Client) -> None:
    made = api.post("users", json={"user": {"name": "Gone"}}).json()["user"]
    reply = api.delete(f"users/{made['id']}")
    assert reply.status_code == 200
    assert reply.json()["user"]["active"] is False
    assert api.get(f"users/{made['id']}").status_code == 404


def test_the_token_owner_is_an_admin_who_cannot_delete_themselves(api: httpx.Client) -> None:
    me = api.get("users/me").json()["user"]
    assert me["role"] == "admin"
    assert api.delete(f"users/{me['id']}").status_code == 403
