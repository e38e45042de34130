"""The names a mapping declares on the target, for ``migrate plan --check-target``.

Beyond the names the mapped tickets happen to use (``MigrationPlan.referenced``), the mapping
itself names ticket fields (``tickets.fields`` titles), groups and brands (the values of their
lookup tables and their defaults). A target lacking any of them would refuse tickets later, so
the check lists them all and the command exits 1.
"""

from __future__ import annotations

from collections.abc import Mapping as AnyMapping
from typing import Any

from helpctl.migrate.mapping_rules import Lookup
from helpctl.migrate.mapping_spec import MappingSpec

__all__ = ["declared_names"]


def declared_names(spec: MappingSpec) -> dict[str, set[str]]:
    """``{"fields": titles, "groups": names, "brands": names}`` the mapping names."""
    return {
        "fields": set(spec.tickets.fields),
        "groups": _lookup_names(spec.tickets.group),
        "brands": _lookup_names(spec.tickets.brand),
    }


def _lookup_names(lookup: Lookup | None) -> set[str]:
    if lookup is None:
        return set()
    names = {_name(lookup.default)} if lookup.default not in (None, "") else set()
    for entry in (lookup.table or {}).values():
        value: Any = entry.get(lookup.key) if isinstance(entry, AnyMapping) else entry
        if value not in (None, ""):
            names.add(_name(value))
    return names


def _name(value: Any) -> str:
    return str(value)
