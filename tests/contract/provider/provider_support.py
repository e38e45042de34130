"""Helpers of the provider contract tests: recorded replies served by respx, request logs."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import respx

from helpctl.resources import dc_placeholder_name
from helpctl.zendesk.endpoints import ENDPOINTS

BASE = "https://acme.zendesk.com/api/v2/"
EMAIL = "admin@acme.example"
CANARY = "canary-Pv9x-provider-do-not-leak"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "provider"
SALTO = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"

#: The list reply of each kind in the salto recording (first reply wins; the recording repeats
#: ``trigger_categories`` with an empty second answer).
SALTO_LISTS = {
    "brands": "brands",
    "groups": "groups",
    "ticket_fields": "ticket_fields",
    "ticket_forms": "ticket_forms",
    "dynamic_content": "dynamic_content/items",
    "trigger_categories": "trigger_categories",
    "triggers": "triggers",
    "automations": "automations",
    "macros": "macros",
    "views": "views",
    "schedules": "business_hours/schedules",
    "sla_policies": "slas/policies",
}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fixture(name: str) -> Any:
    """A JSON fixture of this area (``tests/fixtures/provider/<name>``)."""
    return load_json(FIXTURES / name)


def salto_replies(zendesk_fixtures: Path) -> dict[str, Any]:
    """The salto recording as {path under /api/v2/: first recorded body}."""
    out: dict[str, Any] = {}
    for entry in load_json(zendesk_fixtures / SALTO):
        if entry.get("method", "GET") != "GET" or not entry["url"].startswith("/api/v2/"):
            continue
        out.setdefault(entry["url"][len("/api/v2/") :], entry["response"])
    return with_article_list(out)


def with_article_list(replies: dict[str, Any]) -> dict[str, Any]:
    """The recording lists articles per category (as Salto reads them); helpctl reads the
    whole list at ``help_center/articles``: answer it with the recorded articles."""
    found = [
        a
        for path, body in replies.items()
        if path.startswith("help_center/categories/") and path.endswith("/articles")
        for a in body["articles"]
    ]
    return {**replies, "help_center/articles": {"articles": found, "next_page": None}}


def serve(router: respx.Router, replies: dict[str, Any]) -> None:
    """GET routes answering each path with its body, whatever the query; 404 elsewhere.
    ``users/show_many`` and ``organizations/show_many`` answer from the recorded lists."""
    for kind in ("users", "organizations"):
        router.get(path__regex=rf"/{kind}/show_many(\.json)?$").mock(
            side_effect=show_many(replies, kind)
        )
    for path, body in replies.items():
        router.get(path__regex=rf"(^|/){re.escape(path)}(\.json)?$").mock(
            return_value=httpx.Response(200, json=body)
        )


def show_many(replies: dict[str, Any], kind: str) -> Any:
    """``<kind>/show_many?ids=`` as Zendesk answers it from the recorded list of ``kind``: the
    records with those ids (at most 100 asked), unknown ids left out."""

    def answer(request: httpx.Request) -> httpx.Response:
        ids = [i for i in request.url.params.get("ids", "").split(",") if i]
        assert len(ids) <= 100, "show_many takes at most 100 ids"
        found = [r for r in (replies.get(kind) or {}).get(kind, []) if str(r["id"]) in ids]
        return httpx.Response(200, json={kind: found, "next_page": None, "count": len(found)})

    return answer


def paths(calls: Iterable[Any]) -> list[str]:
    """``METHOD path`` of each recorded call, the base URL's path left out."""
    out = []
    for call in calls:
        req = call.request
        out.append(f"{req.method} {req.url.path.removeprefix('/api/v2/')}")
    return out


def body(call: Any) -> Any:
    return json.loads(call.request.content)


PLACEHOLDER = re.compile(r"\{\{dc\.([A-Za-z0-9_]+)\}\}")
VARIANT_PATH = re.compile(r"^dynamic_content/items/(\d+)/variants(?:/(\d+))?$")

#: A fault that lets the request do its work and then loses the answer.
LOST = object()


