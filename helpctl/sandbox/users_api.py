"""Users (create_or_update and its bulk job, lookups by email and external_id) and organizations
(show_many by ids or external_ids, search by exact name or external_id)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, now, one, routes, stamp, taken, unique
from helpctl.sandbox.jobs import start_job
from helpctl.sandbox.paging import Listing, ids_param, paginate, unpaged
from helpctl.sandbox.replies import (
    ApiProblem,
    Call,
    Details,
    Handler,
    Reply,
    iso,
    too_many_values,
)
from helpctl.sandbox.store import Row

__all__ = ["ORGS", "USERS", "user_doc", "users_routes"]

ROLES = ("end-user", "agent", "admin")
_USER_DEFAULTS: dict[str, Any] = {
    "name": None,
    "email": None,
    "time_zone": "UTC",
    "iana_time_zone": "Etc/UTC",
    "phone": None,
    "shared_phone_number": None,
    "photo": None,
    "locale_id": 1,
    "locale": "en-US",
    "organization_id": None,
    "role": "end-user",
    "verified": False,
    "external_id": None,
    "tags": [],
    "alias": None,
    "active": True,
    "shared": False,
    "shared_agent": False,
    "last_login_at": None,
    "two_factor_auth_enabled": False,
    "signature": None,
    "details": None,
    "notes": None,
    "role_type": None,
    "custom_role_id": None,
    "moderator": False,
    "ticket_restriction": "requested",
    "only_private_comments": False,
    "restricted_agent": True,
    "suspended": False,
    "chat_only": False,
    "default_group_id": None,
    "report_csv": False,
    "user_fields": {},
}
_USER_WRITABLE = frozenset(
    {
        "name",
        "email",
        "time_zone",
        "phone",
        "locale_id",
        "organization_id",
        "role",
        "verified",
        "external_id",
        "tags",
        "alias",
        "signature",
        "details",
        "notes",
        "custom_role_id",
        "moderator",
        "ticket_restriction",
        "only_private_comments",
        "restricted_agent",
        "suspended",
        "default_group_id",
        "user_fields",
    }
)


def user_doc(user_id: int, obj: dict[str, Any], ts: str) -> dict[str, Any]:
    """A complete user document from the writable keys in ``obj`` (used by seeding too)."""
    doc = merge(_USER_DEFAULTS, None, obj, _USER_WRITABLE)
    _role_fields(doc)
    doc = stamp(doc, "users", user_id, None)
    doc["created_at"] = doc["updated_at"] = ts
    return doc


def _role_fields(doc: dict[str, Any]) -> None:
    staff = doc.get("role") in ("agent", "admin")
    doc["ticket_restriction"] = None if staff else "requested"
    doc["restricted_agent"] = not staff
    doc["moderator"] = doc.get("role") == "admin"
    doc["role_type"] = 4 if doc.get("role") == "admin" else None


def _check_user(call: Call, doc: dict[str, Any], own: int | None, errors: Details) -> None:
    errors.require(doc, "name")
    if doc.get("role") not in ROLES:
        errors.add("role", f"Role: {doc.get('role')} is not valid", "InvalidValue")
    email = doc.get("email")
    if isinstance(email, str) and email:
        if "@" not in email:
            errors.add("email", f"Email: {email} is not properly formatted", "InvalidFormat")
        elif taken(call, "users", email.lower(), own):
            errors.add(
                "email", f"Email: {email} is already being used by another user", "DuplicateValue"
            )
    ext = doc.get("external_id")
    if ext is not None:
        rows = call.ctx.store.find(call.ctx.name, "users", "ext", str(ext).lower())
        if any(r.id != own for r in rows):
            errors.duplicate("external_id", ext)
    org = doc.get("organization_id")
    if org is not None and (
        not isinstance(org, int) or call.ctx.store.get(call.ctx.name, "organizations", org) is None
    ):
        errors.unknown("organization_id", org)


def _build_user(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_USER_DEFAULTS, old, obj, _USER_WRITABLE)
    _role_fields(doc)
    errors = Details()
    _check_user(call, doc, old["id"] if old else None, errors)
    errors.check()
    return doc


def _user_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    ext, email = doc.get("external_id"), doc.get("email")
    return (str(ext).lower() if ext is not None else None), (email.lower() if email else None)


USERS = Collection("users", "user", "users", _build_user, delete_status=200, index=_user_index)


def _match(call: Call, obj: dict[str, Any]) -> Row | None:
    """The existing user a create_or_update refers to: by external_id, then by email."""
    store, name = call.ctx.store, call.ctx.name
    ext, email = obj.get("external_id"), obj.get("email")
    if ext is not None:
        rows = store.find(name, "users", "ext", str(ext).lower())
        if rows:
            return rows[0]
    if isinstance(email, str) and email:
        rows = store.find(name, "users", "lookup", email.lower())
        if rows:
            return rows[0]
    return None


def _upsert(call: Call, obj: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create or update one user; returns the stored document and whether it was created."""
    row = _match(call, obj)
    old = row.doc() if row else None
    doc = _build_user(call, old, obj)
    user_id = row.id if row else call.ctx.store.new_id()
    doc = stamp(doc, "users", user_id, old)
    USERS.store(call, doc)
    return doc, row is None


def _create_or_update(call: Call) -> Reply:
    doc, created = _upsert(call, call.obj("user"))
    if created:
        return Reply(201, {"user": doc}, headers={"location": doc["url"]})
    return Reply(200, {"user": doc})


_MAX_USERS = "Maximum 100 users may be created per call"


