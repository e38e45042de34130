"""The shape of one kind's Zendesk entry: where it lives in the REST API and how its JSON maps
onto helpctl's canonical attrs. Each module of :mod:`helpctl.zendesk.kinds` fills one.

Pure: no HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from helpctl.zendesk.pagination import Pagination
from helpctl.zendesk.payloads_rules import (
    RuleNames,
    read_actions,
    read_conditions,
    read_restriction,
    write_actions,
    write_conditions,
    write_restriction,
)

__all__ = [
    "RESTRICTION_READER",
    "RESTRICTION_WRITER",
    "RULE_PLAIN",
    "RULE_READERS",
    "RULE_WRITERS",
    "Endpoint",
    "KindMap",
    "PutPart",
    "Reader",
    "ReorderStyle",
    "SubList",
    "Writer",
    "ZendeskKind",
    "ids_in",
]

ReorderStyle = Literal["none", "reorder", "update_many", "category_jobs", "within_categories"]
Reader = Callable[[dict[str, Any], RuleNames], Any]
Writer = Callable[[Any, dict[str, Any], RuleNames], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """The REST facts of one kind.

    ``path`` is the collection (``triggers``); an object is ``{path}/{id}``. ``plural`` and
    ``singular`` are the envelope keys of a list and of one object. ``pagination``: cursor
    (``page[size]=100``) where Zendesk supports it, ``none`` for one unpaginated request.
    ``update_verb``: PUT, or PATCH (trigger categories). ``reorder`` says how order is written
    (a ``reorder`` endpoint taking every id, ``update_many`` positions, the trigger-category
    jobs endpoint, ``within_categories``: positions inside each category as triggers have them,
    or nothing); ``reorder_key`` is the body key of a ``reorder`` endpoint
    (``ticket_form_ids``). ``position`` is the object key that holds its order when listing.
    ``params``: query parameters every list request carries (``include=translations``).
    """

    kind: str
    path: str
    plural: str
    singular: str
    pagination: Pagination = "cursor"
    update_verb: Literal["PUT", "PATCH"] = "PUT"
    reorder: ReorderStyle = "none"
    reorder_key: str = ""
    position: str | None = None
    params: tuple[tuple[str, str], ...] = ()  # sent with every list request (include=…)

    def item(self, live_id: str | int) -> str:
        return f"{self.path}/{live_id}"


@dataclass(frozen=True)
class KindMap:
    """How one kind's attrs map onto Zendesk keys.

    ``plain``: keys with the same name and value on both sides (read from ``raw_<key>`` when that
    holds a ``{{dc.x}}`` placeholder). ``readers``: attr ← Zendesk object, for keys holding ids.
    ``writers``: attr → Zendesk keys. ``system``: tells built-in objects apart.
    """

    plain: tuple[str, ...]
    readers: dict[str, Reader] = field(default_factory=dict)
    writers: dict[str, Writer] = field(default_factory=dict)
    system: Callable[[dict[str, Any]], bool] = lambda obj: False


@dataclass(frozen=True)
class SubList:
    """A list Zendesk keeps under each object at ``{item}/{path}`` (a schedule's holidays):
    read once per object into ``obj[key]``, written item by item, matched by ``identity``."""

    key: str
    path: str
    plural: str
    singular: str
    identity: str = "name"


@dataclass(frozen=True)
class PutPart:
    """A key Zendesk writes only through its own ``PUT {item}/{path}`` in a ``{envelope: {key:
    value}}`` body (a schedule's ``intervals`` through ``workweek``)."""

    key: str
    path: str
    envelope: str


@dataclass(frozen=True)
class ZendeskKind:
    """Everything the Zendesk adapter knows about one kind (the domain's ``KindSpec`` has the
    rest: identity, model, references, the managed marker field…). ``sublists`` and
    ``put_parts`` are the keys the object's own create/update does not write."""

    endpoint: Endpoint
    payload: KindMap
    sublists: tuple[SubList, ...] = ()
    put_parts: tuple[PutPart, ...] = ()


def ids_in(kind: str, key: str) -> Reader:
    """A reader turning the id list at ``key`` into names of ``kind``."""

    def read(obj: dict[str, Any], names: RuleNames) -> list[str]:
        return [names.index.name_of(kind, i) or str(i) for i in obj.get(key) or []]

    return read


#: The keys every business rule copies as they are.
RULE_PLAIN = ("title", "active", "description")
RULE_READERS: dict[str, Reader] = {
    "conditions": lambda obj, names: read_conditions(obj.get("conditions"), names),
    "actions": lambda obj, names: read_actions(obj.get("actions"), names),
}
RULE_WRITERS: dict[str, Writer] = {
    "conditions": lambda v, a, names: {"conditions": write_conditions(v, names)},
    "actions": lambda v, a, names: {"actions": write_actions(v, names)},
}
RESTRICTION_READER: dict[str, Reader] = {
    "restriction": lambda obj, names: read_restriction(obj.get("restriction"), names)
}
RESTRICTION_WRITER: dict[str, Writer] = {
    "restriction": lambda v, a, names: {"restriction": write_restriction(v, names)}
}
