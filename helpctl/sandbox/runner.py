"""``SandboxServer``: the sandbox served by uvicorn in a background thread, for tests, benchmarks
and ``backend: sandbox`` instances (``helpctl sandbox serve`` runs the same app in the foreground).
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from helpctl.errors import SandboxError
from helpctl.sandbox.app import SandboxApp, build_router
from helpctl.sandbox.guide_locales import set_hc_locales
from helpctl.sandbox.replies import Settings
from helpctl.sandbox.routes import all_routes
from helpctl.sandbox.seed import create_account
from helpctl.sandbox.store import Store

__all__ = ["IdleClosingH11Protocol", "SandboxServer", "build_app"]


class IdleClosingH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with its keep-alive timeout also applied before the first
    request and while the head of a request trickles in: a connection that sends nothing, or
    only part of a request head, for ``timeout_keep_alive`` seconds is closed. (uvicorn only
    arms the timer after an answer, so such a connection would otherwise stay open forever.)"""

    _waiting_since = 0.0

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._waiting_since = self.loop.time()
        self._arm()

    def on_response_complete(self) -> None:
        self._waiting_since = self.loop.time()
        super().on_response_complete()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # disarms the timer
        if self.cycle is None or self.cycle.response_complete:  # still waiting for a head
            self._arm()

    def _arm(self) -> None:
        """Close the connection ``timeout_keep_alive`` seconds after it began to wait, however
        many bytes of a head arrive meanwhile (a head sent one byte at a time gains nothing)."""
        self._unset_keepalive_if_required()
        left = self._waiting_since + self.timeout_keep_alive - self.loop.time()
        handler = self.timeout_keep_alive_handler
        self.timeout_keep_alive_task = self.loop.call_later(max(0.0, left), handler)


def build_app(
    store: Store,
    accounts: Sequence[str],
    *,
    rate_limit: int | None = None,
    faults: str | None = None,
    seed: int = 0,
    settings: Settings | None = None,
    email: str | None = None,
    token: str | None = None,
) -> SandboxApp:
    """The ASGI app over ``store``, creating the accounts that do not exist yet.

    ``email``/``token`` set the first account's credentials (also when it already exists).
    """
    if not accounts:
        raise SandboxError("a sandbox needs at least one account")
    app = SandboxApp(store, build_router(all_routes()), settings or Settings(), seed)
    for n, name in enumerate(accounts):
        first = n == 0
        account = store.account(name)
        if account is None:
            account = create_account(
                store, name, email=email if first else None, token=token if first else None
            )
        elif first and (email or token):
            account = store.set_credentials(name, email, token)
        app.add(account, rate_limit, faults)
    return app


class SandboxServer:
    """The sandbox on a loopback port in a background thread; a context manager."""

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        accounts: Sequence[str] = ("default",),
        rate_limit: int | None = None,
        faults: str | None = None,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        settings: Settings | None = None,
        email: str | None = None,
        token: str | None = None,
    ) -> None:
        self.path = path
        self.host = host
        self._port = port
        self._accounts = list(accounts)
        self._options: dict[str, Any] = dict(
            rate_limit=rate_limit,
            faults=faults,
            seed=seed,
            settings=settings,
            email=email,
            token=token,
        )
        self._store: Store | None = None
        self._app: SandboxApp | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self.url = ""

    @property
    def app(self) -> SandboxApp:
        if self._app is None:
            raise SandboxError("the sandbox is not running", hint="call start() first")
        return self._app

    def _open(self) -> socket.socket:
        """The store, the app and the bound socket; cleans up after itself when it fails."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self._store = Store(self.path)
            self._app = build_app(self._store, self._accounts, **self._options)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind((self.host, self._port))
            return sock
        except BaseException as ex:
            sock.close()
            if self._store is not None:
                self._store.close()
                self._store = None
            if isinstance(ex, OSError | sqlite3.Error):
                raise SandboxError(
                    f"cannot start the sandbox on {self.host}:{self._port} with data in"
                    f" {self.path}: {ex}",
                    hint="choose another --port, or another --path (or reset this one)",
                ) from ex
            raise

    def start(self) -> SandboxServer:
        sock = self._socket = self._open()
        port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{port}"
        settings = self.app.settings
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http=IdleClosingH11Protocol,
            timeout_keep_alive=settings.idle_timeout,
            limit_concurrency=settings.max_connections,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            daemon=True,
            name=f"sandbox-{port}",
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise SandboxError("the sandbox server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        if self._store is not None:
            self._store.close()
        self._server = self._thread = self._socket = self._store = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _name(self, account: str | None) -> str:
        name = account or self._accounts[0]
        if name not in self.app.accounts:
            raise SandboxError(f"the sandbox has no account {name!r}")
        return name

    def base_url(self, account: str | None = None) -> str:
        """``.../api/v2/`` for the first account, ``.../accounts/{name}/api/v2/`` for others."""
        if account is None or account == self._accounts[0]:
            return f"{self.url}/api/v2/"
        return f"{self.url}/accounts/{self._name(account)}/api/v2/"

    def credentials(self, account: str | None = None) -> tuple[str, str]:
        """(email, API token) of the account's admin; a local, sandbox-only credential."""
        found = self.app.accounts[self._name(account)].account
        return found.email, found.token

    def set_faults(self, account: str | None, spec: str | None) -> None:
        self.app.set_faults(self._name(account), spec)

    def set_hc_locales(self, account: str | None, locales: Sequence[str] | None) -> None:
        """Enable exactly ``locales`` in the account's help center (None: accept any)."""
        set_hc_locales(self.app.store, self._name(account), locales)

    def set_rate_limit(self, account: str | None, per_minute: int | None) -> None:
        self.app.accounts[self._name(account)].limiter.set_limit(per_minute)
