"""``ZendeskClient``: the one HTTP code path to a Zendesk instance (or the sandbox).

Everything helpctl sends to a helpdesk goes through :meth:`ZendeskClient.request`, which

- waits for the instance's rate budget (:mod:`helpctl.zendesk.ratelimit`) and corrects it from
  the response headers;
- retries what is safe to retry: 429 and 503 + ``Retry-After`` always (the server declined the
  request), 409/5xx and transport failures for idempotent requests, and for a POST only a
  failure to connect (the request provably never left) unless the caller says it is idempotent;
- translates every failure into an :class:`~helpctl.errors.ApiError` subclass in one place
  (:mod:`helpctl.zendesk.http_errors`), naming method and path, never a header or token;
- logs one DEBUG line per request on the ``helpctl.http`` logger.

The ``httpx.Client`` is injected, so tests pass a respx-mocked client and nothing reaches the
network; ``sleep`` and ``clock`` are injected so rate limiting and backoff are tested without
waiting.
"""

from __future__ import annotations

import functools
import random
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import httpx

from helpctl.errors import ApiError, ConfigError
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.http_errors import (
    error_from_response,
    foreign_link,
    invalid_answer,
    job_timeout,
    list_error,
    shape_error,
    transport_error,
)
from helpctl.zendesk.httplog import log_attempt
from helpctl.zendesk.pagination import PageError, Pagination, iter_pages
from helpctl.zendesk.ratelimit import (
    RateInfo,
    RateLimiter,
    parse_retry_after,
    read_rate_headers,
)
from helpctl.zendesk.retry import RetryPolicy, was_sent
from helpctl.zendesk.stats import ClientStats
from helpctl.zendesk.urls import Target, check_base_url

__all__ = ["ClientStats", "ZendeskClient"]

#: Connect quickly, but give bulk endpoints time to answer.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
JOB_DONE = frozenset({"completed", "failed", "killed"})


class _Call(NamedTuple):
    """One logical request, the same for every attempt."""

    method: str
    url: str
    path: str
    params: Mapping[str, Any] | None
    json: Any
    content: bytes | None
    headers: dict[str, str]


