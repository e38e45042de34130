"""The HTTP side of the ``rt`` source: Request Tracker 5's REST 2 API (``/REST/2.0/``).

RT hashes the password (or auth token) on every request that carries it, about 0.25 s each, so
with a user and password the client logs in once through RT's web login and reuses the session
cookie (about 0.04 s a request); a token is sent on every request (RT has no other way in for
it). Failures are split the way a migration needs them: :class:`SourceError` when the run
cannot go on (RT unreachable, credentials refused, a listing RT will not serve), and
:class:`RecordError` for one object (a ticket the account may not read, a file RT cannot
serve), which the source turns into a quarantine reason.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from helpctl.errors import HelpctlError, SourceError

__all__ = ["RecordError", "RtAuth", "RtClient"]

_PAGE_MAX = 100  # REST 2 never returns more per page


class RecordError(HelpctlError):
    """One object RT would not serve (403, 404, 5xx on a single record)."""


@dataclass(frozen=True)
class RtAuth:
    """Resolved credentials: a user and password, or an auth token (never printed)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def __repr__(self) -> str:  # the values must never reach a log or a traceback
        return f"RtAuth(user={self.user!r}, {'token' if self.token else 'password'}=***)"


class RtClient:
    """A REST 2 session; counts its requests in :attr:`requests`."""

    def __init__(
        self,
        url: str,
        auth: RtAuth,
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.auth = auth
        self.requests = 0
        headers = {"Referer": self.url + "/"}  # RT's request-forgery check compares it
        if auth.token:
            headers["Authorization"] = f"token {auth.token}"
        self.http = httpx.Client(timeout=timeout, headers=headers, transport=transport)
        self._basic: httpx.BasicAuth | None = None
        self._ready = False

    def close(self) -> None:
        self.http.close()

    # -- session -----------------------------------------------------------------------------
    def _start(self) -> None:
        """Log in once (user and password); fall back to basic auth when RT has no web login."""
        if self._ready:
            return
        self._ready = True
        if self.auth.token or not self.auth.user:
            return
        try:
            self.requests += 1
            reply = self.http.post(
                f"{self.url}/NoAuth/Login.html",
                data={"user": self.auth.user, "pass": self.auth.password or ""},
            )
        except httpx.HTTPError as err:
            raise self._unreachable(err) from None
        if reply.status_code >= 400 or not self.http.cookies:
            self._basic = httpx.BasicAuth(self.auth.user, self.auth.password or "")

    def _unreachable(self, err: Exception) -> SourceError:
        return SourceError(
            f"RT at {self.url} is unreachable ({type(err).__name__})",
            hint="check source.url and that RT answers: curl " + self.url + "/REST/2.0/rt",
        )

    # -- requests ----------------------------------------------------------------------------
    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The JSON of ``GET /REST/2.0/<path>``; :class:`RecordError` for a refused object."""
        reply = self._send(path, params)
        try:
            return reply.json()
        except ValueError:
            raise RecordError(f"RT answered {path} with something that is not JSON") from None

    def _send(self, path: str, params: dict[str, Any] | None) -> httpx.Response:
        self._start()
        self.requests += 1
        try:
            reply = self.http.get(f"{self.url}/REST/2.0/{path}", params=params, auth=self._auth())
        except httpx.HTTPError as err:
            raise self._unreachable(err) from None
        self._check(reply, path)
        return reply

    def _auth(self) -> httpx.BasicAuth | httpx.USE_CLIENT_DEFAULT:  # type: ignore[valid-type]
        return self._basic if self._basic is not None else httpx.USE_CLIENT_DEFAULT

    def _check(self, reply: httpx.Response, path: str) -> None:
        if reply.status_code == 401:
            how = "auth token" if self.auth.token else f"user {self.auth.user!r} and password"
            raise SourceError(
                f"RT at {self.url} refused the credentials (401: the {how})",
                hint="check source.auth and the secret it points at; the account must be "
                "able to log in to RT",
            )
        if reply.status_code >= 400:
            raise RecordError(f"RT answered {reply.status_code} for {path}{_why(reply)}")

    def pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[list[Any]]:
        """Every page of a collection. RT leaves ``pages`` out when the account cannot see
        the whole collection, so paging stops at a short (or empty) page."""
        page = 1
        while True:
            query = {**(params or {}), "page": page, "per_page": _PAGE_MAX}
            body = self.get(path, query)
            items = list(body.get("items") or [])
            yield items
            if len(items) < _PAGE_MAX or page >= (body.get("pages") or page + 1):
                return
            page += 1

    def attachment(self, attachment_id: str, limit: int) -> bytes:
        """The bytes of one attachment, reading no more than the base64 of ``limit`` bytes;
        :class:`RecordError` when RT cannot serve it or it is larger than ``limit``."""
        self._start()
        self.requests += 1
        url = f"{self.url}/REST/2.0/attachment/{attachment_id}"
        cap = limit * 4 // 3 + 64 * 1024  # base64 of the limit, plus the JSON around it
        try:
            with self.http.stream("GET", url, auth=self._auth()) as reply:
                if reply.status_code >= 400:
                    reply.read()
                self._check(reply, f"attachment/{attachment_id}")
                raw = bytearray()
                for chunk in reply.iter_bytes():
                    raw.extend(chunk)
                    if len(raw) > cap:
                        raise RecordError(f"attachment {attachment_id} is over {limit} bytes")
        except httpx.HTTPError as err:
            raise self._unreachable(err) from None
        try:
            content = json.loads(bytes(raw)).get("Content") or ""
            return base64.b64decode(content, validate=False)
        except (ValueError, binascii.Error, AttributeError):
            raise RecordError(
                f"RT sent attachment {attachment_id} in a form not understood"
            ) from None


def _why(reply: httpx.Response) -> str:
    try:
        message = reply.json().get("message")
    except (ValueError, AttributeError):
        message = None
    return f": {message}" if message else ""