def _bulk_items(call: Call, key: str, description: str | None = None) -> list[Any]:
    items = call.body.get(key) if isinstance(call.body, dict) else None
    if not isinstance(items, list):
        raise ApiProblem(400, {"error": "InvalidParameter", "description": f"{key} is required"})
    if len(items) > 100:
        raise too_many_values(description)
    return items


def _create_or_update_many(call: Call) -> Reply:
    results: list[Any] = []
    for index, obj in enumerate(_bulk_items(call, "users", _MAX_USERS)):
        try:
            doc, created = _upsert(call, obj if isinstance(obj, dict) else {})
        except ApiProblem as problem:
            results.append(_item_error(index, problem, "UserCreateOrUpdateFailed"))
            continue
        action = "create" if created else "update"
        status = "Created" if created else "Updated"
        results.append(
            {"index": index, "action": action, "id": doc["id"], "status": status, "success": True}
        )
    return start_job(call, "bulk_create_or_update_users", results)


def _item_error(index: int, problem: ApiProblem, code: str) -> dict[str, Any]:
    details = problem.body.get("details", {}) if isinstance(problem.body, dict) else {}
    text = "; ".join(e["description"] for errs in details.values() for e in errs)
    return {"index": index, "error": code, "details": text or str(problem.body)}


def _create_many(call: Call) -> Reply:
    results: list[Any] = []
    for index, obj in enumerate(_bulk_items(call, "users", _MAX_USERS)):
        try:
            doc = _build_user(call, None, obj if isinstance(obj, dict) else {})
        except ApiProblem as problem:
            results.append(_item_error(index, problem, "UserCreateFailed"))
            continue
        doc = stamp(doc, "users", call.ctx.store.new_id(), None)
        USERS.store(call, doc)
        results.append({"index": index, "id": doc["id"], "status": "Created"})
    return start_job(call, "bulk_create_users", results)


def _me(call: Call) -> Reply:
    row = call.ctx.store.get(call.ctx.name, "users", call.ctx.account.user_id)
    return Reply(text=one("user", row.body if row else "{}"))


def _show_many_of(kind: str) -> Handler:
    """``<kind>/show_many?ids=`` or ``?external_ids=`` (≤ 100 values); unknown ones are left
    out of the answer, as Zendesk does."""

    def handle(call: Call) -> Reply:
        store, name = call.ctx.store, call.ctx.name
        if "external_ids" in call.query:
            values = [v for v in call.query["external_ids"].split(",") if v]
            if len(values) > 100:
                raise too_many_values()
            rows = [r for v in values for r in store.find(name, kind, "ext", v.lower())]
        else:
            rows = store.get_many(name, kind, ids_param(call))
        return Reply(text=unpaged(kind, [r.body for r in rows]))

    return handle


def _search(call: Call) -> Reply:
    q = call.query
    if "external_id" in q:
        where, params = "ext = ?", [q["external_id"].lower()]
    else:
        text = q.get("query", "").strip()
        text = text.split(":", 1)[1] if text.startswith(("email:", "external_id:")) else text
        where, params = "lookup = ? OR ext = ?", [text.lower(), text.lower()]
    return paginate(call, Listing("users", "users/search", "users", "offset", False, where, params))


_ORG_DEFAULTS: dict[str, Any] = {
    "name": None,
    "shared_tickets": False,
    "shared_comments": False,
    "external_id": None,
    "domain_names": [],
    "details": "",
    "notes": "",
    "group_id": None,
    "tags": [],
    "organization_fields": {},
}
_ORG_WRITABLE = frozenset(_ORG_DEFAULTS)


def _build_org(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_ORG_DEFAULTS, old, obj, _ORG_WRITABLE)
    errors = Details()
    errors.require(doc, "name")
    unique(call, "organizations", "name", doc, old, errors)
    errors.check()
    return doc


def _org_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    ext, name = doc.get("external_id"), doc.get("name")
    return (str(ext).lower() if ext is not None else None), str(name).strip().lower() or None


ORGS = Collection("organizations", "organization", "organizations", _build_org, index=_org_index)


def _search_orgs(call: Call) -> Reply:
    """``organizations/search?name=`` (exact, ignoring case and surrounding spaces) or
    ``?external_id=``; not both."""
    q = call.query
    if ("name" in q) == ("external_id" in q):
        raise ApiProblem(
            400, {"error": "InvalidParameter", "description": "give name or external_id"}
        )
    where = "lookup = ?" if "name" in q else "ext = ?"
    text = (q["name"] if "name" in q else q["external_id"]).strip().lower()
    listing = Listing(
        "organizations", "organizations/search", "organizations", "offset", False, where, [text]
    )
    return paginate(call, listing)


def _delete(call: Call) -> Reply:
    """Users are deleted softly: 200 with the user, now inactive (the admin cannot go)."""
    row = USERS.load(call)
    if row.id == call.ctx.account.user_id:
        raise ApiProblem(403, {"error": "Forbidden", "description": "You cannot delete yourself"})
    doc = {**row.doc(), "active": False, "updated_at": iso(now())}
    call.ctx.store.delete(call.ctx.name, "users", [row.id])
    return Reply(200, {"user": doc})


def users_routes() -> list[Route]:
    return [
        ("DELETE", "/users/{id}", _delete),
        ("GET", "/users/me", _me),
        ("GET", "/users/show_many", _show_many_of("users")),
        ("GET", "/users/search", _search),
        ("POST", "/users/create_or_update", _create_or_update),
        ("POST", "/users/create_or_update_many", _create_or_update_many),
        ("POST", "/users/create_many", _create_many),
        ("GET", "/organizations/show_many", _show_many_of("organizations")),
        ("GET", "/organizations/search", _search_orgs),
        *routes(USERS),
        *routes(ORGS),
    ]
