"""Ticket and comment documents built from a create or import request, with Zendesk's checks:
known references, valid status, comment bodies, historical timestamps (import keeps them, clamps
pre-1970 ticket times, refuses future or pre-1970 comment times) and upload tokens."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from helpctl.sandbox.crud import now
from helpctl.sandbox.replies import Call, Details, iso, parse_time
from helpctl.sandbox.store import URL_MARK
from helpctl.sandbox.uploads_api import attachments_for

__all__ = ["STATUSES", "Built", "Known", "build_ticket", "check_refs", "import_audit"]

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
_REFERENCES = (
    ("requester_id", "users"),
    ("submitter_id", "users"),
    ("assignee_id", "users"),
    ("group_id", "groups"),
    ("organization_id", "organizations"),
    ("brand_id", "brands"),
    ("ticket_form_id", "ticket_forms"),
)
_TAGS = re.compile(r"<[^>]+>")


class Known:
    """Which referenced ids exist, fetched once per kind for a whole batch."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self._ids: dict[str, set[int]] = {}

    def prefetch(self, tickets: list[dict[str, Any]]) -> None:
        wanted: dict[str, set[int]] = {}
        for obj in tickets:
            for key, kind in _REFERENCES:
                if isinstance(obj.get(key), int):
                    wanted.setdefault(kind, set()).add(obj[key])
            comments = obj.get("comments")
            for comment in comments if isinstance(comments, list) else []:
                if isinstance(comment, dict) and isinstance(comment.get("author_id"), int):
                    wanted.setdefault("users", set()).add(comment["author_id"])
        store, name = self.call.ctx.store, self.call.ctx.name
        for kind, ids in wanted.items():
            found = {r.id for r in store.get_many(name, kind, sorted(ids))}
            self._ids.setdefault(kind, set()).update(found)

    def exists(self, kind: str, value: int) -> bool:
        if value not in self._ids.setdefault(kind, set()):
            if self.call.ctx.store.get(self.call.ctx.name, kind, value) is None:
                return False
            self._ids[kind].add(value)
        return True


@dataclass
class Built:
    """A ticket ready to store: its document, comments, attachments to link, archive flag."""

    doc: dict[str, Any]
    comments: list[dict[str, Any]] = field(default_factory=list)
    links: list[tuple[int, list[dict[str, Any]]]] = field(default_factory=list)
    archived: bool = False
    changed: float = 0.0
    audit: dict[str, Any] | None = None
    audit_changed: float | None = None  # when the audit joins the event stream (default: changed)


def _time(obj: dict[str, Any], key: str, default: float) -> float:
    parsed = parse_time(obj.get(key))
    return max(0.0, parsed) if parsed is not None else default


def _attachments(call: Call, uploads: list[Any], where: str, errors: Details) -> list[Any]:
    """The uploaded files a comment's ``uploads`` tokens name; unknown tokens are errors."""
    tokens = [str(t) for t in uploads]
    found = attachments_for(call, tokens)
    for token in tokens:
        if token not in found:
            errors.add(
                f"{where}.uploads", f"Uploads: {token} is not a valid upload token", "InvalidValue"
            )
    return [a for t in tokens for a in found.get(t, [])]


def _comment(
    call: Call, known: Known, raw: Any, n: int, ctx: dict[str, Any], errors: Details
) -> dict[str, Any] | None:
    where = f"comments.{n}" if ctx["imported"] else "comment"
    if not isinstance(raw, dict):
        errors.add(where, "Comment: must be an object", "InvalidValue")
        return None
    body = raw.get("html_body") or raw.get("body") or raw.get("value")
    if not isinstance(body, str) or not body.strip():
        errors.add(where, "Comment: body cannot be blank", "BlankValue")
        return None
    author = raw.get("author_id", ctx["author"])
    if not isinstance(author, int) or not known.exists("users", author):
        errors.unknown(f"{where}.author_id", author)
    created = parse_time(raw.get("created_at")) if ctx["imported"] else None
    if created is not None and (created > now() + 60 or created < 0):
        errors.add(
            f"{where}.created_at",
            f"Created at: {raw.get('created_at')} must be between 1970 and now",
            "InvalidValue",
        )
    plain = _TAGS.sub("", body) if raw.get("html_body") else body
    html_body = raw.get("html_body") or (
        f'<div class="zd-comment" dir="auto"><p dir="auto">{html.escape(body)}</p></div>'
    )
    attachments = _attachments(call, raw.get("uploads") or [], where, errors)
    return {
        "id": call.ctx.store.new_id(),
        "type": "Comment",
        "author_id": author,
        "body": html.unescape(plain),
        "html_body": html_body,
        "plain_body": html.unescape(plain),
        "public": bool(raw.get("public", True)),
        "attachments": attachments,
        "audit_id": None,
        "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
        "metadata": {"system": {}, "custom": {}},
        "created_at": iso(created if created is not None else ctx["created"]),
    }


def default_brand(call: Call) -> int | None:
    """The account's default brand, which a ticket created without one gets."""
    for row in call.ctx.store.select(call.ctx.name, "brands"):
        if row.doc().get("default"):
            return row.id
    return None


