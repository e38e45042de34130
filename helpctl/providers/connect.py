"""Opening the instances of a project: one client per instance, one sandbox per database.

:class:`Connections` is what every fleet command holds for the length of the command::

    with Connections(project) as conns:
        state = conns.provider("latam").populate(["triggers"])

For ``backend: zendesk`` it resolves the base URL (``subdomain`` or ``url``, under the policy of
:mod:`helpctl.config.urls`) and the credentials (``SecretRef``s, else the zcli-style
``ZENDESK_*`` variables). For ``backend: sandbox`` it starts one embedded
:class:`~helpctl.sandbox.runner.SandboxServer` per SQLite file, serving every sandbox instance
that shares it as one account each, lazily and under a lock so that the fleet runner's worker
threads may open instances concurrently. Each instance gets its own client
(:meth:`ZendeskClient.open`, its own connection pool) and rate limiter. Secrets are read at open
time and only handed to :class:`~helpctl.zendesk.auth.Auth`; no error or log line carries one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from helpctl.config.credentials import (
    ENV_API_TOKEN,
    ENV_EMAIL,
    ENV_OAUTH_TOKEN,
    ENV_SUBDOMAIN,
    env_needs,
)
from helpctl.config.project import DEFAULT_SANDBOX_PATH, InstanceConfig, Project, SecretRef
from helpctl.config.urls import api_url, check_subdomain, subdomain_url
from helpctl.errors import ConfigError, HelpctlError, SandboxError
from helpctl.sandbox.runner import SandboxServer
from helpctl.secrets import env_value, missing_variables, resolve_secret
from helpctl.secrets.webhooks import reader_for
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.imports import ZendeskImportTarget
from helpctl.zendesk.provider import ZendeskProvider

__all__ = ["DEFAULT_SANDBOX_PATH", "DEFAULT_ZENDESK_RATE_LIMIT", "Connections", "Endpoint"]

log = logging.getLogger(__name__)

#: Requests per minute helpctl spends on a Zendesk account that declares no ``rate_limit``
#: (the Enterprise plan's budget; smaller plans should say theirs).
DEFAULT_ZENDESK_RATE_LIMIT = 700


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach one instance (``auth`` renders no secret)."""

    base_url: str
    auth: Auth
    rate_limit: int | None


