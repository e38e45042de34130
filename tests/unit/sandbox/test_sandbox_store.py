"""The SQLite store: indexed lookups, per-account ticket numbers, jobs and persistence."""

from __future__ import annotations

from pathlib import Path

from helpctl.sandbox.seed import create_account
from helpctl.sandbox.store import FIRST_ID, Store


def test_objects_are_found_by_their_indexed_columns() -> None:
    store = Store()
    store.put("a", "tickets", 1, {"id": 1}, ext="legacy-1")
    store.put("a", "tickets", 2, {"id": 2}, ext="legacy-2")
    store.put("b", "tickets", 1, {"id": 1}, ext="legacy-1")
    assert [r.id for r in store.find("a", "tickets", "ext", "legacy-2")] == [2]
    assert store.count("a", "tickets") == 2


def test_ticket_numbers_are_per_account_and_sequential() -> None:
    store = Store()
    create_account(store, "a")
    create_account(store, "b")
    assert store.next_ticket_ids("a", 3) == [1, 2, 3]
    assert store.next_ticket_ids("a", 1) == [4]
    assert store.next_ticket_ids("b", 1) == [1]


def test_ids_continue_after_reopening_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    first = Store(path)
    taken = first.new_id()
    first.put("a", "groups", taken, {"id": taken})
    first.close()
    again = Store(path)
    assert taken >= FIRST_ID
    assert again.new_id() > taken
    assert again.get("a", "groups", taken) is not None


def test_a_job_counts_its_polls() -> None:
    store = Store()
    store.put_job("a", "V3-1", {"status": "completed"}, 0.0)
    assert store.poll_job("a", "V3-1") == ({"status": "completed"}, 0, 0.0)
    assert store.poll_job("a", "V3-1") == ({"status": "completed"}, 1, 0.0)
    assert store.poll_job("a", "V3-2") is None


def test_a_new_account_has_credentials_system_fields_and_a_category() -> None:
    store = Store()
    account = create_account(store, "acme", email="me@acme.test", token="t")
    assert (account.email, account.token) == ("me@acme.test", "t")
    assert store.count("acme", "ticket_fields") == 7
    assert store.count("acme", "trigger_categories") == 1
    assert store.count("acme", "brands") == 1
    assert store.account("acme") == account


def test_ids_of_deleted_objects_are_not_reused_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    first = Store(path)
    newest = first.new_id()
    first.put("a", "groups", newest, {"id": newest})
    first.delete("a", "groups", [newest])
    first.close()
    assert Store(path).new_id() > newest