class ZendeskClient:
    """JSON over HTTP to one instance, inside its rate budget, with retries and typed errors.

    Paths are relative to ``base_url`` (``"triggers"``, ``"ticket_fields/12/options"``). Lists
    come from :meth:`iter_items`; bulk jobs are awaited with :meth:`wait_job`.

    **POSTs are not retried blindly.** A POST whose connection failed after it was sent (read
    timeout, reset) raises ``TransportError``, and one answered 500/502/504 (or 503 without
    ``Retry-After``) raises ``ServerError``: the object may exist now, and the caller (the
    provider) must look it up by identity before sending it again. Pass ``idempotent=True`` for
    POSTs that are safe to repeat (``create_or_update_many``, job polling). A POST that could
    not connect, or was declined with 429 / 503 + ``Retry-After``, is retried: it never ran.
    """

    def __init__(
        self,
        http: httpx.Client,
        *,
        base_url: str,
        auth: Auth,
        rate_limit: int | None = None,
        instance: str = "",
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_retries: int = 6,
        rng: random.Random | None = None,
    ) -> None:
        if rate_limit is not None and rate_limit < 1:
            raise ConfigError(
                f"rate_limit of instance {instance!r} must be a positive number of requests a "
                f"minute, not {rate_limit}",
                hint="leave it out to follow the limit Zendesk reports",
            )
        self.base_url = check_base_url(base_url, instance=instance)
        self.instance = instance
        self.retry = RetryPolicy(max_retries, rng or random.Random())
        self.stats = ClientStats()
        self.limiter = RateLimiter(rate_limit, clock=clock)
        self._http = http
        self._owns_http = False
        self._auth = auth
        self._target = Target(self.base_url)
        self._sleep = sleep
        self._clock = clock
        self._headers = {"Authorization": auth.header(), "Accept": "application/json"}
        self._json_headers = {**self._headers, "Content-Type": "application/json"}

    @classmethod
    def open(
        cls, base_url: str, auth: Auth, *, rate_limit: int | None = None, instance: str = ""
    ) -> ZendeskClient:
        """A client for ``base_url`` over an ``httpx.Client`` of its own (default timeouts,
        redirects not followed), which :meth:`close` closes; callers need not import httpx."""
        http = httpx.Client(
            timeout=DEFAULT_TIMEOUT, follow_redirects=False, verify=_shared_tls_context()
        )
        try:
            client = cls(
                http, base_url=base_url, auth=auth, rate_limit=rate_limit, instance=instance
            )
        except BaseException:
            http.close()
            raise
        client._owns_http = True
        return client

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> ZendeskClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ZendeskClient(instance={self.instance!r}, base_url={self.base_url!r})"

    # -- verbs -------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(
        self,
        path: str,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        *,
        idempotent: bool = False,
    ) -> Any:
        """POST ``json``; see the class docstring for when a POST is retried."""
        return self.request("POST", path, params=params, json=json, idempotent=idempotent)

    def put(self, path: str, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("PUT", path, params=params, json=json)

    def patch(self, path: str, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("PATCH", path, params=params, json=json)

    def delete(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """DELETE; returns None for 204 (most deletes) or the body when there is one."""
        return self.request("DELETE", path, params=params)

    # -- the one request path ----------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
        idempotent: bool | None = None,
        raw: bool = False,
    ) -> Any:
        """Send one request (retrying where safe); parsed JSON, None for an empty answer
        (``raw``: the answer's bytes, e.g. an attachment's content)."""
        url = self._target.url(path)
        if url is None:
            raise foreign_link(method, path, instance=self.instance)
        headers = self._headers
        if content_type is not None:
            headers = {**self._headers, "Content-Type": content_type}
        elif json is not None:
            headers = self._json_headers
        call = _Call(method, url, path, params, json, content, headers)
        safe = method != "POST" if idempotent is None else idempotent
        attempt = 0
        while True:
            try:
                response, info = self._send(call, attempt)
            except httpx.RequestError as exc:
                delay = self.retry.after_failure(exc, safe=safe, attempt=attempt)
                if delay is None:
                    raise self._transport_error(call, exc) from None
                self._retry_after(delay)
                attempt += 1
                continue
            if response.status_code < 300:
                return response.content if raw else self._parse(call, response)
            self._wait_to_retry_or_raise(call, response, info, safe, attempt)
            attempt += 1

    def _wait_to_retry_or_raise(
        self, call: _Call, response: httpx.Response, info: RateInfo, safe: bool, attempt: int
    ) -> None:
        status = response.status_code
        told = None
        if status in (429, 503):
            told = parse_retry_after(response.headers.get("retry-after"))
        if status == 429:
            self.stats.add_rate_limited()
        delay = self.retry.after_answer(status, told, safe=safe, attempt=attempt)
        if delay is None:
            raise self._http_error(call, response, told)
        # A throttled account holds back every request of this client; a 429 while the account
        # still has budget left is an endpoint's own limit (incremental exports, tickets index),
        # so only this request waits.
        account_wide = status in (429, 503) and not info.remaining
        self._retry_after(delay, pause=account_wide)

    def _send(self, call: _Call, attempt: int) -> tuple[httpx.Response, RateInfo]:
        """One attempt: wait for the budget, send, count, read the rate headers, log."""
        wait = self.limiter.reserve()
        if wait > 0:
            self._wait(wait)
        started = time.perf_counter()
        try:
            response = self._http.request(
                call.method,
                call.url,
                params=call.params,
                json=call.json,
                content=call.content,
                headers=call.headers,
            )
        except httpx.RequestError as exc:
            self.stats.count(call.method)
            self._log(call, type(exc).__name__, started, None, attempt)
            raise
        self.stats.count(call.method)
        info = read_rate_headers(response.headers)
        self.limiter.observe(info)
        self._log(call, response.status_code, started, info.remaining, attempt)
        return response, info

    def _parse(self, call: _Call, response: httpx.Response) -> Any:
        """The parsed JSON body; None when empty; text when the body is not JSON (attachment
        content). A body that says it is JSON but does not parse is an error, not a string."""
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            if "json" in response.headers.get("content-type", ""):
                raise invalid_answer(
                    call.method,
                    self._target.show(call.path, call.params),
                    response.status_code,
                    instance=self.instance,
                ) from None
            return response.text

    def _retry_after(self, delay: float, *, pause: bool = False) -> None:
        self.stats.add_retry()
        if pause:
            self.limiter.pause(delay)
        else:
            self._wait(delay)

    def _wait(self, seconds: float) -> None:
        self.stats.add_sleep(seconds)
        self._sleep(seconds)

    # -- errors and logging ------------------------------------------------------------------

    def _http_error(
        self, call: _Call, response: httpx.Response, retry_after: float | None
    ) -> ApiError:
        return error_from_response(
            call.method,
            self._target.show(call.path, call.params),
            response.status_code,
            response.content,
            response.headers.get("content-type", ""),
            instance=self.instance,
            retry_after=retry_after,
            redact=self._auth.redact,
        )

    def _transport_error(self, call: _Call, exc: httpx.RequestError) -> ApiError:
        return transport_error(
            call.method,
            self._target.show(call.path, call.params),
            exc,
            instance=self.instance,
            sent=was_sent(exc),
            redact=self._auth.redact,
        )

    def _log(
        self, call: _Call, status: int | str, started: float, remaining: int | None, attempt: int
    ) -> None:
        def show() -> str:
            return self._target.show(call.path, call.params)

        log_attempt(self.instance, call.method, show, status, started, remaining, attempt)

    # -- lists, uploads, jobs ----------------------------------------------------------------

    def iter_items(
        self,
        path: str,
        key: str,
        *,
        pagination: Pagination = "cursor",
        params: Mapping[str, Any] | None = None,
        page_size: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """Every item of the list at ``path`` (under ``key``), page by page, lazily.

        Follows ``links.next`` while ``meta.has_more`` (cursor) or ``next_page`` (offset), in
        whichever shape the server answers; ``"none"`` makes one GET. Raises ApiError when the
        server hands out the same page twice or says there is more without saying where.
        """
        pages = iter_pages(self._get_page, path, key, pagination, params, page_size)
        try:
            yield from pages
        except PageError as exc:
            shown = self._target.show(exc.path, exc.params)
            raise list_error(shown, exc.why, instance=self.instance) from None

    def _get_page(self, path: str, params: Mapping[str, Any] | None) -> Any:
        return self.request("GET", path, params=params)

    def upload(
        self, filename: str, data: bytes, content_type: str, token: str | None = None
    ) -> dict[str, Any]:
        """``POST uploads?filename=…`` with the raw bytes; the ``upload`` object (its ``token``
        attaches the file to a comment). Without ``token`` a lost answer is retried: an orphan
        upload is harmless. With one it is not, as a retry would attach the file twice."""
        params = {"filename": filename}
        if token:
            params["token"] = token
        body = self.request(
            "POST",
            "uploads",
            params=params,
            content=data,
            content_type=content_type or "application/octet-stream",
            idempotent=token is None,
        )
        if not isinstance(body, dict) or not isinstance(body.get("upload"), dict):
            raise shape_error("POST", "uploads", "upload", instance=self.instance)
        upload: dict[str, Any] = body["upload"]
        return upload

    def wait_job(
        self, job_status: dict[str, Any], *, poll_interval: float = 0.2, timeout: float = 600
    ) -> dict[str, Any]:
        """Poll ``job_statuses/{id}`` until the job is completed, failed or killed; return the
        final job status (per-item failures are in its ``results``, not raised)."""
        job = job_status.get("job_status", job_status)
        if "id" not in job:
            raise shape_error("GET", "job_statuses", "job_status", instance=self.instance)
        path = f"job_statuses/{job['id']}"
        deadline = self._clock() + timeout
        while job.get("status") not in JOB_DONE:
            if self._clock() >= deadline:
                raise job_timeout(path, job.get("status"), timeout, instance=self.instance)
            self._wait(poll_interval)
            body = self.get(path)
            if not isinstance(body, dict) or not isinstance(body.get("job_status"), dict):
                raise shape_error("GET", path, "job_status", instance=self.instance)
            job = body["job_status"]
        final: dict[str, Any] = job
        return final


@functools.cache
def _shared_tls_context() -> ssl.SSLContext:
    """One TLS context (certificate verification on) for every client :meth:`ZendeskClient.open`
    makes: building one costs ~25 ms, which a 35-instance fleet would otherwise pay 35 times."""
    return httpx.create_ssl_context()
