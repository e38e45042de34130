"""The one place where HTTP failures become :class:`~helpctl.errors.ApiError` subclasses.

Zendesk answers errors in several shapes (reference §3); all of them are read here:

- classic: ``{"error": "RecordInvalid", "description": "...", "details": {field: [{description,
  error}]}}`` (``message`` instead of ``description`` on some endpoints);
- object: ``{"error": {"title": "...", "message": "..."}}`` (parameter validation, unknown
  subdomain);
- JSON:API: ``{"errors": [{"code", "title", "detail", "source"}]}`` (trigger categories, newer
  endpoints);
- plain text (some 400s and 429s), or nothing at all.

Every error names the method and the path (never a URL with credentials, a header or a token) and
carries a hint a person can act on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from helpctl.errors import (
    ApiError,
    AuthError,
    InvalidRecord,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
)

__all__ = [
    "ErrorBody",
    "error_from_response",
    "foreign_link",
    "invalid_answer",
    "job_timeout",
    "list_error",
    "parse_error_body",
    "shape_error",
    "transport_error",
]

#: Zendesk error text is short; anything longer is an HTML error page or a stack trace.
MAX_TEXT = 300


class ErrorBody:
    """What an error body says: a message, Zendesk's code, and per-field details."""

    __slots__ = ("code", "details", "extra", "message")

    def __init__(
        self,
        message: str = "",
        code: str = "",
        details: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.details = details or {}
        self.extra = extra or {}


def parse_error_body(content: bytes, content_type: str = "") -> ErrorBody:
    """Read any of Zendesk's error shapes (or plain text) into an :class:`ErrorBody`."""
    text = content.decode("utf-8", "replace").strip()
    if not text:
        return ErrorBody()
    data: Any = None
    if "json" in content_type or text[:1] in "{[":
        try:
            data = json.loads(text)
        except ValueError:
            data = None
    if not isinstance(data, dict):
        return ErrorBody(message=_clip(text) if not text.startswith("<") else "")
    return _from_json(data)


def _from_json(data: dict[str, Any]) -> ErrorBody:
    error = data.get("error")
    details = _flatten_details(data.get("details"))
    extra = {k: data[k] for k in ("max_count",) if k in data}
    if isinstance(error, dict):  # {"error": {"title", "message"}}
        title, message = str(error.get("title") or ""), str(error.get("message") or "")
        text = f"{title}: {message}" if title and message else title or message
        return ErrorBody(_clip(text), "", details, extra)
    errors = data.get("errors")
    if isinstance(errors, list) and errors:  # JSON:API
        return _from_json_api(errors, details, extra)
    code = str(error) if isinstance(error, str) else ""
    message = next(
        (str(data[k]) for k in ("description", "message") if isinstance(data.get(k), str)), ""
    )
    if not message and isinstance(data.get("details"), str):
        message = data["details"]
    return ErrorBody(_clip(message or code), code, details, extra)


def _from_json_api(
    errors: list[Any], details: dict[str, list[str]], extra: dict[str, Any]
) -> ErrorBody:
    messages: list[str] = []
    codes: list[str] = []
    for item in errors:
        if not isinstance(item, dict):
            messages.append(str(item))
            continue
        text = str(item.get("detail") or item.get("title") or item.get("code") or "")
        source = item.get("source")
        field = ""
        if isinstance(source, dict):
            field = str(source.get("pointer") or source.get("parameter") or "").lstrip("/")
        if field:
            details.setdefault(field, []).append(text)
        messages.append(text)
        if item.get("code"):
            codes.append(str(item["code"]))
    return ErrorBody(_clip("; ".join(m for m in messages if m)), ", ".join(codes), details, extra)


def _flatten_details(raw: Any) -> dict[str, list[str]]:
    """``{"name": [{"description": "Name: is too short", "error": "ValueTooShort"}]}`` →
    ``{"name": ["Name: is too short"]}`` (strings and bare dicts are accepted too)."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[str]] = {}
    for field, entries in raw.items():
        items = entries if isinstance(entries, list) else [entries]
        texts = []
        for entry in items:
            if isinstance(entry, dict):
                texts.append(str(entry.get("description") or entry.get("error") or entry))
            else:
                texts.append(str(entry))
        out[str(field)] = [t.strip() for t in texts]
    return out


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def error_from_response(
    method: str,
    path: str,
    status: int,
    content: bytes,
    content_type: str = "",
    *,
    instance: str = "",
    retry_after: float | None = None,
    redact: Callable[[str], str] = str,
) -> ApiError:
    """The :class:`ApiError` for an answer helpctl cannot use: an error (4xx/5xx) or a redirect
    (3xx: never followed, since it would carry the credentials elsewhere).

    ``redact`` scrubs text taken from the body (a server could echo what it was sent).
    """
    body = parse_error_body(content, content_type)
    message = redact(body.message) or f"HTTP {status}"
    if body.code and body.code not in message:
        message = f"{message} ({redact(body.code)})"
    body.details = {k: [redact(t) for t in v] for k, v in body.details.items()}
    where = f"instance {instance!r}" if instance else "this instance"
    cls, hint = _classify(status, method, path, body, where, retry_after)
    common: dict[str, Any] = {
        "method": method,
        "path": path,
        "status": status,
        "details": body.details,
        "instance": instance,
        "hint": hint,
    }
    if cls is RateLimited:
        return RateLimited(message, retry_after=retry_after, **common)
    return cls(message, **common)


def _classify(
    status: int,
    method: str,
    path: str,
    body: ErrorBody,
    where: str,
    retry_after: float | None,
) -> tuple[type[ApiError], str]:
    """The error class for ``status`` and the hint a person can act on."""
    if status == 401:
        return AuthError, f"check the email and token reference of {where}; is the token revoked?"
    if status == 403:
        hint = f"the API user of {where} needs admin rights for this"
        if "create_many" in path or "create_or_update_many" in path or "imports/" in path:
            hint += "; bulk user and ticket import must be enabled by Zendesk support"
        return PermissionDenied, hint
    if status == 404:
        return NotFound, _not_found_hint(body, where)
    if status in (400, 413, 422):
        return InvalidRecord, _invalid_hint(body)
    if status == 429:
        wait = f" (Zendesk asked to wait {retry_after:g} s)" if retry_after is not None else ""
        return RateLimited, (
            f"the API rate limit of {where} is used up{wait}; lower `rate_limit` for it in "
            "helpctl.yaml, or run again when other integrations are quieter"
        )
    if status >= 500:
        hint = "Zendesk had a server problem; run the command again later (see status.zendesk.com)"
        if method == "POST":
            hint += "; the request may have taken effect, so re-running plans against live state"
        return ServerError, hint
    if 300 <= status < 400:
        return ApiError, (
            f"the API redirected instead of answering; check the subdomain or url of {where} "
            "(helpctl does not follow redirects, as they would carry the credentials)"
        )
    if status == 409:
        return ApiError, "another change to the same record happened at the same time; run again"
    return ApiError, "see Zendesk's message above"


def foreign_link(method: str, link: str, *, instance: str = "") -> ApiError:
    """A link (``next_page``, ``links.next``) to another origin, which is never followed."""
    parts = urlsplit(link)
    return ApiError(
        f"refusing to follow a link to another host ({parts.hostname}); the credentials of "
        "this instance are only ever sent to its own API url",
        method=method,
        path=parts.path,
        instance=instance,
        hint="the helpdesk answered with a pagination link elsewhere; report this answer",
    )


def list_error(path: str, why: str, *, instance: str = "") -> ApiError:
    """A list that cannot be read completely (see :func:`helpctl.zendesk.pagination.iter_pages`)."""
    return ApiError(
        f"cannot read the list: {why}",
        method="GET",
        path=path,
        instance=instance,
        hint="stopped rather than risk a partial or endless list; report this answer",
    )


def shape_error(method: str, path: str, key: str, *, instance: str = "") -> ApiError:
    """A success answer without the object it should carry under ``key``."""
    return ApiError(
        f"the answer has no {key!r} object",
        method=method,
        path=path,
        instance=instance,
        hint="the endpoint answered in an unexpected shape; report this answer",
    )


def job_timeout(path: str, status: Any, timeout: float, *, instance: str = "") -> ApiError:
    """A bulk job still queued or working when the caller stopped waiting for it."""
    return ApiError(
        f"the job is still {status!r} after {timeout:g} s",
        method="GET",
        path=path,
        instance=instance,
        hint="Zendesk may be busy; the job may still finish, so check it again later",
    )


def invalid_answer(method: str, path: str, status: int, *, instance: str = "") -> ApiError:
    """A success status whose body claims to be JSON but is not (cut off, or a proxy page)."""
    return ApiError(
        "the answer is not valid JSON (it may have been cut off)",
        method=method,
        path=path,
        status=status,
        instance=instance,
        hint="run the command again; if it persists, report it with --debug output",
    )


def _not_found_hint(body: ErrorBody, where: str) -> str:
    if body.message.startswith("No help desk at"):
        return f"check the subdomain (or url) of {where}"
    return "the object may have been deleted outside helpctl; run `helpctl plan` again"


def _invalid_hint(body: ErrorBody) -> str:
    if body.code == "TooManyValues":
        limit = body.extra.get("max_count", 100)
        return f"Zendesk takes at most {limit} items per bulk call; send smaller batches"
    if body.details:
        return "fix the fields listed in the details, then run again"
    return "Zendesk refused the request as sent; check the values it names"


def transport_error(
    method: str,
    path: str,
    exc: Exception,
    *,
    instance: str = "",
    sent: bool,
    redact: Callable[[str], str] = str,
) -> TransportError:
    """The :class:`TransportError` for a request that got no HTTP answer.

    ``sent`` says whether the request may have reached the server: for a POST that is the case
    where the object might exist now and the caller must look before re-sending.
    """
    kind = type(exc).__name__
    reason = redact(_clip(str(exc))) or kind
    if sent and method == "POST":
        message = f"the connection failed after the request was sent ({kind}: {reason})"
        hint = (
            "the object may or may not have been created; helpctl looks it up before sending "
            "it again, so running the command again is safe"
        )
    else:
        message = f"no answer from Zendesk ({kind}: {reason})"
        hint = "check the network connection and the instance's subdomain or url, then run again"
    return TransportError(message, method=method, path=path, hint=hint, instance=instance)
