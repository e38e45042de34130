"""What handlers return and raise: replies, Zendesk's error bodies, and the request they answer.

Handlers are plain synchronous functions ``(Call) -> Reply``: they raise :class:`ApiProblem` for
every Zendesk error, so the HTTP layer renders every error body in one place.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from helpctl.sandbox.schemas import type_errors
from helpctl.sandbox.store import HC_MARK, URL_MARK, Account, Store

__all__ = [
    "ApiProblem",
    "Call",
    "Ctx",
    "Details",
    "Handler",
    "Reply",
    "Settings",
    "bad_request",
    "iso",
    "not_found",
    "parse_time",
    "too_many_values",
]


@dataclass
class Settings:
    """Server-wide knobs tests turn: how jobs progress and when their statuses expire, and how
    long a connection may sit idle (see ``docs/sandbox.md``, "Limits")."""

    job_polls: int = 1  # polls answered "working" before "completed"
    job_ttl: float = 3600.0  # seconds a job status stays readable
    job_keep: int = 100  # newest job statuses kept per account
    idle_timeout: int = 5  # seconds a connection may wait between requests (or before its first)
    body_timeout: float = 30.0  # seconds a request body may stall before a 408
    max_connections: int = 256  # open connections (and requests) before uvicorn answers 503


@dataclass
class Ctx:
    """What a handler knows about its account and server."""

    store: Store
    account: Account
    base: str
    settings: Settings

    @property
    def name(self) -> str:
        return self.account.name


@dataclass
class Call:
    """One request, as a handler sees it: path parameters, query, parsed body."""

    ctx: Ctx
    method: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    raw: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    new_id: int = 0  # the id a create is about to give its object

    def int_param(self, name: str) -> int:
        text = self.params[name]
        # Past 64 bits an id names no record (as Rails answers an out-of-range id).
        if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) >= 2**63:
            raise not_found()
        return int(text)

    def obj(self, key: str) -> dict[str, Any]:
        """The body's object under ``key`` (e.g. ``brand``); 400 when it is missing, 422 when an
        attribute has the wrong JSON type (``schemas.SCHEMAS``)."""
        value = self.body.get(key) if isinstance(self.body, dict) else None
        if not isinstance(value, dict):
            raise bad_request("InvalidParameter", f"Parameter {key} is required")
        errors = Details()
        for name, description in type_errors(key, value):
            errors.add(name, description, "InvalidValue")
        errors.check()
        return value


@dataclass
class Reply:
    """A response: a JSON document, or already-rendered JSON text, plus headers."""

    status: int = 200
    doc: Any = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    content_type: str = "application/json; charset=utf-8"

    def render(self, base: str) -> bytes:
        if self.content is not None:
            return self.content
        if self.text is None and self.doc is None:
            return b""
        text = self.text if self.text is not None else json.dumps(self.doc, ensure_ascii=False)
        hc_root = base.removesuffix("api/v2/")
        return text.replace(URL_MARK, base).replace(HC_MARK, hc_root).encode()


Handler = Callable[[Call], Reply]


class ApiProblem(Exception):
    """A Zendesk error answer: status, body and extra headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}

    def reply(self) -> Reply:
        if isinstance(self.body, str):
            return Reply(
                self.status,
                content=self.body.encode(),
                headers=dict(self.headers),
                content_type="text/plain; charset=utf-8",
            )
        return Reply(self.status, self.body, headers=dict(self.headers))


def not_found() -> ApiProblem:
    return ApiProblem(404, {"error": "RecordNotFound", "description": "Not found"})


def bad_request(error: str, description: str, **extra: Any) -> ApiProblem:
    return ApiProblem(400, {"error": error, "description": description, **extra})


def too_many_values(description: str | None = None) -> ApiProblem:
    if description is not None:
        return ApiProblem(400, {"error": "TooManyValues", "description": description})
    return bad_request(
        "TooManyValues", "Parameter  cannot specify more than 100 values", max_count=100
    )


class Details:
    """Collects per-field validation errors and raises one 422 ``RecordInvalid`` with them all."""

    def __init__(self) -> None:
        self.details: dict[str, list[dict[str, str]]] = {}

    def add(self, field: str, description: str, error: str | None = None) -> None:
        entry = {"description": description}
        if error is not None:
            entry["error"] = error
        self.details.setdefault(field, []).append(entry)

    def blank(self, field: str) -> None:
        label = field.replace("_", " ").capitalize()
        self.add(field, f"{label}: cannot be blank", "BlankValue")

    def duplicate(self, field: str, value: Any) -> None:
        label = field.replace("_", " ").capitalize()
        self.add(field, f"{label}: {value} has already been taken", "DuplicateValue")

    def unknown(self, field: str, value: Any) -> None:
        label = field.replace("_", " ").capitalize()
        self.add(field, f"{label}: {value} is not a valid id", "InvalidValue")

    def require(self, obj: Mapping[str, Any], *fields: str) -> None:
        for name in fields:
            value = obj.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.blank(name)

    def __bool__(self) -> bool:
        return bool(self.details)

    def problem(self) -> ApiProblem:
        return ApiProblem(
            422,
            {
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": self.details,
            },
        )

    def check(self) -> None:
        if self.details:
            raise self.problem()


@lru_cache(maxsize=8192)
def iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def parse_time(value: Any) -> float | None:
    """Seconds since the epoch of an ISO-8601 UTC timestamp, or None when it is not one."""
    return _parse_time(value) if isinstance(value, str) else None


@lru_cache(maxsize=8192)  # imports repeat the same historical timestamps many times
def _parse_time(value: str) -> float | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
