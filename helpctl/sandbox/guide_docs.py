"""Shared pieces of the sandbox's Help Center: translation documents (as recorded), the
``html_url`` of an item, and keeping an item's source fields in step with its translations.
Every new translation (an item's source one too) must be in a locale the help center has
enabled (:mod:`helpctl.sandbox.guide_locales`)."""

from __future__ import annotations

import re
from typing import Any

from helpctl.sandbox.crud import now
from helpctl.sandbox.guide_locales import check_hc_locale
from helpctl.sandbox.replies import Call, Details, iso
from helpctl.sandbox.store import HC_MARK, URL_MARK

__all__ = ["html_url", "slug", "source_translation", "translation_doc"]

_SLUG = re.compile(r"[^A-Za-z0-9]+")


def slug(title: str) -> str:
    return _SLUG.sub("-", title).strip("-")


def html_url(kind: str, locale: str, item_id: int, title: str = "") -> str:
    """``https://<host>/hc/<locale>/<kind>/<id>-<slug>`` as recorded."""
    tail = f"-{slug(title)}" if title else ""
    return f"{HC_MARK}hc/{locale}/{kind}/{item_id}{tail}"


def translation_doc(
    call: Call,
    plural: str,
    source_type: str,
    item_id: int,
    obj: dict[str, Any],
    old: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A translation document of item ``item_id`` from a request object (merged over ``old``)."""
    doc = dict(old) if old else {"outdated": False, "draft": False, "hidden": False}
    for key in ("locale", "title", "body", "draft", "hidden"):
        if key in obj and not (old and key == "locale"):
            doc[key] = obj[key]
    errors = Details()
    errors.require(doc, "locale", "title")
    errors.check()
    if old is None:  # a new language: the help center must have enabled it
        check_hc_locale(call, doc["locale"])
    ts = iso(now())
    locale = str(doc["locale"])
    tr_id = doc.get("id") or call.ctx.store.new_id()
    head = {
        "id": tr_id,
        "url": f"{URL_MARK}help_center/{plural}/{item_id}/translations/{locale}.json",
        "html_url": html_url(plural, locale, item_id),
        "source_id": item_id,
        "source_type": source_type,
    }
    rest = {k: v for k, v in doc.items() if k not in head}
    out = {**head, **rest}
    out["created_at"] = (old or {}).get("created_at", ts)
    out["updated_at"] = ts
    out.setdefault("updated_by_id", call.ctx.account.user_id)
    out.setdefault("created_by_id", call.ctx.account.user_id)
    if old is not None:
        out["outdated"] = False
    return out


def source_translation(
    call: Call,
    plural: str,
    source_type: str,
    doc: dict[str, Any],
    title_key: str,
    body_key: str,
) -> None:
    """Keep ``doc``'s translation in its source locale in step with its own title and body."""
    locale = str(doc.get("source_locale") or doc.get("locale") or "en-us")
    translations = list(doc.get("translations") or [])
    old = next((t for t in translations if t.get("locale") == locale), None)
    obj = {"locale": locale, "title": doc.get(title_key), "body": doc.get(body_key)}
    if "draft" in doc:
        obj["draft"] = doc["draft"]
    new = translation_doc(call, plural, source_type, int(doc["id"]), obj, old)
    if old is not None and (old.get("title"), old.get("body")) == (new["title"], new["body"]):
        new["updated_at"] = old["updated_at"]
    doc["translations"] = (
        [new if t is old else t for t in translations]
        if old
        else [
            new,
            *translations,
        ]
    )
