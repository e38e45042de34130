"""An account's rule engine, built from what the sandbox stores: its directory (users, groups,
brands, fields, forms, dynamic content, locales) and its triggers, automations, views and macros
in Zendesk's API shape, compiled once and rebuilt only after one of those kinds was written.

Also the two translations the engine needs: a stored ticket document as a
:class:`helpctl.rules.Ticket`, and a rule change back onto the document.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from helpctl.rules import Brand, Directory, DynamicItem, Engine, FieldInfo, Group, Ticket, User
from helpctl.rules.engine import ENGINE_KINDS
from helpctl.rules.model import Organization
from helpctl.sandbox.replies import Call, parse_time
from helpctl.sandbox.seed import LOCALES
from helpctl.sandbox.store import Store

__all__ = ["VIA_IDS", "account_engine", "apply_to_doc", "as_datetime", "ticket_of", "user_of"]

#: The kinds an engine is built from: a write to any of them rebuilds it.
_SOURCES = (
    "users",
    "groups",
    "brands",
    "organizations",
    "ticket_fields",
    "ticket_forms",
    "dynamic_content/items",
    *ENGINE_KINDS,
)
#: ``via.channel`` → ``via_id`` (reference part 2 §8: 0 web form, 4 email, 5 web service…).
VIA_IDS = {"web": 0, "email": 4, "api": 5, "chat": 29, "twitter": 30, "voice": 34, "rule": 8}
_LOCALE_CODES = {lid: code for lid, code, *_ in LOCALES}

_cache: dict[tuple[int, str], tuple[tuple[int, ...], Engine]] = {}
_lock = threading.Lock()


def as_datetime(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


def user_of(doc: dict[str, Any]) -> User:
    locale_id = doc.get("locale_id")
    return User(
        id=int(doc["id"]),
        name=str(doc.get("name") or ""),
        email=str(doc.get("email") or ""),
        locale=str(doc.get("locale") or _LOCALE_CODES.get(locale_id or 1, "en-US")),
        locale_id=locale_id if isinstance(locale_id, int) else None,
        role=str(doc.get("role") or "end-user"),
        time_zone=str(doc.get("time_zone") or ""),
        organization_id=doc.get("organization_id"),
        user_fields=dict(doc.get("user_fields") or {}),
    )


def _docs(store: Store, account: str, kind: str) -> list[dict[str, Any]]:
    return [r.doc() for r in store.select(account, kind, order="position, id")]


def _field(doc: dict[str, Any]) -> FieldInfo:
    options = doc.get("custom_field_options") or []
    return FieldInfo(
        int(doc["id"]),
        str(doc.get("title") or ""),
        str(doc.get("type") or "text"),
        {str(o.get("value")): str(o.get("name")) for o in options},
        {str(o.get("id")): str(o.get("value")) for o in options},
        tag=doc.get("tag"),
    )


def _dynamic(doc: dict[str, Any]) -> DynamicItem:
    variants = {
        _LOCALE_CODES.get(v.get("locale_id"), str(v.get("locale_id"))): str(v.get("content") or "")
        for v in doc.get("variants") or []
    }
    default = _LOCALE_CODES.get(doc.get("default_locale_id") or 1, "en-US")
    return DynamicItem(str(doc.get("name") or ""), default, variants)


def _directory(store: Store, account: str) -> Directory:
    directory = Directory(account_name=account, subdomain=account, locales=dict(_LOCALE_CODES))
    for doc in _docs(store, account, "users"):
        directory.users[int(doc["id"])] = user_of(doc)
    for doc in _docs(store, account, "groups"):
        directory.groups[int(doc["id"])] = Group(int(doc["id"]), str(doc.get("name") or ""))
    for doc in _docs(store, account, "brands"):
        directory.brands[int(doc["id"])] = Brand(
            int(doc["id"]), str(doc.get("name") or ""), str(doc.get("subdomain") or "")
        )
    for doc in _docs(store, account, "organizations"):
        directory.organizations_names[int(doc["id"])] = str(doc.get("name") or "")
    for doc in _docs(store, account, "ticket_fields"):
        directory.ticket_fields[int(doc["id"])] = _field(doc)
    for doc in _docs(store, account, "ticket_forms"):
        directory.ticket_forms[int(doc["id"])] = str(doc.get("name") or "")
        if doc.get("default"):
            directory.default_ticket_form_id = int(doc["id"])
    for doc in _docs(store, account, "dynamic_content/items"):
        slug = str(doc.get("placeholder") or "").removeprefix("{{dc.").removesuffix("}}")
        directory.dynamic_content[slug] = _dynamic(doc)
    return directory


def account_engine(call: Call) -> Engine:
    """The engine of the call's account, rebuilt when a rule or a fact it reads changed."""
    store, name = call.ctx.store, call.ctx.name
    key = (id(store), name)
    generation = store.generation(name, _SOURCES)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
    directory = _directory(store, name)
    engine = Engine(directory, **{kind: _docs(store, name, kind) for kind in ENGINE_KINDS})
    with _lock:
        _cache[key] = (generation, engine)
    return engine


