"""Putting the recorded help center (tests/fixtures/guide/recorded_help_center.json, from the
Salto recording) into a sandbox account through the API, as an admin would have built it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpctl.zendesk.client import ZendeskClient

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "guide" / "recorded_help_center.json"


def recorded() -> dict[str, Any]:
    replies: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))["replies"]
    return replies


def _articles(replies: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for url, r in replies.items() if url.endswith("/articles") for a in r["articles"]]


def populate(client: ZendeskClient) -> dict[str, Any]:
    """Create the recorded segments, categories, sections and articles (with translations);
    the recorded ids → the new ids."""
    replies = recorded()
    ids: dict[Any, Any] = {}
    admins = client.get("guide/permission_groups")["permission_groups"][0]["id"]
    for group in replies["/api/v2/guide/permission_groups"]["permission_groups"]:
        ids[group["id"]] = admins  # the recording's only group is the built-in Admins
    for seg in replies["/api/v2/help_center/user_segments"]["user_segments"]:
        if seg["built_in"]:
            continue
        body = {k: seg[k] for k in ("name", "user_type", "tags", "or_tags")}
        ids[seg["id"]] = client.post("help_center/user_segments", {"user_segment": body})[
            "user_segment"
        ]["id"]
    for cat in replies["/api/v2/help_center/categories"]["categories"]:
        body = {k: cat[k] for k in ("name", "description", "position", "locale")}
        ids[cat["id"]] = client.post("help_center/categories", {"category": body})["category"]["id"]
    for sec in replies["/api/v2/help_center/sections"]["sections"]:
        body = {k: sec[k] for k in ("name", "description", "position", "locale", "sorting")}
        path = f"help_center/categories/{ids[sec['category_id']]}/sections"
        ids[sec["id"]] = client.post(path, {"section": body})["section"]["id"]
    for art in _articles(replies):
        keys = ("title", "body", "locale", "promoted", "position", "comments_disabled", "draft")
        body = {k: art[k] for k in keys} | {"label_names": art["label_names"]}
        body["permission_group_id"] = ids[art["permission_group_id"]]
        body["user_segment_id"] = ids.get(art["user_segment_id"])
        path = f"help_center/sections/{ids[art['section_id']]}/articles"
        made = client.post(path, {"article": body})["article"]
        ids[art["id"]] = made["id"]
        base = f"help_center/articles/{made['id']}/translations"
        for tr in art["translations"]:
            if tr["locale"] != art["source_locale"]:
                client.post(base, {"translation": {k: tr[k] for k in ("locale", "title", "body")}})
    return ids


def article_titles(replies: dict[str, Any]) -> list[str]:
    return [a["title"] for a in _articles(replies)]