class Connections:
    """Clients and providers for a project's instances, opened on first use, closed on exit.

    ``environ`` replaces ``os.environ`` (tests). ``--debug`` lines come from the clients'
    ``helpctl.http`` logger.
    """

    def __init__(self, project: Project, *, environ: Mapping[str, str] | None = None) -> None:
        self.project = project
        self._environ = os.environ if environ is None else environ
        self._lock = threading.RLock()
        self._servers: dict[str, SandboxServer] = {}
        self._clients: dict[str, ZendeskClient] = {}
        self._providers: dict[str, ZendeskProvider] = {}
        self._targets: dict[str, ZendeskImportTarget] = {}
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Connections:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every HTTP client and stop every sandbox server this object started."""
        with self._lock:
            self._closed = True
            for target in self._targets.values():
                target.close()
            self._targets.clear()
            for client in self._clients.values():
                client.close()
            self._clients.clear()
            self._providers.clear()
            servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.stop()

    # -- public ----------------------------------------------------------------------------
    def client(self, name: str) -> ZendeskClient:
        """The client of instance ``name`` (opened, and its sandbox started, on first use)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("Connections used after close()")
            found = self._clients.get(name)
            if found is None:
                found = self._open(self._instance(name))
                self._clients[name] = found
            return found

    def provider(self, name: str) -> ZendeskProvider:
        """The provider of instance ``name``; one per instance, reused across calls."""
        with self._lock:
            found = self._providers.get(name)
            if found is None:
                secrets = reader_for(self.project.root, name, self._environ)
                found = ZendeskProvider(self.client(name), name, secrets)
                self._providers[name] = found
            return found

    def import_target(self, name: str) -> ZendeskImportTarget:
        """Instance ``name`` as the target of a migration; one per instance, closed with the
        connections."""
        with self._lock:
            found = self._targets.get(name)
            if found is None:
                found = ZendeskImportTarget(self.client(name))
                self._targets[name] = found
            return found

    def endpoint(self, name: str) -> Endpoint:
        """Base URL, auth and rate limit of instance ``name`` (starts its sandbox if needed)."""
        inst = self._instance(name)
        if inst.backend == "sandbox" and not inst.url:
            return self._sandbox_endpoint(inst)
        # a zendesk account, or a sandbox served elsewhere (`helpctl sandbox serve`) by url
        return self._zendesk_endpoint(inst)

    def check(self, name: str) -> dict[str, Any]:
        """Authenticate against instance ``name``: who we are, with which role, at what budget."""
        client = self.client(name)
        body = client.get("users/me") or {}
        user = body.get("user") or {}
        return {
            "instance": name,
            "backend": self._instance(name).backend,
            "user": user.get("email") or user.get("name") or "",
            "role": user.get("role") or "",
            # the budget in force after the answer's rate-limit headers were read
            "rate_limit": client.limiter.limit,
        }

    # -- opening ---------------------------------------------------------------------------
    def _instance(self, name: str) -> InstanceConfig:
        return self.project.instance(name)

    def _open(self, inst: InstanceConfig) -> ZendeskClient:
        endpoint = self.endpoint(inst.name)
        log.debug("instance %s: %s (%s auth)", inst.name, endpoint.base_url, endpoint.auth.scheme)
        return ZendeskClient.open(
            endpoint.base_url, endpoint.auth, rate_limit=endpoint.rate_limit, instance=inst.name
        )

    def _sandbox_endpoint(self, inst: InstanceConfig) -> Endpoint:
        server = self._server_for(inst)
        account = inst.account or inst.name
        email, token = server.credentials(account)
        return Endpoint(server.base_url(account), Auth.token(email, token), inst.rate_limit)

    def _server_for(self, inst: InstanceConfig) -> SandboxServer:
        key = self._sandbox_path(inst)
        with self._lock:
            server = self._servers.get(key)
            if server is not None:
                return server
            sharing = [
                i
                for i in self.project.sandbox_instances()
                if not i.url and self._sandbox_path(i) == key
            ]
            accounts = tuple(dict.fromkeys(i.account or i.name for i in sharing))
            if key != ":memory:":
                Path(key).parent.mkdir(parents=True, exist_ok=True)
            server = SandboxServer(key, accounts=accounts)
            try:
                server.start()
                for other in sharing:
                    account = other.account or other.name
                    if other.rate_limit is not None:
                        server.set_rate_limit(account, other.rate_limit)
                    if other.faults:
                        server.set_faults(account, other.faults)
                    # as a Guide admin enabling languages; an undeclared list accepts any
                    server.set_hc_locales(account, other.hc_locales)
            except BaseException as err:
                server.stop()
                if isinstance(err, HelpctlError) or not isinstance(err, Exception):
                    raise
                raise SandboxError(
                    f"instance {inst.name}: the embedded sandbox could not start ({err})",
                    hint=f"check that {key} is a writable SQLite file",
                ) from err
            self._servers[key] = server
            return server

    def _sandbox_path(self, inst: InstanceConfig) -> str:
        """The database an embedded sandbox instance lives in (its server's key)."""
        return self.project.sandbox_file(inst)

    def _zendesk_endpoint(self, inst: InstanceConfig) -> Endpoint:
        _require_variables(inst, self._environ)
        base_url = zendesk_base_url(inst, self._environ)
        auth = self._zendesk_auth(inst)
        rate = inst.rate_limit
        if rate is None and inst.backend == "zendesk":
            rate = DEFAULT_ZENDESK_RATE_LIMIT
        return Endpoint(base_url, auth, rate)

    def _zendesk_auth(self, inst: InstanceConfig) -> Auth:
        def read(ref: SecretRef, what: str) -> str:
            return resolve_secret(
                ref, root=self.project.root, instance=inst.name, what=what, environ=self._environ
            )

        if inst.oauth_token is not None:
            return Auth.bearer(read(inst.oauth_token, "OAuth token"))
        if inst.token is not None and inst.email is None:
            raise ConfigError(
                f"instance {inst.name}: an API token needs the email of the user it belongs to",
                hint="add `email:` beside `token:` under the instance's auth",
                position=inst.position,
            )
        if inst.token is None and env_value(self._environ, ENV_OAUTH_TOKEN):
            return Auth.bearer(env_value(self._environ, ENV_OAUTH_TOKEN))
        if inst.email is None:
            email = env_value(self._environ, ENV_EMAIL)
        else:
            email = inst.email if isinstance(inst.email, str) else read(inst.email, "email")
        if inst.token is None:
            return Auth.token(email, env_value(self._environ, ENV_API_TOKEN))
        return Auth.token(email, read(inst.token, "API token"))


def _require_variables(inst: InstanceConfig, environ: Mapping[str, str]) -> None:
    """Refuse, naming every unset variable at once, an instance whose config leaves pieces to
    ``ZENDESK_*`` variables that are not set."""
    needs = env_needs(inst)
    missing = missing_variables(needs, environ)
    if not missing:
        return
    verb = "is" if len(missing) == 1 else "are"
    raise ConfigError(
        f"instance {inst.name}: names no {needs.left_out()} in helpctl.yaml, and "
        f"{', '.join(missing)} {verb} not set",
        hint=f"export {needs.describe()} for this run, or add "
        "`subdomain: yourcompany` and `auth: {email: ..., token: {env: NAME}}` to the instance",
        position=inst.position,
    )


def zendesk_base_url(inst: InstanceConfig, environ: Mapping[str, str]) -> str:
    """``https://{subdomain}.zendesk.com/api/v2/`` or the instance's ``url`` (allowed by
    :mod:`helpctl.config.urls`), always ending in ``/api/v2/``; the subdomain comes from the
    instance, else ``ZENDESK_SUBDOMAIN``."""
    if inst.url:
        return api_url(inst.url, instance=inst.name, position=inst.position)
    subdomain = inst.subdomain or env_value(environ, ENV_SUBDOMAIN)
    if not subdomain:
        raise ConfigError(
            f"instance {inst.name}: backend zendesk needs `subdomain:` or `url:`",
            hint=f"add `subdomain: yourcompany` to the instance (or export {ENV_SUBDOMAIN})",
            position=inst.position,
        )
    problem = check_subdomain(subdomain)
    if problem is not None:
        # the environment's value is not echoed: whatever was pasted there stays there
        shown = repr(subdomain) if inst.subdomain else ENV_SUBDOMAIN
        raise ConfigError(
            f"instance {inst.name}: {shown} {problem}",
            hint="write only the first label, e.g. `acme` for acme.zendesk.com",
            position=inst.position,
        )
    return subdomain_url(subdomain)