def _time(doc: dict[str, Any], key: str) -> datetime | None:
    return as_datetime(parse_time(doc.get(key)))


def ticket_of(doc: dict[str, Any], directory: Directory, extra: dict[str, Any]) -> Ticket:
    """The stored ticket ``doc`` as rules see it; ``extra`` holds what the API document does
    not show (when the status last changed)."""
    requester = directory.user(doc.get("requester_id")) or User(id=int(doc["requester_id"] or 0))
    org_id = doc.get("organization_id") or requester.organization_id
    organization = (
        Organization(int(org_id), directory.organizations_names.get(int(org_id), ""))
        if org_id
        else None
    )
    custom = {
        int(f["id"]): f.get("value")
        for f in doc.get("custom_fields") or []
        if isinstance(f, dict) and str(f.get("id", "")).isdigit()
    }
    created = _time(doc, "created_at") or datetime.now(UTC)
    return Ticket(
        id=int(doc["id"]),
        subject=str(doc.get("subject") or ""),
        description=str(doc.get("description") or ""),
        status=str(doc.get("status") or "new"),
        custom_status_id=doc.get("custom_status_id"),
        priority=doc.get("priority"),
        type=doc.get("type"),
        group_id=doc.get("group_id"),
        assignee_id=doc.get("assignee_id"),
        requester=requester,
        organization=organization,
        brand_id=doc.get("brand_id"),
        ticket_form_id=doc.get("ticket_form_id"),
        tags=list(doc.get("tags") or []),
        custom_fields=custom,
        via_id=VIA_IDS.get(str((doc.get("via") or {}).get("channel")), 5),
        recipient=doc.get("recipient"),
        is_public=bool(doc.get("is_public", True)),
        created_at=created,
        updated_at=_time(doc, "updated_at") or created,
        status_changed_at=as_datetime(extra.get("status_changed_at")) or created,
        solved_at=_time(doc, "solved_at"),
        due_at=_time(doc, "due_at"),
        followers=list(doc.get("follower_ids") or []),
        cc_ids=list(doc.get("email_cc_ids") or []),
    )


_PLAIN = ("status", "priority", "type", "group_id", "assignee_id", "brand_id", "ticket_form_id")


def apply_to_doc(doc: dict[str, Any], ticket: Ticket) -> None:
    """Write what rules may change on ``ticket`` back onto the stored document."""
    for key in _PLAIN:
        doc[key] = getattr(ticket, key)
    doc["custom_status_id"] = ticket.custom_status_id
    doc["tags"] = sorted(set(ticket.tags))
    doc["follower_ids"] = list(ticket.followers)
    doc["email_cc_ids"] = list(ticket.cc_ids)
    if ticket.custom_fields:
        known = {int(f["id"]): f for f in doc.get("custom_fields") or [] if isinstance(f, dict)}
        for field_id, value in ticket.custom_fields.items():
            known[field_id] = {"id": field_id, "value": value}
        doc["custom_fields"] = doc["fields"] = [known[k] for k in sorted(known)]
