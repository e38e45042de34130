"""A webhook's credential in the body of a write: read from its references just before the
request, or left out so Zendesk keeps the one it has (PATCH merges; an omitted key is kept)."""

from __future__ import annotations

from typing import Any

from helpctl.resources.kinds.webhooks import with_fingerprint
from helpctl.secrets.webhooks import KIND, SecretReader, resolved_auth
from helpctl.zendesk.payloads import MARKER

__all__ = ["with_credentials"]


def with_credentials(
    kind: str, body: dict[str, Any], *, send: bool, read: SecretReader | None
) -> dict[str, Any]:
    """``body`` with the webhook's credential read (``send``) or left out (not ``send``); the
    description then carries the fingerprint of what was sent, before helpctl's marker."""
    auth = body.get("authentication")
    if kind != KIND or not isinstance(auth, dict):
        return body
    if not send:
        return {k: v for k, v in body.items() if k != "authentication"}
    auth, fp = resolved_auth(auth, read)
    out = {**body, "authentication": auth}
    if fp:
        text = str(out.get("description") or "")
        marked = text.endswith(MARKER)
        base = text[: -len(MARKER)].rstrip() if marked else text
        described = with_fingerprint(base, fp) or ""
        out["description"] = f"{described}\n\n{MARKER}" if marked else described
    return out