class After:
    """A fault that lets the request do its work and then answers ``response`` instead."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response


class FakeAccount:
    """A tiny in-memory Zendesk behind respx: lists, creates (new ids), updates, deletes and
    the order endpoints, with a log of every request and faults to inject once."""

    def __init__(self, lists: dict[str, list[dict[str, Any]]], first_id: int = 9000) -> None:
        self.lists = copy.deepcopy(lists)
        self.next_id = first_id
        self.faults: list[tuple[str, str, Any]] = []

    def fail_once(self, method: str, path: str, outcome: Any) -> None:
        """The next ``method path`` raises ``outcome`` (an exception) or answers it, without
        doing anything; ``LOST`` does the work, then loses the answer (a read error), and
        ``After(response)`` does the work, then answers ``response``."""
        self.faults.append((method, path, outcome))

    def mount(self, router: respx.Router) -> None:
        router.route(path__regex=r".*").mock(side_effect=self.handle)

    # -- dispatch ----------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        for n, (method, where, outcome) in enumerate(self.faults):
            if method == request.method and where == path:
                del self.faults[n]
                if outcome is LOST:
                    self._dispatch(request, path)
                    raise httpx.ReadError("connection reset by peer", request=request)
                if isinstance(outcome, After):
                    self._dispatch(request, path)
                    return outcome.response
                if isinstance(outcome, Exception):
                    raise outcome
                return outcome  # type: ignore[no-any-return]
        return self._dispatch(request, path)

    def _dispatch(self, request: httpx.Request, path: str) -> httpx.Response:
        sent = json.loads(request.content) if request.content else None
        if path == "locales":
            return httpx.Response(200, json={"locales": self.lists.get("locales", [])})
        if path in ("users/show_many", "users/search"):
            return self._users(request)
        if path in ("organizations/show_many", "organizations/search"):
            return self._organizations(request)
        if path.endswith(("/reorder", "/update_many")):
            return httpx.Response(200, json={})
        if path == "trigger_categories/jobs":
            return httpx.Response(200, json={"job": {"status": "complete", "errors": []}})
        variant = VARIANT_PATH.match(path)
        if variant:
            return self._variant(request.method, variant[1], variant[2], sent)
        for kind, ep in ENDPOINTS.items():
            if path == ep.path:
                return self._collection(request.method, kind, ep, sent)
            if path.startswith(ep.path + "/") and "/" not in path[len(ep.path) + 1 :]:
                return self._member(request.method, kind, ep, path[len(ep.path) + 1 :], sent)
        return httpx.Response(404, json={"error": "RecordNotFound", "description": "Not found"})

    def _collection(self, method: str, kind: str, ep: Any, sent: Any) -> httpx.Response:
        items = self.lists.setdefault(kind, [])
        if method == "GET":
            return httpx.Response(200, json={ep.plural: items, "next_page": None})
        obj = {**sent[ep.singular], "id": self._new_id(kind)}
        self._render(kind, obj, sent[ep.singular])
        items.append(obj)
        return httpx.Response(201, json={ep.singular: obj})

    def _member(self, method: str, kind: str, ep: Any, obj_id: str, sent: Any) -> httpx.Response:
        items = self.lists.setdefault(kind, [])
        found = next((o for o in items if str(o["id"]) == obj_id), None)
        if found is None:
            return httpx.Response(404, json={"error": "RecordNotFound", "description": "Not found"})
        if method == "DELETE":
            items.remove(found)
            return httpx.Response(204)
        if method in ("PUT", "PATCH"):
            found.update(sent[ep.singular])
            self._render(kind, found, sent[ep.singular])
        return httpx.Response(200, json={ep.singular: found})

    def _render(self, kind: str, obj: dict[str, Any], sent: dict[str, Any]) -> None:
        """As Zendesk answers: a title or name sent holding ``{{dc.x}}`` comes back rendered
        with the item's default variant, and as entered in ``raw_<key>``."""
        if kind == "dynamic_content":
            return
        for key in ("title", "name"):
            value = sent.get(key)
            if not isinstance(value, str):
                continue
            if PLACEHOLDER.search(value):
                obj[f"raw_{key}"] = value
                obj[key] = PLACEHOLDER.sub(lambda m: self._default_text(m[1]), value)
            else:
                obj.pop(f"raw_{key}", None)

    def _default_text(self, name: str) -> str:
        """The default variant's content of the item ``{{dc.<name>}}`` names."""
        tag = "{{dc." + name + "}}"
        for item in self.lists.get("dynamic_content", []):
            if (
                item.get("placeholder") or "{{dc." + dc_placeholder_name(item["name"]) + "}}"
            ) == tag:
                default = next((v for v in item.get("variants", []) if v.get("default")), {})
                return str(default.get("content", ""))
        return tag

    def _users(self, request: httpx.Request) -> httpx.Response:
        users = self.lists.get("users", [])
        if "ids" in request.url.params:
            wanted = set(request.url.params["ids"].split(","))
            return httpx.Response(200, json={"users": [u for u in users if str(u["id"]) in wanted]})
        email = request.url.params.get("query", "").removeprefix("email:")
        return httpx.Response(200, json={"users": [u for u in users if u["email"] == email]})

    def _organizations(self, request: httpx.Request) -> httpx.Response:
        """show_many by ids; search by exact name, ignoring case (as Zendesk documents)."""
        orgs = self.lists.get("organizations", [])
        if "ids" in request.url.params:
            wanted = set(request.url.params["ids"].split(","))
            found = [o for o in orgs if str(o["id"]) in wanted]
        else:
            name = request.url.params.get("name", "").strip().lower()
            found = [o for o in orgs if o["name"].strip().lower() == name]
        return httpx.Response(200, json={"organizations": found, "next_page": None})

    def _variant(self, method: str, item_id: str, vid: str | None, sent: Any) -> httpx.Response:
        item = next(o for o in self.lists["dynamic_content"] if str(o["id"]) == item_id)
        variants = item.setdefault("variants", [])
        if sent and sent["variant"].get("default"):
            for other in variants:
                other["default"] = False
        if vid is None:
            new = {**sent["variant"], "id": self._new_id("variants")}
            variants.append(new)
            return httpx.Response(201, json={"variant": new})
        found = next(v for v in variants if str(v["id"]) == vid)
        if method == "DELETE":
            variants.remove(found)
            return httpx.Response(204)
        found.update(sent["variant"])
        return httpx.Response(200, json={"variant": found})

    def _new_id(self, kind: str) -> int | str:
        self.next_id += 1
        return str(self.next_id) if kind == "trigger_categories" else self.next_id


def cursor_pages(plural: str, items: list[dict[str, Any]]) -> Any:
    """A respx side effect serving ``items`` in cursor pages of ``page[size]``."""

    def answer(request: httpx.Request) -> httpx.Response:
        size = int(request.url.params.get("page[size]", "100"))
        start = int(request.url.params.get("page[after]", "0"))
        page = items[start : start + size]
        more = start + size < len(items)
        nxt = request.url.copy_set_param("page[after]", str(start + size)) if more else None
        return httpx.Response(
            200,
            json={
                plural: page,
                "meta": {"has_more": more, "after_cursor": str(start + size) if more else None},
                "links": {"next": str(nxt) if nxt else None},
            },
        )

    return answer
