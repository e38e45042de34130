"""Uploads (raw bytes in, a token out) and the attachments they create; a ticket comment that
names the token takes the attachments over."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from helpctl.sandbox.crud import Route, now
from helpctl.sandbox.replies import ApiProblem, Call, Reply, iso, not_found
from helpctl.sandbox.store import URL_MARK

__all__ = ["attachments_for", "link_attachments", "uploads_routes"]

_EXPIRY = 3 * 24 * 3600


def _attachment(att_id: int, name: str, content_type: str, size: int) -> dict[str, Any]:
    content = f"{URL_MARK}attachments/{att_id}/content"
    return {
        "url": f"{URL_MARK}attachments/{att_id}.json",
        "id": att_id,
        "file_name": name,
        "name": name,
        "content_url": content,
        "mapped_content_url": content,
        "content_type": content_type,
        "size": size,
        "width": None,
        "height": None,
        "inline": False,
        "deleted": False,
        "malware_access_override": False,
        "malware_scan_result": "malware_not_found",
        "thumbnails": [],
    }


def _upload(call: Call) -> Reply:
    name = call.query.get("filename", "")
    data = call.raw
    if not name or not data:
        raise ApiProblem(
            422,
            {
                "error": "AttachmentUnprocessable",
                "description": "Attachment file could not be processed.",
            },
        )
    token = call.query.get("token") or secrets.token_urlsafe(18)
    kind = call.headers.get("content-type", "application/octet-stream").split(";")[0]
    att_id = call.ctx.store.new_id()
    doc = _attachment(att_id, name, kind, len(data))
    store, account = call.ctx.store, call.ctx.name
    with store.tx():
        store.put_blob(account, att_id, data)
        store.put(
            account, "attachments", att_id, doc, ext=token, lookup=hashlib.sha256(data).hexdigest()
        )
    siblings = [r.doc() for r in store.find(account, "attachments", "ext", token)]
    upload = {
        "token": token,
        "expires_at": iso(now() + _EXPIRY),
        "attachments": siblings,
        "attachment": doc,
    }
    return Reply(201, {"upload": upload}, headers={"location": doc["url"]})


def attachments_for(call: Call, tokens: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The unlinked attachments of each token (missing tokens are absent from the result)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for token in tokens:
        rows = call.ctx.store.find(call.ctx.name, "attachments", "ext", str(token))
        free = [r.doc() for r in rows if r.parent is None]
        if free:
            out[token] = free
    return out


def link_attachments(call: Call, comment_id: int, docs: list[dict[str, Any]]) -> None:
    """Attach uploaded files to a comment (their token can no longer be reused)."""
    rows = [(d["id"], d, comment_id, 0, None, None, False, 0.0) for d in docs]
    call.ctx.store.put_many(call.ctx.name, "attachments", rows)


def _delete_upload(call: Call) -> Reply:
    rows = call.ctx.store.find(call.ctx.name, "attachments", "ext", call.params["token"])
    free = [r.id for r in rows if r.parent is None]
    if not free:
        raise not_found()
    call.ctx.store.delete(call.ctx.name, "attachments", free)
    return Reply(204)


def _show(call: Call) -> Reply:
    row = call.ctx.store.get(call.ctx.name, "attachments", call.int_param("id"))
    if row is None:
        raise not_found()
    return Reply(text='{"attachment":' + row.body + "}")


def _content(call: Call) -> Reply:
    att_id = call.int_param("id")
    row = call.ctx.store.get(call.ctx.name, "attachments", att_id)
    data = call.ctx.store.blob(call.ctx.name, att_id)
    if row is None or data is None:
        raise not_found()
    return Reply(200, content=data, content_type=str(row.doc()["content_type"]))


def uploads_routes() -> list[Route]:
    return [
        ("POST", "/uploads", _upload),
        ("DELETE", "/uploads/{token}", _delete_upload),
        ("GET", "/attachments/{id}", _show),
        ("GET", "/attachments/{id}/content", _content),
    ]
