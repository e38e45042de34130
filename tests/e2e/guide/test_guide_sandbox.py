"""The sandbox's Help Center answers in the recorded shapes, with and without a locale in the
path, keeps translations (and their outdated flag), takes article attachments and archives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from recorded_guide import populate, recorded

from helpctl.errors import ApiError
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient


@pytest.fixture
def client() -> Iterator[ZendeskClient]:
    with SandboxServer(accounts=("hc",)) as server:
        email, token = server.credentials()
        with ZendeskClient.open(server.base_url(), Auth.token(email, token), instance="hc") as c:
            yield c


def _keys(items: list[dict[str, Any]]) -> set[str]:
    return set().union(*(set(i) for i in items))


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("help_center/categories", "categories"),
        ("help_center/sections", "sections"),
        ("help_center/user_segments", "user_segments"),
        ("guide/permission_groups", "permission_groups"),
    ],
)
def test_lists_carry_every_recorded_key(client: ZendeskClient, path: str, key: str) -> None:
    populate(client)
    mine = client.get(path, params={"include": "translations"})[key]
    theirs = recorded()[f"/api/v2/{path}"][key]
    assert _keys(theirs) <= _keys(mine)
    if key in ("categories", "sections"):
        assert _keys([t for o in theirs for t in o["translations"]]) <= _keys(
            [t for o in mine for t in o["translations"]]
        )


def test_articles_carry_every_recorded_key_with_or_without_locale(client: ZendeskClient) -> None:
    populate(client)
    (reply,) = [r for u, r in recorded().items() if u.endswith("/articles")]
    plain = client.get("help_center/articles", params={"include": "translations"})["articles"]
    localized = client.get("help_center/en-us/articles")["articles"]
    assert _keys(reply["articles"]) <= _keys(plain)
    assert [a["id"] for a in plain] == [a["id"] for a in localized]
    one = client.get(f"help_center/en-us/articles/{plain[0]['id']}")["article"]
    assert one["html_url"].split("/hc/")[1].startswith(f"en-us/articles/{one['id']}-")


def test_a_changed_source_marks_translations_outdated(client: ZendeskClient) -> None:
    populate(client)
    art = client.get("help_center/articles")["articles"][0]
    base = f"help_center/articles/{art['id']}/translations"
    client.post(base, {"translation": {"locale": "fr", "title": "T", "body": "<p>fr</p>"}})
    client.put(f"{base}/en-us", {"translation": {"body": "<p>new source</p>"}})
    after = client.get(f"help_center/articles/{art['id']}")["article"]
    assert after["body"] == "<p>new source</p>" and after["outdated_locales"] == ["fr"]
    client.put(f"{base}/fr", {"translation": {"body": "<p>fr, à jour</p>"}})
    assert client.get(f"help_center/articles/{art['id']}")["article"]["outdated_locales"] == []


def _upload(client: ZendeskClient, data: bytes) -> Any:
    request = httpx.Request(
        "POST", "http://x/", data={"inline": "true"}, files={"file": ("s.png", data, "image/png")}
    )
    return client.request(
        "POST",
        "help_center/articles/attachments",
        content=request.read(),
        content_type=request.headers["content-type"],
    )


def test_article_attachments_upload_attach_and_list(client: ZendeskClient) -> None:
    populate(client)
    art = client.get("help_center/articles")["articles"][0]
    att = _upload(client, b"\x89PNG")["article_attachment"]
    assert att["content_url"].endswith(f"/hc/article_attachments/{att['id']}/s.png")
    assert att["inline"] is True and att["article_id"] is None
    client.post(
        f"help_center/articles/{art['id']}/bulk_attachments", {"attachment_ids": [att["id"]]}
    )
    listed = client.get(f"help_center/articles/{art['id']}/attachments")["article_attachments"]
    assert [(a["id"], a["article_id"]) for a in listed] == [(att["id"], art["id"])]


def test_sections_and_articles_are_created_under_their_parent_only(client: ZendeskClient) -> None:
    with pytest.raises(ApiError):
        client.post("help_center/sections", {"section": {"name": "x", "locale": "en-us"}})
    with pytest.raises(ApiError):
        client.post("help_center/categories/1/sections", {"section": {"name": "x"}})


def test_delete_archives_the_article_out_of_the_lists(client: ZendeskClient) -> None:
    populate(client)
    art = client.get("help_center/articles")["articles"][0]
    client.delete(f"help_center/articles/{art['id']}")
    assert client.get("help_center/articles")["articles"] == []
