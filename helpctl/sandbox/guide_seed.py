"""What a new account's help center holds, as a fresh Zendesk account's does: the two built-in
user segments and the built-in "Admins" permission group (shapes from the recorded replies)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.store import URL_MARK, Store

__all__ = ["seed_guide"]


def seed_guide(store: Store, account: str, ts: str) -> None:
    """Store the built-in segments and permission group of ``account`` (inside its creation)."""
    for name, user_type in (("Signed-in users", "signed_in_users"), ("Agents and admins", "staff")):
        seg_id = store.new_id()
        doc: dict[str, Any] = {
            "id": seg_id,
            "user_type": user_type,
            "group_ids": [],
            "organization_ids": [],
            "tags": [],
            "or_tags": [],
            "created_at": ts,
            "updated_at": ts,
            "built_in": True,
            "added_user_ids": [],
            "name": name,
        }
        store.put(account, "help_center/user_segments", seg_id, doc, lookup=name.lower())
    group_id = store.new_id()
    group = {
        "url": f"{URL_MARK}guide/permission_groups/{group_id}.json",
        "id": group_id,
        "name": "Admins",
        "built_in": True,
        "publish": [],
        "created_at": ts,
        "updated_at": ts,
        "edit": [],
    }
    store.put(account, "guide/permission_groups", group_id, group, lookup="admins")