def check_refs(obj: dict[str, Any], known: Known, errors: Details) -> None:
    for key, kind in _REFERENCES:
        value = obj.get(key)
        if value is not None and (not isinstance(value, int) or not known.exists(kind, value)):
            errors.unknown(key, value)
    tags = obj.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        errors.add("tags", "Tags: must be an array of strings", "InvalidValue")
    status = obj.get("status", "new")
    if not isinstance(status, str) or status not in STATUSES:
        errors.add("status", f"Status: {status} is not valid", "InvalidValue")


def build_ticket(
    call: Call, obj: dict[str, Any], ticket_id: int, known: Known, *, imported: bool, archive: bool
) -> Built:
    """The ticket an import or create request describes; raises a 422 listing every problem."""
    errors = Details()
    check_refs(obj, known, errors)
    ts = now()
    created = _time(obj, "created_at", ts) if imported else ts
    requester = obj.get("requester_id", call.ctx.account.user_id)
    ctx = {"imported": imported, "author": requester, "created": created}
    raw_comments = obj.get("comments") if imported else None
    if raw_comments is None:
        first = obj.get("comment") or (
            {"body": obj["description"]} if obj.get("description") else None
        )
        raw_comments = [first] if first else []
    if not isinstance(raw_comments, list):
        errors.add("comments", "Comments: must be an array of comments", "InvalidValue")
        raw_comments = []
    comments = [_comment(call, known, c, n, ctx, errors) for n, c in enumerate(raw_comments)]
    if not raw_comments and not imported:
        errors.add("description", "Description: cannot be blank", "BlankValue")
    errors.check()
    valid = [c for c in comments if c is not None]
    last = max((parse_time(c["created_at"]) or created for c in valid), default=created)
    updated = _time(obj, "updated_at", max(created, last)) if imported else ts
    doc = _ticket_doc(obj, ticket_id, requester, valid, created, updated, call)
    if doc["brand_id"] is None:
        doc["brand_id"] = default_brand(call)
    if imported and obj.get("solved_at"):
        doc["solved_at"] = iso(_time(obj, "solved_at", updated))
    for comment in valid:
        comment["audit_id"] = call.ctx.store.new_id()
    built = Built(doc, valid, archived=archive and doc["status"] == "closed", changed=updated)
    built.links = [(c["id"], c["attachments"]) for c in valid if c["attachments"]]
    return built


def _ticket_doc(
    obj: dict[str, Any],
    ticket_id: int,
    requester: int,
    comments: list[Any],
    created: float,
    updated: float,
    call: Call,
) -> dict[str, Any]:
    subject = obj.get("subject")
    custom = obj.get("custom_fields") or obj.get("fields") or []
    return {
        "url": f"{URL_MARK}tickets/{ticket_id}.json",
        "id": ticket_id,
        "external_id": obj.get("external_id"),
        "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
        "created_at": iso(created),
        "updated_at": iso(updated),
        "generated_timestamp": int(updated),
        "type": obj.get("type"),
        "subject": subject,
        "raw_subject": subject,
        "description": comments[0]["body"] if comments else "",
        "priority": obj.get("priority"),
        "status": obj.get("status", "new"),
        "recipient": obj.get("recipient"),
        "requester_id": requester,
        "submitter_id": obj.get("submitter_id", requester),
        "assignee_id": obj.get("assignee_id"),
        "organization_id": obj.get("organization_id"),
        "group_id": obj.get("group_id"),
        "collaborator_ids": obj.get("collaborator_ids", []),
        "follower_ids": obj.get("follower_ids", []),
        "email_cc_ids": obj.get("email_cc_ids", []),
        "forum_topic_id": None,
        "problem_id": obj.get("problem_id"),
        "has_incidents": False,
        "is_public": any(c["public"] for c in comments) if comments else True,
        "due_at": obj.get("due_at"),
        "tags": sorted(set(obj.get("tags") or [])),
        "custom_fields": custom,
        "satisfaction_rating": None,
        "satisfaction_probability": None,
        "sharing_agreement_ids": [],
        "custom_status_id": None,
        "fields": custom,
        "followup_ids": [],
        "ticket_form_id": obj.get("ticket_form_id"),
        "brand_id": obj.get("brand_id"),
        "allow_channelback": False,
        "allow_attachments": True,
        "from_messaging_channel": False,
    }


def import_audit(call: Call, built: Built) -> dict[str, Any]:
    """The audit an import leaves (no triggers run): every comment as a ``Comment`` event with
    its own ``created_at``, so ``incremental/ticket_events?include=comment_events`` reads an
    imported ticket's comments in bulk."""
    audit_id = call.ctx.store.new_id()
    built.audit_changed = now()  # the stream has it when imported, whatever the ticket's dates
    for comment in built.comments:
        comment["audit_id"] = audit_id
    doc = built.doc
    return {
        "id": audit_id,
        "ticket_id": doc["id"],
        "created_at": doc.get("created_at"),
        "author_id": doc.get("submitter_id") or doc.get("requester_id"),
        "via": {"channel": "import", "source": {"from": {}, "to": {}, "rel": None}},
        "metadata": {"system": {}, "custom": {}},
        "events": [dict(c) for c in built.comments],
    }
