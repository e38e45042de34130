"""The sandbox's ASGI application: account selection, auth, rate limits and faults in front of
a starlette router of Zendesk paths.

A request for ``/api/v2/X`` goes to the first account (or to ``{account}`` when the Host is
``{account}.localhost``); ``/accounts/{account}/api/v2/X`` goes to any account. ``.json`` suffixes
are optional. Everything behind the router is plain synchronous handlers ``(Call) -> Reply``; they
run on the event loop because SQLite calls are short, and injected latency sleeps asynchronously
so it never blocks other requests.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from helpctl.sandbox.body import body_limit, parse_body, read_body
from helpctl.sandbox.faults import Fault, FaultPlan, parse_faults
from helpctl.sandbox.ratelimit import RateLimiter
from helpctl.sandbox.replies import ApiProblem, Call, Ctx, Handler, Reply, Settings
from helpctl.sandbox.store import Account, Store

__all__ = ["SandboxApp", "build_router"]

log = logging.getLogger("helpctl.sandbox")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_PREFIX = re.compile(r"^/accounts/([^/]+)/api/v2(/.*)?$|^/api/v2(/.*)?$")
_HC_FILE = re.compile(r"^(?:/accounts/([^/]+))?/hc/article_attachments/(\d+)/[^/]+$")
_UNAUTHORIZED = {"error": "Couldn't authenticate you"}
_RATE_LIMITED = {
    "error": "APIRateLimitExceeded",
    "description": "Number of allowed API requests per minute exceeded",
}


def _unknown_account(name: str) -> dict[str, Any]:
    return {
        "error": {
            "title": f"No help desk at {name}.zendesk.com",
            "message": "There is no help desk configured at this address. This means that the"
            " address is available and that you can claim it at"
            " http://www.zendesk.com/signup",
        }
    }


@dataclass
class AccountState:
    """An account and its live, in-memory controls (budget, faults)."""

    account: Account
    limiter: RateLimiter
    faults: FaultPlan | None = None

    def authenticates(self, header: str) -> bool:
        """Whether an Authorization header carries this account's API token: Basic
        ``{email}/token:{token}`` (email case-insensitive) or ``Bearer {token}``."""
        return self.token_email(header) == self.account.email.lower()

    def token_email(self, header: str) -> str | None:
        """The email an Authorization header carrying this account's API token names (Basic
        ``{email}/token:{token}``; ``Bearer {token}`` is the admin's), lowercased; None when
        the header does not carry the token. Any user of the account may use the token with
        their own email, as Zendesk allows: :meth:`SandboxApp.acting` finds who it is."""
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            ok = hmac.compare_digest(value.strip(), self.account.token)
            return self.account.email.lower() if ok else None
        if scheme.lower() != "basic":
            return None
        try:
            user, _, secret = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        email, _, marker = user.lower().rpartition("/")
        if marker != "token" or not hmac.compare_digest(secret, self.account.token):
            return None
        return email


def _endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        ctx: Ctx = request.scope["sandbox.ctx"]
        raw = b""
        try:
            raw = await read_body(request, body_limit(request), ctx.settings.body_timeout)
            body = parse_body(request, raw)
            call = Call(
                ctx,
                request.method,
                request.path_params,
                request.query_params,
                body,
                raw,
                request.headers,
            )
            reply = handler(call)
        except ApiProblem as problem:
            reply = problem.reply()
        except Exception:  # a sandbox bug: answer like Zendesk's 500, keep the traceback in logs
            log.exception("sandbox handler failed: %s %s", request.method, request.url.path)
            reply = Reply(500, {"error": "InternalServerError", "description": "Internal error"})
        return _response(reply, ctx.base)

    return run


def _response(reply: Reply, base: str) -> Response:
    headers = {k: v.replace("sandbox-base:/", base) for k, v in reply.headers.items()}
    if reply.status == 204:
        return Response(status_code=204, headers=headers)
    return Response(reply.render(base), reply.status, headers, media_type=reply.content_type)


def build_router(routes: Sequence[tuple[str, str, Handler]]) -> Router:
    """A starlette router over ``(method, path, handler)`` triples, in order: the first triple
    for a method and path wins, and specific paths must come before ``/{id}`` ones."""
    seen: set[tuple[str, str]] = set()
    starlette_routes = []
    for method, path, handler in routes:
        if (method, path) not in seen:
            seen.add((method, path))
            starlette_routes.append(_Route(path, _endpoint(handler), methods=[method]))
    return Router(starlette_routes, default=_no_route)


#: What Zendesk answers for a path it does not serve, and for a method a path does not take.
INVALID_ENDPOINT = {"error": "InvalidEndpoint", "description": "Not found"}


class _Route(Route):
    """A route that answers a method it does not take as Zendesk does (404 ``InvalidEndpoint``)
    instead of starlette's plain-text 405."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            await _no_route(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _no_route(scope: Scope, receive: Receive, send: Send) -> None:
    await _send_json(send, 404, INVALID_ENDPOINT)


