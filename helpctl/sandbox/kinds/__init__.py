"""One sandbox definition per configuration kind, discovered rather than listed.

Every public module here is named after a kind of :data:`helpctl.resources.KINDS` and exposes
``SANDBOX_KIND`` (a :class:`~helpctl.sandbox.kinds._base.SandboxKind`: the kind's
:class:`~helpctl.sandbox.crud.Collection` and its routes). :mod:`helpctl.sandbox.routes` serves
every one of them. Modules starting with ``_`` are shared helpers.
"""

from __future__ import annotations

import importlib
import pkgutil

from helpctl.sandbox.kinds._base import SandboxKind

__all__ = ["SANDBOX_KINDS", "SandboxKind"]


def _discover() -> dict[str, SandboxKind]:
    found: dict[str, SandboxKind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        entry = getattr(importlib.import_module(f"{__name__}.{info.name}"), "SANDBOX_KIND", None)
        if not isinstance(entry, SandboxKind):
            raise TypeError(f"{__name__}.{info.name} must define SANDBOX_KIND")
        found[info.name] = entry
    return found


SANDBOX_KINDS: dict[str, SandboxKind] = _discover()
