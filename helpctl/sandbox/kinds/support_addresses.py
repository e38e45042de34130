"""Support addresses (``/recipient_addresses``): ``email`` required, unique and fixed after
creation; ``brand_id`` must name a brand (the default brand when omitted); only a verified
address may be the default, and one default per brand.

Zendesk verifies mail forwarding itself; the sandbox cannot receive mail, so an address on the
account's own ``*.zendesk.com`` domain is verified at once, any other waits for
``PUT /recipient_addresses/{id}/verify`` (which verifies it). The statuses are read-only.
"""

from __future__ import annotations

import re
from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, now, routes, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details, Reply, iso

__all__ = ["ADDRESSES", "SANDBOX_KIND"]

_KIND = "recipient_addresses"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_STATUSES = ("forwarding_status", "spf_status", "cname_status", "domain_verification_status")
_DEFAULTS: dict[str, Any] = {
    "brand_id": None,
    "default": False,
    "name": None,
    "email": None,
    **dict.fromkeys(_STATUSES, "unknown"),
    "domain_verification_code": None,
}
_WRITABLE = frozenset({"name", "brand_id", "default"})


def _default_brand(call: Call) -> int | None:
    for row in call.ctx.store.select(call.ctx.name, "brands"):
        if row.doc().get("default"):
            return row.id
    return None


def _verify(doc: dict[str, Any]) -> None:
    for key in _STATUSES:
        doc[key] = "verified"


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    errors = Details()
    if old is None:
        doc["email"] = obj.get("email")
        errors.require(doc, "email")
        email = str(doc["email"] or "")
        if email and not _EMAIL.match(email):
            errors.add("email", f"Email: {email} is not properly formatted", "InvalidFormat")
        if email.lower().endswith(".zendesk.com"):
            _verify(doc)
    elif "email" in obj and obj["email"] != old["email"]:
        errors.add("email", "Email: cannot be changed; create a new address", "InvalidValue")
    if doc.get("brand_id") is None:
        doc["brand_id"] = _default_brand(call)
    elif not isinstance(doc["brand_id"], int) or not call.ctx.store.get(
        call.ctx.name, "brands", doc["brand_id"]
    ):
        errors.unknown("brand_id", doc["brand_id"])
    if doc.get("default") and doc["forwarding_status"] != "verified":
        msg = "Default: only a verified address can be the default"
        errors.add("default", msg, "InvalidValue")
    unique(call, _KIND, "email", doc, old, errors)
    errors.check()
    if doc.get("default"):
        _one_default(call, doc)
    return doc


def _email_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    email = doc.get("email")
    return None, str(email).strip().lower() if email else None


def _one_default(call: Call, doc: dict[str, Any]) -> None:
    """One default per brand: a new default takes it from the others of its brand."""
    for row in call.ctx.store.select(call.ctx.name, _KIND):
        other = row.doc()
        same_brand = other.get("brand_id") == doc.get("brand_id")
        if row.id != doc.get("id") and other.get("default") and same_brand:
            other["default"] = False
            ADDRESSES.store(call, other)


ADDRESSES = Collection(_KIND, "recipient_address", _KIND, _build, index=_email_index)


def _verify_handler(call: Call) -> Reply:
    doc = ADDRESSES.load(call).doc()
    _verify(doc)
    doc["updated_at"] = iso(now())
    ADDRESSES.store(call, doc)
    return Reply(200, {})


def _routes() -> list[Route]:
    return [("PUT", f"/{_KIND}/{{id}}/verify", _verify_handler), *routes(ADDRESSES)]


SANDBOX_KIND = SandboxKind(ADDRESSES, _routes)
