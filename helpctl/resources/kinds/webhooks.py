"""Webhooks: identity ``name``; credentials only by reference, never read back.

``authentication`` is Zendesk's own object: ``{type, add_position, data}`` where ``data`` holds
``basic_auth`` ``{username, password}``, ``bearer_token`` ``{token}`` or ``api_key``
``{name, value}``. Every secret in ``data`` is a reference (``{env: NAME}`` or
``{file: PATH}``); a literal is ``secret_plaintext``. Zendesk never returns ``data``, so a
credential cannot be diffed: helpctl keeps a *fingerprint* of the credential it last sent
(a salted scrypt hash, never the secret) in the webhook's description, beside the managed
marker, and reads it back as ``authentication.credential_fingerprint``.
:mod:`helpctl.secrets.webhooks` compares it with the resolved secret at plan time, so a
changed secret shows as an update ("credential rotated") without being revealed.
"""

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Iterator
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs

__all__ = [
    "AUTH_DATA_KEYS",
    "SECRET_DATA_KEYS",
    "SPEC",
    "TICKET_EVENTS",
    "Webhook",
    "fingerprint",
    "fingerprint_matches",
    "split_fingerprint",
    "with_fingerprint",
]

#: The one subscription of a webhook that triggers and automations notify.
TICKET_EVENTS = "conditional_ticket_events"
EVENT_PREFIX = "zen:event-type:"

#: Per authentication type: the keys of ``data`` (all required) and those holding a secret.
AUTH_DATA_KEYS: dict[str, tuple[str, ...]] = {
    "basic_auth": ("username", "password"),
    "bearer_token": ("token",),
    "api_key": ("name", "value"),
}
SECRET_DATA_KEYS = frozenset({"password", "token", "value"})

_FP_RE = re.compile(r"\s*\[helpctl credential (s1\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)\]")
#: scrypt cost: ~50 ms and 16 MB per fingerprint, so a copied description does not make a weak
#: password cheap to guess.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class SecretRef(ConfigModel):
    """A secret by reference: ``{env: NAME}`` or ``{file: PATH}`` (exactly one)."""

    env: str | None = Field(default=None, min_length=1)
    file: str | None = Field(default=None, min_length=1)


class WebhookAuth(ConfigModel):
    """``authentication``: the type, where it goes, and the credential by reference."""

    type: Literal["basic_auth", "bearer_token", "api_key"]
    add_position: Literal["header"] = "header"
    data: dict[str, SecretRef | str] | None = None
    #: Written by helpctl (read back from the description); never written by hand.
    credential_fingerprint: str | None = None


class Webhook(ResourceModel):
    """One webhook as written in YAML (Zendesk's own field names)."""

    name: str
    endpoint: str
    http_method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] | None = None
    request_format: Literal["json", "xml", "form_encoded"] | None = None
    status: Literal["active", "inactive"] | None = None
    subscriptions: list[str] | None = None
    description: str | None = None
    custom_headers: dict[str, str] | None = None
    authentication: WebhookAuth | None = None


