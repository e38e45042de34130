"""The configuration kinds, one module each, discovered rather than listed.

Every public module here describes one kind and exposes ``SPEC`` (a
:class:`~helpctl.resources.base.KindSpec` whose ``name`` is the module's name). Adding a kind
to the domain is adding a module; :func:`discover` finds it, and ``helpctl.resources.KINDS``
orders it by ``export_order``. Modules starting with ``_`` are helpers, not kinds.
"""

from __future__ import annotations

import importlib
import pkgutil

from helpctl.resources.base import KindSpec

__all__ = ["discover"]


def discover() -> list[KindSpec]:
    """Every kind's spec, in ``export_order`` (each after the kinds it depends on)."""
    specs: list[KindSpec] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        spec = getattr(importlib.import_module(f"{__name__}.{info.name}"), "SPEC", None)
        if not isinstance(spec, KindSpec) or spec.name != info.name:
            raise TypeError(f"{__name__}.{info.name} must define SPEC = KindSpec({info.name!r})")
        specs.append(spec)
    specs.sort(key=lambda s: (s.export_order, s.name))
    seen: set[str] = set()
    for spec in specs:
        missing = [d for d in spec.depends_on if d not in seen]
        if missing:
            raise TypeError(f"kind {spec.name!r} must come after {missing} (export_order)")
        seen.add(spec.name)
    return specs
