"""What the provider last read from an instance: the raw Zendesk objects per kind, in their
significant order, and the :class:`NameIndex` built from them.

``populate`` fills it; ``apply`` reads ids and orders from it and keeps it current as it creates,
updates, deletes and reorders, so that a name created earlier in an apply resolves later in the
same apply and a reorder knows where every object sits. Every object, read or written, is
named by :meth:`NameIndex.register`, so a created object is known by its identity as entered
(``{{dc.x}}``, not the rendered text) and shares populate's duplicate-name rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from helpctl.zendesk.payloads import NameIndex

__all__ = ["LiveCache", "fill_slots"]

Id = int | str


def fill_slots(current: list[Id], wanted: list[Id]) -> list[Id]:
    """``current`` with the places held by members of ``wanted`` refilled in ``wanted``'s order.

    Objects the config does not list keep their place, so a reorder of managed objects never
    moves unmanaged ones; members of ``wanted`` missing from ``current`` go at the end.
    """
    members = {str(i) for i in wanted}
    present = {str(i) for i in current}
    queue = [i for i in wanted if str(i) in present]
    out: list[Id] = []
    for item in current:
        out.append(queue.pop(0) if str(item) in members else item)
    out.extend(i for i in wanted if str(i) not in present)
    return out


class LiveCache:
    """Raw objects of the kinds read (and of the kinds their references need), kept in order."""

    def __init__(self, lists: Mapping[str, Iterable[dict[str, Any]]], index: NameIndex) -> None:
        self.objects: dict[str, list[dict[str, Any]]] = {k: list(v) for k, v in lists.items()}
        self.index = index

    @property
    def kinds(self) -> set[str]:
        return set(self.objects)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return self.objects.setdefault(kind, [])

    def get(self, kind: str, obj_id: Id) -> dict[str, Any] | None:
        for obj in self.of(kind):
            if str(obj.get("id")) == str(obj_id):
                return obj
        return None

    def ids(self, kind: str) -> list[Id]:
        return [obj["id"] for obj in self.of(kind)]

    def id_of(self, kind: str, key: str) -> Id | None:
        return self.index.id_of(kind, key)

    def put(self, kind: str, obj: dict[str, Any]) -> None:
        """Record a created or updated object (in place when known, else at the end)."""
        items = self.of(kind)
        for i, known in enumerate(items):
            if str(known.get("id")) == str(obj.get("id")):
                items[i] = obj
                break
        else:
            items.append(obj)
        self.index.register(kind, obj)

    def remove(self, kind: str, obj_id: Id) -> None:
        self.objects[kind] = [o for o in self.of(kind) if str(o.get("id")) != str(obj_id)]

    def reorder(self, kind: str, ids: list[Id]) -> None:
        """Put the objects of ``kind`` in the order of ``ids`` (others keep their relative order
        at the end)."""
        rank = {str(i): n for n, i in enumerate(ids)}
        self.objects[kind] = sorted(
            self.of(kind), key=lambda o: rank.get(str(o.get("id")), len(rank))
        )
