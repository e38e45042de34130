"""Where each resource kind lives in Zendesk's REST API, as one table derived from the kinds'
Zendesk entries (:mod:`helpctl.zendesk.kinds`, one module per kind).

The provider never spells a path or an envelope key itself: it reads the kind's
:class:`Endpoint`. The facts come from the API reference (§5, §7–§14, §18) and are written
beside each kind's payload mapping.
"""

from __future__ import annotations

from helpctl.errors import ConfigError
from helpctl.zendesk.kinds import ZENDESK_KINDS
from helpctl.zendesk.kinds._base import Endpoint, ReorderStyle

__all__ = ["ENDPOINTS", "LOCALES", "Endpoint", "ReorderStyle", "endpoint"]

ENDPOINTS: dict[str, Endpoint] = {kind: entry.endpoint for kind, entry in ZENDESK_KINDS.items()}

#: The account's locales (dynamic content variants name them by code): one unpaginated list.
LOCALES = Endpoint("locales", "locales", "locales", "locale", pagination="none")


def endpoint(kind: str) -> Endpoint:
    """The endpoint of ``kind``; a kind Zendesk support is not built for is a clear error."""
    try:
        return ENDPOINTS[kind]
    except KeyError:
        raise ConfigError(
            f"resource kind {kind!r} is not supported by the Zendesk backend",
            hint="supported kinds: " + ", ".join(ENDPOINTS),
        ) from None
