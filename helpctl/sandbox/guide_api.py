"""The sandbox's article translations and attachments.

- ``GET/POST /help_center/articles/{id}/translations``, ``GET/PUT …/translations/{locale}``,
  ``DELETE /help_center/translations/{id}`` (never the source locale's). Writing the source
  locale's translation changes the article's title/body/draft and marks the other translations
  ``outdated`` (as Zendesk does); writing a translation clears its flag.
- ``POST /help_center/articles/attachments`` (multipart ``file`` and ``inline``) stores an
  unassociated attachment, ``content_url`` under the help center root;
  ``POST /help_center/articles/{id}/bulk_attachments`` (≤ 20 ids) associates them;
  ``GET /help_center/articles/{id}/attachments`` lists them. Over 20 MB is refused (413).
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from helpctl.sandbox.crud import Route, now, stamp
from helpctl.sandbox.guide_docs import translation_doc
from helpctl.sandbox.kinds.hc_articles import HC_ARTICLES
from helpctl.sandbox.replies import ApiProblem, Call, Reply, bad_request, iso, not_found
from helpctl.sandbox.store import HC_MARK, URL_MARK

__all__ = ["MAX_ATTACHMENT_BYTES", "guide_routes"]

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_ATTACHMENTS = "help_center/article_attachments"


def _save(call: Call, doc: dict[str, Any], parent: int | None) -> None:
    HC_ARTICLES.store(call, doc, parent)


def _translations(call: Call) -> Reply:
    doc = HC_ARTICLES.load(call).doc()
    return Reply(200, {"translations": doc.get("translations") or []})


def _show_translation(call: Call) -> Reply:
    doc = HC_ARTICLES.load(call).doc()
    for tr in doc.get("translations") or []:
        if tr.get("locale") == call.params["locale"]:
            return Reply(200, {"translation": tr})
    raise not_found()


def _write(call: Call, locale: str | None) -> Reply:
    row = HC_ARTICLES.load(call)
    doc = row.doc()
    obj = call.obj("translation")
    translations = list(doc.get("translations") or [])
    old = next((t for t in translations if locale and t.get("locale") == locale), None)
    if locale is not None and old is None:
        raise not_found()
    if locale is None:
        wanted = obj.get("locale")
        if any(t.get("locale") == wanted for t in translations):
            raise bad_request("InvalidLocale", f"Translation for {wanted} already exists")
    new = translation_doc(call, "articles", "Article", row.id, obj, old)
    translations = [new if t is old else t for t in translations] if old else [*translations, new]
    if new["locale"] == doc.get("source_locale"):
        doc["title"] = doc["name"] = new["title"]
        doc["body"], doc["draft"] = new.get("body"), new.get("draft", False)
        doc["edited_at"] = new["updated_at"]
        if old is not None and old.get("body") != new.get("body"):
            for tr in translations:
                if tr is not new:
                    tr["outdated"] = True
    doc["translations"] = translations
    doc["outdated_locales"] = [t["locale"] for t in translations if t.get("outdated")]
    doc = stamp(doc, HC_ARTICLES.kind, row.id, doc)
    _save(call, doc, row.parent)
    return Reply(200 if old else 201, {"translation": new})


def _delete_translation(call: Call) -> Reply:
    tr_id = call.int_param("id")
    for row in call.ctx.store.select(call.ctx.name, HC_ARTICLES.kind):
        doc = row.doc()
        for tr in doc.get("translations") or []:
            if tr.get("id") == tr_id:
                if tr.get("locale") == doc.get("source_locale"):
                    raise bad_request("InvalidLocale", "The source translation cannot be deleted")
                doc["translations"] = [t for t in doc["translations"] if t is not tr]
                _save(call, doc, row.parent)
                return Reply(204)
    raise not_found()


def _file_part(call: Call) -> tuple[str, str, bytes, bool]:
    kind = call.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data") or not isinstance(call.body, bytes):
        raise bad_request("InvalidParameter", "multipart/form-data with a file is required")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + call.body
    )
    name, data, ctype, inline = "", b"", "application/octet-stream", False
    for part in message.iter_parts():
        field = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if field == "file" and isinstance(payload, bytes):
            name = str(part.get_filename() or "")
            data, ctype = payload, part.get_content_type()
        elif field == "inline" and isinstance(payload, bytes):
            inline = payload.decode().strip().lower() == "true"
    if not name or not data:
        raise bad_request("InvalidParameter", "file is required")
    return name, ctype, data, inline


def _create_attachment(call: Call) -> Reply:
    name, ctype, data, inline = _file_part(call)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ApiProblem(413, {"error": "AttachmentTooLarge", "description": "Over 20 MB"})
    att_id = call.ctx.store.new_id()
    ts = iso(now())
    doc = {
        "id": att_id,
        "url": f"{URL_MARK}help_center/articles/attachments/{att_id}.json",
        "article_id": None,
        "display_file_name": name,
        "file_name": name,
        "locale": "en-us",
        "content_url": f"{HC_MARK}hc/article_attachments/{att_id}/{name}",
        "relative_path": f"/hc/article_attachments/{att_id}/{name}",
        "content_type": ctype,
        "size": len(data),
        "inline": inline,
        "created_at": ts,
        "updated_at": ts,
    }
    store = call.ctx.store
    with store.tx():
        store.put_blob(call.ctx.name, att_id, data)
        store.put(call.ctx.name, _ATTACHMENTS, att_id, doc)
    return Reply(201, {"article_attachment": doc})


def _bulk_attach(call: Call) -> Reply:
    article = HC_ARTICLES.load(call)
    ids = call.body.get("attachment_ids") if isinstance(call.body, dict) else None
    if not isinstance(ids, list) or not ids or len(ids) > 20:
        raise bad_request("InvalidParameter", "attachment_ids: 1 to 20 ids")
    for att_id in ids:
        row = call.ctx.store.get(call.ctx.name, _ATTACHMENTS, int(att_id))
        if row is None:
            raise not_found()
        doc = row.doc()
        doc["article_id"] = article.id
        call.ctx.store.put(call.ctx.name, _ATTACHMENTS, row.id, doc, parent=article.id)
    return Reply(200, {})


def _list_attachments(call: Call) -> Reply:
    article = HC_ARTICLES.load(call)
    rows = call.ctx.store.find(call.ctx.name, _ATTACHMENTS, "parent", str(article.id))
    return Reply(200, {"article_attachments": [r.doc() for r in rows]})


def guide_routes() -> list[Route]:
    base = "/help_center/articles/{id}"
    return [
        ("POST", "/help_center/articles/attachments", _create_attachment),
        ("GET", f"{base}/attachments", _list_attachments),
        ("POST", f"{base}/bulk_attachments", _bulk_attach),
        ("GET", f"{base}/translations", _translations),
        ("POST", f"{base}/translations", lambda call: _write(call, None)),
        ("GET", f"{base}/translations/{{locale}}", _show_translation),
        (
            "PUT",
            f"{base}/translations/{{locale}}",
            lambda call: _write(call, call.params["locale"]),
        ),
        ("DELETE", "/help_center/translations/{id}", _delete_translation),
    ]