def _endpoint_issues(attrs: dict[str, Any]) -> Iterator[Issue]:
    url = str(attrs.get("endpoint") or "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        yield "webhook_bad_endpoint", "endpoint", f"`{url}` is not an absolute http(s) URL"
    elif parts.username or parts.password:
        yield (
            "webhook_bad_endpoint",
            "endpoint",
            "the endpoint carries credentials in the URL; use `authentication`",
        )


def _subscription_issues(attrs: dict[str, Any]) -> Iterator[Issue]:
    subs = attrs.get("subscriptions")
    if subs is None:
        return
    events = [s for s in subs if s != TICKET_EVENTS]
    if TICKET_EVENTS in subs and events:
        yield (
            "webhook_bad_subscriptions",
            "subscriptions",
            f"`{TICKET_EVENTS}` (for triggers and automations) cannot be mixed with event types",
        )
    for i, sub in enumerate(events):
        if not sub.startswith(EVENT_PREFIX):
            yield (
                "webhook_bad_subscriptions",
                f"subscriptions[{i}]",
                f"`{sub}` is neither `{TICKET_EVENTS}` nor an event type (`{EVENT_PREFIX}…`)",
            )
    if events and (
        attrs.get("http_method", "POST") != "POST" or attrs.get("request_format", "json") != "json"
    ):
        yield (
            "webhook_bad_subscriptions",
            "subscriptions",
            "a webhook subscribed to events must use http_method POST and request_format json",
        )


def _auth_issues(attrs: dict[str, Any]) -> Iterator[Issue]:
    auth = attrs.get("authentication")
    if not auth:
        return
    wanted = AUTH_DATA_KEYS[auth["type"]]
    data = auth.get("data") or {}
    missing = [k for k in wanted if k not in data]
    extra = [k for k in data if k not in wanted]
    if missing or extra:
        yield (
            "webhook_auth_data",
            "authentication.data",
            f"{auth['type']} takes `data` with {', '.join(f'`{k}`' for k in wanted)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else ""),
        )
    for key, value in data.items():
        if isinstance(value, dict) and ("env" in value) == ("file" in value):
            yield (
                "webhook_auth_data",
                f"authentication.data.{key}",
                "a secret reference names exactly one of `env` or `file`",
            )
        # `password`/`token` literals are already caught by the loader's secret scan
        if key == "value" and isinstance(value, str):
            yield (
                "secret_plaintext",
                f"authentication.data.{key}",
                f"`{key}` holds a literal secret; secrets are only written by reference",
            )
    headers = {h.lower() for h in attrs.get("custom_headers") or {}}
    if "authorization" in headers:
        yield (
            "webhook_auth_data",
            "custom_headers",
            "an `Authorization` header is a credential: write it as `authentication`",
        )


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in one webhook alone, and credentials written in plain text."""
    yield from _endpoint_issues(attrs)
    yield from _subscription_issues(attrs)
    yield from _auth_issues(attrs)


# -- fingerprints --------------------------------------------------------------------------
def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _digest(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, dklen=16, **_SCRYPT)


def fingerprint(secret: str, salt: bytes | None = None) -> str:
    """``s1.<salt>.<hash>`` of a resolved credential: salted scrypt, never the secret."""
    salt = salt if salt is not None else os.urandom(12)
    return f"s1.{_b64(salt)}.{_b64(_digest(secret, salt))}"


def fingerprint_matches(secret: str, fp: str | None) -> bool:
    """Whether ``fp`` is a fingerprint of ``secret`` (False for a missing or foreign one)."""
    parts = (fp or "").split(".")
    if len(parts) != 3 or parts[0] != "s1":
        return False
    try:
        salt, want = _unb64(parts[1]), _unb64(parts[2])
    except ValueError:
        return False
    return hmac.compare_digest(_digest(secret, salt), want)


def split_fingerprint(text: str | None) -> tuple[str | None, str | None]:
    """(the description without helpctl's fingerprint line, the fingerprint or None)."""
    if not text:
        return text, None
    found = _FP_RE.search(text)
    if found is None:
        return text, None
    return _FP_RE.sub("", text).strip() or "", found[1]


def with_fingerprint(text: str | None, fp: str | None) -> str | None:
    """The description carrying ``fp`` (replacing any earlier one) before helpctl's marker."""
    base, _ = split_fingerprint(text)
    if not fp:
        return base
    return f"{base}\n\n[helpctl credential {fp}]" if base else f"[helpctl credential {fp}]"


def _env_name(key: str, part: str) -> str:
    slug = re.sub(r"[^A-Z0-9]+", "_", key.upper()).strip("_") or "WEBHOOK"
    return f"WEBHOOK_{slug}_{part.upper()}"


def export_view(key: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """A live webhook as ``helpctl export`` writes it: no fingerprint, and the credential Zendesk
    keeps to itself as references to fill in (``{env: WEBHOOK_<NAME>_<PART>}``)."""
    auth = attrs.get("authentication")
    if not isinstance(auth, dict):
        return attrs
    out = {k: v for k, v in auth.items() if k != "credential_fingerprint"}
    out["data"] = {part: {"env": _env_name(key, part)} for part in AUTH_DATA_KEYS[auth["type"]]}
    return {**attrs, "authentication": out}


SPEC = KindSpec(
    name="webhooks",
    identity="name",
    model=Webhook,
    references=all_placeholder_refs,
    defaults={
        "http_method": "POST",
        "request_format": "json",
        "status": "active",
        "description": "",
        "custom_headers": {},
        "subscriptions": [TICKET_EVENTS],
    },
    singular="webhook",
    export_order=56,
    marker_field="description",
    marker_empty="",
    unknown_ref=UnknownRef(
        "ref_unknown_webhook",
        "webhook",
        "a webhook named in a notification_webhook action is neither in the config nor external",
    ),
    checks=checks,
    export_view=export_view,
)
