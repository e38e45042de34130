"""An in-memory helpdesk speaking the few endpoints a migration uses, with switchable faults.

It stands in for :class:`~helpctl.zendesk.client.ZendeskClient` in the runner's unit tests so
exactly-once logic is tested fast and deterministically: a job reads ``queued`` once, then
``completed``; ``lose_replies`` makes the next import POSTs raise ``TransportError`` *after* the
tickets were stored (the reply was lost), ``refuse_before`` before anything was stored.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from helpctl.errors import NotFound, PermissionDenied, TransportError
from helpctl.zendesk.stats import ClientStats


class FakeHelpdesk:
    def __init__(self) -> None:
        self.tickets: dict[int, dict[str, Any]] = {}
        self.users: dict[str, int] = {}
        self.jobs: dict[str, list[Any]] = {}
        self.fields = {"Contact reason": 9001}
        self.stats = ClientStats()
        self.lose_replies = 0
        self.refuse_before = 0
        self.reject_subjects: set[str] = set()
        self.bulk_users_enabled = True
        self.posted_imports = 0
        self.posted_tickets = 0
        self.updates: list[dict[str, Any]] = []
        self._ids = itertools.count(1000)

    # -- jobs ------------------------------------------------------------------------------
    def _job(self, results: list[dict[str, Any]]) -> dict[str, Any]:
        job_id = f"J{next(self._ids)}"
        self.jobs[job_id] = [0, results]
        return {"job_status": {"id": job_id, "status": "queued", "results": None}}

    def _read_job(self, job_id: str) -> dict[str, Any] | None:
        if job_id not in self.jobs:
            return None
        polls, results = self.jobs[job_id]
        self.jobs[job_id][0] += 1
        if polls == 0:
            return {"id": job_id, "status": "working", "results": None}
        return {"id": job_id, "status": "completed", "results": results}

    # -- the client surface ------------------------------------------------------------------
    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        self.stats.count("GET")
        params = params or {}
        if path == "job_statuses/show_many":
            docs = [self._read_job(i) for i in params["ids"].split(",")]
            return {"job_statuses": [d for d in docs if d]}
        if path.startswith("job_statuses/"):
            doc = self._read_job(path.split("/")[1])
            if doc is None:
                raise NotFound("no job", method="GET", path=path, status=404)
            return {"job_status": doc}
        if path == "tickets":
            ext = params.get("external_id")
            return {"tickets": [t for t in self.tickets.values() if t["external_id"] == ext]}
        if path == "tickets/show_many":
            ids = [int(i) for i in params["ids"].split(",")]
            return {"tickets": [self.tickets[i] for i in ids if i in self.tickets]}
        raise NotFound("unknown path", method="GET", path=path, status=404)

    def post(
        self,
        path: str,
        json: Any = None,
        params: dict[str, Any] | None = None,
        *,
        idempotent: bool = False,
    ) -> Any:
        self.stats.count("POST")
        if path == "users/create_or_update":
            u = json["user"]
            key = u.get("email") or u.get("external_id")
            self.users.setdefault(key, next(self._ids))
            return {"user": {**u, "id": self.users[key]}}
        if path == "users/create_or_update_many":
            if not self.bulk_users_enabled:
                raise PermissionDenied("Forbidden", method="POST", path=path, status=403)
            results = []
            for u in json["users"]:
                key = u.get("email") or u.get("external_id")
                self.users.setdefault(key, next(self._ids))
                results.append({"id": self.users[key], "status": "Created", "success": True})
            return self._job(results)
        if path == "imports/tickets/create_many":
            self.posted_imports += 1
            self.posted_tickets += len(json["tickets"])
            if self.refuse_before:
                self.refuse_before -= 1
                raise TransportError("reset", method="POST", path=path)
            results = []
            for index, t in enumerate(json["tickets"]):
                if t["subject"] in self.reject_subjects:
                    results.append({"index": index, "error": "RecordInvalid", "details": "no"})
                    continue
                tid = next(self._ids)
                archived = bool(params and params.get("archive_immediately"))
                self.tickets[tid] = {**t, "id": tid, "archived": archived}
                results.append({"index": index, "id": tid})
            reply = self._job(results)
            if self.lose_replies:
                self.lose_replies -= 1
                raise TransportError("reset", method="POST", path=path)
            return reply
        raise NotFound("unknown path", method="POST", path=path, status=404)

    def put(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Any:
        self.stats.count("PUT")
        if path == "tickets/update_many":
            results = []
            for u in json["tickets"]:
                self.updates.append(u)
                self.tickets[u["id"]].update({k: v for k, v in u.items() if k != "id"})
                results.append({"id": u["id"], "status": "Updated", "success": True})
            return self._job(results)
        tid = int(path.split("/")[1])
        self.tickets[tid]["comments"].append(json["ticket"]["comment"])
        return {"ticket": self.tickets[tid]}

    def iter_items(
        self,
        path: str,
        key: str,
        *,
        pagination: str = "cursor",
        params: dict[str, Any] | None = None,
    ) -> Iterator[dict[str, Any]]:
        self.stats.count("GET")
        if path == "ticket_fields":
            yield from ({"id": i, "title": t} for t, i in self.fields.items())
        elif path.endswith("/comments"):
            yield from self.tickets[int(path.split("/")[1])]["comments"]
        elif path == "job_statuses":
            return
        else:
            yield from ()

    def upload(self, filename: str, data: bytes, content_type: str, token: str | None = None
               ) -> dict[str, Any]:  # fmt: skip
        self.stats.count("POST")
        return {"token": f"tok-{filename}-{len(data)}"}

    # -- what tests look at ------------------------------------------------------------------
    def external_ids(self) -> list[str]:
        return sorted(t["external_id"] for t in self.tickets.values())