class SandboxApp:
    """The ASGI callable uvicorn serves (see the module docstring)."""

    def __init__(self, store: Store, router: Router, settings: Settings, seed: int = 0) -> None:
        self.store = store
        self.router = router
        self.settings = settings
        self.seed = seed
        self.accounts: dict[str, AccountState] = {}
        self.default = ""

    def add(self, account: Account, rate_limit: int | None, faults: str | None) -> None:
        plan = parse_faults(faults, f"{self.seed}:{account.name}")
        state = AccountState(account, RateLimiter(rate_limit), plan)
        self.accounts[account.name] = state
        self.default = self.default or account.name

    def set_faults(self, name: str, spec: str | None) -> None:
        self.accounts[name].faults = parse_faults(spec, f"{self.seed}:{name}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        hc_file = _HC_FILE.match(scope["path"])
        if hc_file is not None:
            await self._hc_file(scope, send, hc_file)
            return
        match = _PREFIX.match(scope["path"])
        if match is None:
            await _send_json(send, 404, INVALID_ENDPOINT)
            return
        name, rest = match.group(1), match.group(2) or match.group(3) or "/"
        headers = dict(scope["headers"])
        name = name or _host_account(headers) or self.default
        state = self.accounts.get(name)
        if state is None:
            await _send_json(send, 404, _unknown_account(name))
            return
        email = state.token_email(headers.get(b"authorization", b"").decode("latin-1"))
        account = self.acting(state.account, email) if email is not None else None
        if account is None:
            await _send_json(send, 401, _UNAUTHORIZED)
            return
        scope["sandbox.account"] = account
        await self._serve(scope, receive, send, state, rest, match.group(1) is not None)

    def acting(self, account: Account, email: str) -> Account | None:
        """The account as seen by the user with ``email`` (its ``user_id`` and ``email`` are
        theirs): the admin, or an active, unsuspended user of the account; None otherwise."""
        if email == account.email.lower():
            return account
        for row in self.store.find(account.name, "users", "lookup", email):
            doc = row.doc()
            if doc.get("active", True) and not doc.get("suspended"):
                return dataclasses.replace(account, user_id=row.id, email=str(doc["email"]))
        return None

    async def _hc_file(self, scope: Scope, send: Send, match: re.Match[str]) -> None:
        """An article attachment's content (``content_url``), as the help center serves it."""
        headers = dict(scope["headers"])
        state = self.accounts.get(match.group(1) or _host_account(headers) or self.default)
        att_id = int(match.group(2)) if len(match.group(2)) <= 18 else 0
        row = data = None
        if state is not None:
            row = self.store.get(state.account.name, "help_center/article_attachments", att_id)
            data = self.store.blob(state.account.name, att_id) if row is not None else None
        if row is None or data is None:
            await _send_json(send, 404, INVALID_ENDPOINT)
            return
        kind = str(row.doc().get("content_type") or "application/octet-stream").encode()
        head = [(b"content-type", kind), (b"content-length", str(len(data)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": head})
        await send({"type": "http.response.body", "body": data})

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        state: AccountState,
        rest: str,
        prefixed: bool,
    ) -> None:
        verdict = state.limiter.take()
        extra = [(k.encode(), v.encode()) for k, v in verdict.headers().items()]
        if not verdict.allowed:
            await _send_json(send, 429, _RATE_LIMITED, extra)
            return
        fault = state.faults.draw(scope["method"]) if state.faults else None
        if fault and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault and fault.kind and not fault.after:
            await self._strike(fault, send, extra, state)
            return
        inner = self._inner_scope(scope, state, rest, prefixed)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        if fault and fault.kind:  # strikes after the write was committed: the answer is lost
            await self.router(inner, receive, _discard)
            await self._strike(fault, send, extra, state)
            return
        await self.router(inner, receive, send_with_headers)

    def _inner_scope(self, scope: Scope, state: AccountState, rest: str, prefixed: bool) -> Scope:
        """The scope the router sees: the path after ``/api/v2`` without ``.json``, and the
        handler context (with the base URL the client used, for ``url`` values)."""
        host = _base_host(scope)
        name = state.account.name
        base = f"{host}/accounts/{name}/api/v2/" if prefixed else f"{host}/api/v2/"
        inner = dict(scope)
        inner["path"] = _without_hc_locale(rest[:-5] if rest.endswith(".json") else rest)
        inner["raw_path"] = inner["path"].encode()
        inner["root_path"] = ""
        account = scope.get("sandbox.account", state.account)
        inner["sandbox.ctx"] = Ctx(self.store, account, base, self.settings)
        return inner

    async def _strike(
        self, fault: Fault, send: Send, extra: list[tuple[bytes, bytes]], state: AccountState
    ) -> None:
        if fault.kind == "reset":
            await _reset(send)
            return
        retry = state.faults.retry_after if state.faults else 1
        status = int(fault.kind or 500)
        if status == 429:
            extra = [*extra, (b"retry-after", str(retry).encode())]
            await _send_json(send, 429, _RATE_LIMITED, extra)
        elif status == 503:
            body = {"error": "ServiceUnavailable", "description": "Service unavailable"}
            await _send_json(send, 503, body, [*extra, (b"retry-after", str(retry).encode())])
        else:
            await _send_json(send, 500, {"error": "InternalServerError"}, extra)


async def _discard(message: Message) -> None:
    return None


async def _reset(send: Send) -> None:
    """Drop the connection without an answer (the client sees a transport error)."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None:
        transport.abort() if hasattr(transport, "abort") else transport.close()
        await asyncio.sleep(0)
        return
    # Not served by uvicorn's protocol: start an answer and break it off.
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]}
    )
    raise ConnectionResetError("sandbox fault: connection reset")


_HC_LOCALE = re.compile(r"^/help_center/[a-z]{2,3}(?:-[a-z0-9]{2,8})?(?=/)")


def _without_hc_locale(path: str) -> str:
    """``/help_center/{locale}/articles…`` is served as ``/help_center/articles…`` (Zendesk
    takes both forms; the locale only picks the language of the answer's ``title``/``body``)."""
    match = _HC_LOCALE.match(path)
    if match is None or path.startswith(("/help_center/articles", "/help_center/sections")):
        return path
    return "/help_center" + path[match.end() :]


def _host_account(headers: dict[bytes, bytes]) -> str | None:
    host = headers.get(b"host", b"").decode("latin-1").split(":")[0]
    if host.endswith(".localhost"):
        return host[: -len(".localhost")]
    return None


def _base_host(scope: Scope) -> str:
    server = scope.get("server") or ("127.0.0.1", 80)
    return f"http://{server[0]}:{server[1]}"


async def _send_json(
    send: Send, status: int, body: Any, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(data)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
