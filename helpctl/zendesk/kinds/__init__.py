"""One Zendesk entry per configuration kind, discovered rather than listed.

Every public module here is named after a kind of :data:`helpctl.resources.KINDS` and exposes
``ZENDESK_KIND`` (a :class:`~helpctl.zendesk.kinds._base.ZendeskKind`: the kind's REST endpoint
and its payload mapping). :data:`ZENDESK_KINDS` holds them in ``KINDS`` order; the endpoint
table, the payload maps and the name index are derived from it. Modules starting with ``_``
are shared helpers.
"""

from __future__ import annotations

import importlib
import pkgutil

from helpctl.resources import KINDS
from helpctl.zendesk.kinds._base import ZendeskKind

__all__ = ["ZENDESK_KINDS", "ZendeskKind"]


def _discover() -> dict[str, ZendeskKind]:
    found: dict[str, ZendeskKind] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        entry = getattr(importlib.import_module(f"{__name__}.{info.name}"), "ZENDESK_KIND", None)
        if not isinstance(entry, ZendeskKind) or entry.endpoint.kind != info.name:
            raise TypeError(f"{__name__}.{info.name} must define ZENDESK_KIND for {info.name!r}")
        found[info.name] = entry
    # KINDS order first (dependency order); an entry without a domain kind is kept, last, so
    # the layer test can name it
    return {k: found[k] for k in KINDS if k in found} | found


ZENDESK_KINDS: dict[str, ZendeskKind] = _discover()
