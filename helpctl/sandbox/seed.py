"""What a new account holds before anyone touches it, as a fresh Zendesk account does: an admin
user with an API token, the default brand, the system ticket fields, the default trigger
category, the built-in custom statuses and the account's locales."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from helpctl.sandbox.crud import now
from helpctl.sandbox.guide_seed import seed_guide
from helpctl.sandbox.replies import iso
from helpctl.sandbox.store import URL_MARK, Account, Store

__all__ = ["LOCALES", "create_account", "locale_docs"]

#: (id, locale, name, native name, right-to-left) of the locales every sandbox account offers.
LOCALES: tuple[tuple[int, str, str, str, bool], ...] = (
    (1, "en-US", "English", "English (United States)", False),
    (2, "es", "Español", "español", False),
    (8, "de", "Deutsch", "Deutsch", False),
    (16, "fr", "Français", "français", False),
    (30, "he", "עִבְרִית (Hebrew)", "עברית", True),
    (1176, "en-gb", "English (United Kingdom)", "English (United Kingdom)", False),
    # the languages of the configs/ example fleet (ids not checked against a real account)
    (19, "pt-BR", "Português (Brasil)", "português (Brasil)", False),
    (27, "ru", "Русский", "русский", False),
    (1173, "uk", "Українська", "українська", False),
    (1005, "hi", "हिन्दी", "हिन्दी", False),
)

_STATUS = [("Open", "open"), ("Pending", "pending"), ("Solved", "solved")]
_TYPES = [
    ("Question", "question"),
    ("Incident", "incident"),
    ("Problem", "problem"),
    ("Task", "task"),
]
_PRIORITIES = [("Low", "low"), ("Normal", "normal"), ("High", "high"), ("Urgent", "urgent")]

#: (type, title, description, removable, visible/editable/required in portal, options)
_SYSTEM_FIELDS: tuple[tuple[str, str, str, bool, tuple[bool, bool, bool], Any], ...] = (
    ("subject", "Subject", "", False, (True, True, True), None),
    (
        "description",
        "Description",
        "Please enter the details of your request.",
        False,
        (True, True, True),
        None,
    ),
    ("status", "Status", "Request status", False, (False, False, False), _STATUS),
    ("tickettype", "Type", "Request type", True, (False, False, False), _TYPES),
    ("priority", "Priority", "Request priority", True, (True, False, False), _PRIORITIES),
    ("group", "Group", "Request group", False, (False, False, False), None),
    ("assignee", "Assignee", "Agent assigned to your request", False, (True, False, False), None),
)


def locale_docs() -> list[dict[str, Any]]:
    return [
        {
            "url": f"{URL_MARK}locales/{code}.json",
            "id": lid,
            "locale": code,
            "name": name,
            "native_name": native,
            "presentation_name": f"{name} - {native}" if name != native else name,
            "rtl": rtl,
            "created_at": "2009-02-07T15:08:57Z",
            "updated_at": "2024-01-01T00:00:00Z",
            "default": lid == 1,
        }
        for lid, code, name, native, rtl in LOCALES
    ]


def _system_field(store: Store, position: int, spec: Any, ts: str) -> dict[str, Any]:
    kind, title, description, removable, portal, options = spec
    fid = store.new_id()
    doc: dict[str, Any] = {
        "url": f"{URL_MARK}ticket_fields/{fid}.json",
        "id": fid,
        "type": kind,
        "title": title,
        "raw_title": title,
        "description": description,
        "raw_description": description,
        "position": position,
        "active": True,
        "required": kind == "assignee",
        "collapsed_for_agents": False,
        "regexp_for_validation": None,
        "title_in_portal": title,
        "raw_title_in_portal": title,
        "visible_in_portal": portal[0],
        "editable_in_portal": portal[1],
        "required_in_portal": portal[2],
        "tag": None,
        "created_at": ts,
        "updated_at": ts,
        "removable": removable,
        "key": None,
        "agent_description": None,
    }
    if options:
        doc["system_field_options"] = [{"name": n, "value": v} for n, v in options]
    if kind in ("status", "priority"):
        doc["sub_type_id"] = 0
    return doc


def admin_user(user_id: int, email: str, ts: str) -> dict[str, Any]:
    from helpctl.sandbox.users_api import user_doc

    return user_doc(
        user_id, {"name": "Sandbox Admin", "email": email, "role": "admin", "verified": True}, ts
    )


def create_account(
    store: Store, name: str, *, email: str | None = None, token: str | None = None
) -> Account:
    """Create an account with its default objects; the token is random unless given."""
    ts = iso(now())
    email = email or f"admin@{name}.sandbox.test"
    token = token or secrets.token_hex(20)
    account_id = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    user_id = store.new_id()
    account = Account(name, account_id, email, token, user_id)
    with store.tx():
        store.add_account(account)
        store.put(name, "users", user_id, admin_user(user_id, email, ts), lookup=email.lower())
        brand_id = store.new_id()
        store.put(name, "brands", brand_id, _brand(brand_id, name, ts), lookup=name.lower())
        for position, spec in enumerate(_SYSTEM_FIELDS, start=1):
            doc = _system_field(store, position, spec, ts)
            store.put(name, "ticket_fields", doc["id"], doc, position=position)
        cat_id = store.new_id()
        store.put(
            name,
            "trigger_categories",
            cat_id,
            _category(cat_id, ts),
            position=1,
            lookup="notifications",
        )
        for category, (agent, end_user, text) in _SYSTEM_STATUSES.items():
            status_id = store.new_id()
            doc = _status(status_id, category, agent, end_user, text, ts)
            store.put(name, "custom_statuses", status_id, doc, lookup=agent.lower())
        seed_guide(store, name, ts)
    return account


#: The built-in custom status of each category: (agent label, end-user label, description).
_SYSTEM_STATUSES = {
    "new": ("New", "Open", "Ticket is awaiting assignment to an agent"),
    "open": ("Open", "Open", "Staff is working on the ticket"),
    "pending": ("Pending", "Awaiting your reply", "Staff is waiting for the requester to reply"),
    "hold": ("On-hold", "Open", "Staff is waiting for a third party"),
    "solved": ("Solved", "Solved", "The ticket has been solved"),
}


def _status(
    status_id: int, category: str, agent: str, end_user: str, text: str, ts: str
) -> dict[str, Any]:
    key = f"status_{category}"
    return {
        "url": f"{URL_MARK}custom_statuses/{status_id}.json",
        "id": status_id,
        "status_category": category,
        "agent_label": agent,
        "raw_agent_label": "{{zd." + key + "}}",
        "end_user_label": end_user,
        "raw_end_user_label": "{{zd.status_end_user_" + category + "}}",
        "description": text,
        "raw_description": "{{zd." + key + "_description}}",
        "end_user_description": "We are working on a response for you",
        "raw_end_user_description": "{{zd.status_end_user_" + category + "_description}}",
        "active": True,
        "default": True,
        "created_at": ts,
        "updated_at": ts,
    }


def _brand(brand_id: int, name: str, ts: str) -> dict[str, Any]:
    return {
        "url": f"{URL_MARK}brands/{brand_id}.json",
        "id": brand_id,
        "name": name,
        "brand_url": f"https://{name}.zendesk.com",
        "subdomain": name,
        "host_mapping": None,
        "has_help_center": False,
        "help_center_state": "disabled",
        "active": True,
        "default": True,
        "is_deleted": False,
        "logo": None,
        "ticket_form_ids": [],
        "signature_template": "{{agent.signature}}",
        "created_at": ts,
        "updated_at": ts,
    }


def _category(cat_id: int, ts: str) -> dict[str, Any]:
    return {
        "url": f"{URL_MARK}trigger_categories/{cat_id}.json",
        "id": str(cat_id),
        "name": "Notifications",
        "position": 1,
        "created_at": ts,
        "updated_at": ts,
    }
