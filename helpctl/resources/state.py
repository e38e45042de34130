"""Desired and live state of one helpdesk instance, in helpctl's canonical form.

A :class:`Resource` is one object of one kind (a brand, a trigger…) written the way the config
language writes it: Zendesk's own field names, with *names instead of ids* (``group_id: Tier 1``,
``custom_fields.Contact reason``). Desired state comes from the config loader; live state comes
from a provider's ``populate``; because both sides use the same form, the planner compares plain
JSON values and never sees an id.

Pure domain: no I/O, no HTTP, no CLI.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from helpctl.errors import Position

__all__ = ["Resource", "State", "canonical_json"]


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the form checksums and equality are taken over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass
class Resource:
    """One object of one kind.

    ``attrs`` is JSON-compatible and includes the identity key (``name`` or ``title``). On a live
    resource ``live_id`` is the backend's id and ``system`` marks built-in objects (system ticket
    fields, the default brand) that may be referenced and edited but never deleted. ``managed``
    marks live objects that helpctl created (for ``manage: tagged``). ``position`` points at the
    YAML that declared a desired resource; ``locations`` maps key paths inside it to positions,
    so a problem found later (a dangling reference, a bad operator) points at the exact line.
    """

    kind: str
    key: str
    attrs: dict[str, Any]
    live_id: str | int | None = None
    position: Position | None = None
    system: bool = False
    managed: bool = False
    renamed_from: tuple[str, ...] = ()
    locations: dict[str, Position] = field(default_factory=dict, repr=False, compare=False)

    def where(self, path: str = "") -> Position | None:
        """The position of ``path`` inside this resource (``conditions.all[0].value``), falling
        back to the nearest enclosing key that has one, then to the object itself."""
        while path:
            if path in self.locations:
                return self.locations[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.position

    def fingerprint(self) -> str:
        doc = canonical_json([self.kind, self.key, self.attrs])
        return hashlib.sha256(doc.encode()).hexdigest()


@dataclass
class State:
    """All resources of one instance, by kind, in their significant order."""

    instance: str
    resources: dict[str, list[Resource]] = field(default_factory=dict)

    def add(self, resource: Resource) -> None:
        self.resources.setdefault(resource.kind, []).append(resource)

    def of(self, kind: str) -> list[Resource]:
        return self.resources.get(kind, [])

    def get(self, kind: str, key: str) -> Resource | None:
        for res in self.of(kind):
            if res.key == key:
                return res
        return None

    def index(self, kind: str) -> dict[str, Resource]:
        return {res.key: res for res in self.of(kind)}

    def kinds(self) -> list[str]:
        return list(self.resources)

    def __iter__(self) -> Iterator[Resource]:
        for items in self.resources.values():
            yield from items

    def __len__(self) -> int:
        return sum(len(v) for v in self.resources.values())

    def counts(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in self.resources.items()}

    def checksum(self, kinds: Iterable[str] | None = None) -> str:
        """A digest of the state (ids included) that a saved plan is tied to."""
        wanted = sorted(kinds) if kinds is not None else sorted(self.resources)
        doc = [[kind, [[r.key, r.live_id, r.attrs] for r in self.of(kind)]] for kind in wanted]
        return hashlib.sha256(canonical_json(doc).encode()).hexdigest()
