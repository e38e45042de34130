"""Request bodies, read and parsed in one place, with the limits a public server needs.

- Size: a JSON body may be at most :data:`MAX_JSON_BYTES`, an upload (raw bytes to ``/uploads``)
  :data:`MAX_UPLOAD_BYTES`. A declared ``Content-Length`` past the limit is refused before a byte
  is read; otherwise the body is counted as it streams in and refused the moment it passes the
  limit, so an oversized body is never held in memory. The answer is a 413 with a JSON body.
- Pace: a client that stops sending in the middle of a body for :attr:`Settings.body_timeout`
  seconds gets a 408.
- Text: JSON must be UTF-8 (no byte-order mark), plain JSON (no ``NaN``/``Infinity``, as Ruby's
  parser refuses them), nested at most :data:`MAX_DEPTH` levels (Ruby's ``max_nesting``), and
  its strings must be valid Unicode (no lone surrogate such as ``"\\ud800"``). Anything else is
  a 400 ``InvalidJSON``.
- Numbers: integers must fit in 64 bits (the size of Zendesk's ids) and floats must be finite
  (``1e400`` parses as infinity); anything else is a 422 ``RecordInvalid`` naming the field.
"""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

from starlette.requests import ClientDisconnect, Request

from helpctl.sandbox.replies import ApiProblem, Details

__all__ = [
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_UPLOAD_BYTES",
    "parse_json",
    "read_body",
]

MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the attachment limit commonly cited for Zendesk
MAX_DEPTH = 100
_INT64 = 2**63


def _too_large(limit: int) -> ApiProblem:
    return ApiProblem(
        413,
        {
            "error": "RequestEntityTooLarge",
            "description": f"Request body is larger than the limit of {limit} bytes",
        },
    )


def invalid_json(why: str) -> ApiProblem:
    return ApiProblem(400, {"error": "InvalidJSON", "description": f"Invalid JSON: {why}"})


def _declared_length(request: Request) -> int | None:
    text = request.headers.get("content-length", "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) < 19 else _INT64  # never int() a 5,000-digit header


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, at most ``limit`` bytes (413 past it; 408 when it stalls)."""
    declared = _declared_length(request)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    stream = request.stream()
    try:
        while True:
            try:
                chunk = await asyncio.wait_for(anext(stream), timeout)
            except StopAsyncIteration:
                break
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
    except TimeoutError as ex:
        raise ApiProblem(
            408, {"error": "RequestTimeout", "description": "The request body stopped arriving"}
        ) from ex
    except ClientDisconnect as ex:  # nobody is left to read the answer
        raise invalid_json("the client went away in the middle of the body") from ex
    return b"".join(chunks)


def body_limit(request: Request) -> int:
    """Raw bytes may only go to ``/uploads`` (with a content type other than JSON)."""
    return MAX_UPLOAD_BYTES if _is_upload(request) else MAX_JSON_BYTES


def _is_upload(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):  # help center article attachments
        return True
    return "json" not in kind and request.url.path.rstrip("/").endswith("/uploads")


def parse_body(request: Request, raw: bytes) -> Any:
    """The body as handlers see it: None when empty, bytes for an upload, else parsed JSON."""
    if not raw:
        return None
    if _is_upload(request):
        return raw
    return parse_json(raw)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    """Parse a JSON body and check it (see the module docstring); raises :class:`ApiProblem`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as ex:
        raise invalid_json(f"the body is not UTF-8 (byte {ex.start})") from ex
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError as ex:
        raise invalid_json(f"nested deeper than {MAX_DEPTH} levels") from ex
    except ValueError as ex:  # JSONDecodeError, NaN/Infinity, an integer of > 4,300 digits
        raise invalid_json(str(ex)) from ex
    check_value(value)
    return value


def check_value(value: Any) -> None:
    """Depth, string and number checks over a parsed document, without recursion."""
    errors = Details()
    stack: list[tuple[Any, int, str]] = [(value, 1, "base")]
    while stack:
        item, depth, field = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise invalid_json(f"nested deeper than {MAX_DEPTH} levels")
            pairs = item.items() if isinstance(item, dict) else ((None, v) for v in item)
            for key, child in pairs:
                if key is not None:
                    _check_text(key)
                # Errors name the attribute inside the envelope: {"group": {"name": ...}}.
                name = key if key is not None and depth == 2 else field
                stack.append((child, depth + 1, name))
        elif isinstance(item, str):
            _check_text(item)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int) and not -_INT64 <= item < _INT64:
            _out_of_range(errors, field, "is past the 64-bit integer range")
        elif isinstance(item, float) and not math.isfinite(item):
            _out_of_range(errors, field, "is not a finite number")
    errors.check()


def _out_of_range(errors: Details, field: str, why: str) -> None:
    label = field.replace("_", " ").capitalize()
    if field not in errors.details:
        errors.add(field, f"{label}: {why}", "InvalidValue")


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as ex:
        code = ord(text[ex.start])
        raise invalid_json(f"a string holds a lone surrogate (\\u{code:04x})") from ex
