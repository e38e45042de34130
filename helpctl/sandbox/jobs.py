"""Background jobs as Zendesk shows them: the work is done at once, but its ``job_status`` reads
``queued`` in the create response, ``working`` on the next polls, then ``completed`` with
index-aligned ``results``. Statuses expire after a while or beyond the newest N (404 then)."""

from __future__ import annotations

import hashlib
import time
from typing import Any

from helpctl.sandbox.crud import Route, now
from helpctl.sandbox.replies import Call, Reply, iso, not_found
from helpctl.sandbox.store import URL_MARK

__all__ = ["jobs_routes", "start_job"]


def _expire(call: Call) -> None:
    settings, store = call.ctx.settings, call.ctx.store
    jobs = store.job_ids(call.ctx.name)
    cutoff = time.time() - settings.job_ttl
    old = [
        jid for n, (jid, created) in enumerate(jobs) if n >= settings.job_keep or created < cutoff
    ]
    store.drop_jobs(call.ctx.name, old)


def start_job(call: Call, job_type: str, results: list[Any] | dict[str, Any]) -> Reply:
    """Record a finished job and answer its ``queued`` status (200, as Zendesk does)."""
    seq = call.ctx.store.new_id()
    job_id = "V3-" + hashlib.sha1(f"{call.ctx.name}:{seq}".encode()).hexdigest()
    total = len(results) if isinstance(results, list) else 1
    final = {
        "id": job_id,
        "url": f"{URL_MARK}job_statuses/{job_id}.json",
        "job_type": job_type,
        "total": total,
        "progress": total,
        "status": "completed",
        "message": f"Completed at {iso(now()).replace('T', ' ').replace('Z', ' +0000')}",
        "results": results,
    }
    call.ctx.store.put_job(call.ctx.name, job_id, final, time.time())
    _expire(call)
    return Reply(200, {"job_status": _view(final, "queued")})


def _view(final: dict[str, Any], status: str) -> dict[str, Any]:
    if status == "completed":
        return final
    progress = None if status == "queued" else final["total"] // 2
    return {**final, "progress": progress, "status": status, "message": None, "results": None}


def _read(call: Call, job_id: str) -> dict[str, Any] | None:
    found = call.ctx.store.poll_job(call.ctx.name, job_id)
    if found is None:
        return None
    final, polls, created = found
    if created < time.time() - call.ctx.settings.job_ttl:
        return None
    status = "working" if polls < call.ctx.settings.job_polls else "completed"
    return _view(final, status)


def _show(call: Call) -> Reply:
    _expire(call)
    doc = _read(call, call.params["id"])
    if doc is None:
        raise not_found()
    return Reply(200, {"job_status": doc})


def _show_many(call: Call) -> Reply:
    _expire(call)
    ids = [i for i in call.query.get("ids", "").split(",") if i]
    docs = [d for d in (_read(call, i) for i in ids) if d is not None]
    return Reply(200, {"job_statuses": docs})


def _list(call: Call) -> Reply:
    _expire(call)
    docs = [d for d in (_read(call, i) for i, _ in call.ctx.store.job_ids(call.ctx.name)) if d]
    meta = {"has_more": False, "after_cursor": None, "before_cursor": None}
    return Reply(200, {"job_statuses": docs, "meta": meta, "links": {"prev": None, "next": None}})


def jobs_routes() -> list[Route]:
    return [
        ("GET", "/job_statuses", _list),
        ("GET", "/job_statuses/show_many", _show_many),
        ("GET", "/job_statuses/{id}", _show),
    ]
