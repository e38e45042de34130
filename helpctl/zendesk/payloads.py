"""Zendesk JSON ↔ helpctl resources, table-driven and pure (no HTTP).

- :func:`from_zendesk` turns one object of a list/show reply into a live
  :class:`~helpctl.state.Resource` whose ``attrs`` are canonical (names, not ids; exactly the
  keys a user may write). Server-only fields (``id``, ``url``, timestamps, ``raw_*``,
  ``position``, ``removable``, ``default`` flags that are read-only, usage…) are dropped simply
  by never being read.
- :func:`to_zendesk` turns canonical attrs into the writable body (no envelope; wrap it in
  ``KindSpec.singular``). It only sends the keys ``attrs`` has, so the provider decides what a
  PUT carries (rules: send conditions and actions together, since Zendesk replaces both).
- Both go through one :class:`KindMap` per kind: plain keys copied as they are, plus readers
  and writers for the keys that hold ids.

**Marker.** Objects helpctl creates are marked with :data:`MARKER` at the end of a text field
Zendesk keeps verbatim: ``description`` (groups, triggers, automations, macros, views) or
``agent_description`` (ticket fields: their ``description`` is shown to end users). Pass
``mark=True`` to :func:`to_zendesk` on create, and on update of an object that is
``managed``, so the marker survives. :func:`from_zendesk` strips it and sets ``managed``.
Brands, forms, categories and dynamic content have no such field and are never ``managed``.

**Round trip.** ``from_zendesk(to_zendesk(attrs))`` gives ``attrs`` back for every key
``attrs`` sets; this is what makes the plan after an apply empty.

Build the :class:`NameIndex` from *every* list of the instance before reading any object:
names of duplicates are disambiguated across the whole kind (see ``payloads_index``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helpctl.resources import KINDS
from helpctl.resources.kinds.ticket_fields import SYSTEM_TYPES
from helpctl.state import Resource
from helpctl.zendesk.payloads_forms import (
    read_form_conditions,
    read_options,
    read_variants,
    write_form_conditions,
    write_options,
    write_variants,
)
from helpctl.zendesk.payloads_index import Id, NameIndex, UnresolvedName, raw_value
from helpctl.zendesk.payloads_rules import (
    RuleNames,
    read_actions,
    read_conditions,
    read_output,
    read_restriction,
    write_actions,
    write_conditions,
    write_output,
    write_restriction,
)

__all__ = [
    "KIND_MAPS",
    "MARKED_FIELD",
    "MARKER",
    "KindMap",
    "NameIndex",
    "UnresolvedName",
    "from_zendesk",
    "to_zendesk",
]

#: Appended to a text field of objects helpctl created (see the module docstring).
MARKER = "[managed by helpctl]"

Reader = Callable[[dict[str, Any], RuleNames], Any]
Writer = Callable[[Any, dict[str, Any], RuleNames], dict[str, Any]]


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


def _ids_in(kind: str, key: str) -> Reader:
    def read(obj: dict[str, Any], names: RuleNames) -> list[str]:
        return [names.index.name_of(kind, i) or str(i) for i in obj.get(key) or []]

    return read


def _brands_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    ids = [names.ref("brands", name) for name in value or []]
    out: dict[str, Any] = {"restricted_brand_ids": ids}
    if "in_all_brands" not in attrs:
        out["in_all_brands"] = not ids
    return out


def _fields_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    return {"ticket_field_ids": [names.ref("ticket_fields", t) for t in value or []]}


def _options_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    field_id = names.live_id
    if field_id is None:
        field_id = names.index.id_of("ticket_fields", str(attrs.get("title", "")))
    return {"custom_field_options": write_options(value, field_id, names.index)}


def _category_in(obj: dict[str, Any], names: RuleNames) -> Any:
    cat = obj.get("category_id")
    if cat is None:
        return None
    return names.index.name_of("trigger_categories", cat) or str(cat)


def _category_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    if value is None:
        return {}
    return {"category_id": str(names.ref("trigger_categories", str(value)))}


def _locale_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    owner = {"owner_kind": names.owner_kind, "owner": names.owner}
    return {"default_locale_id": names.index.locale_id(str(value), **owner)}


_RULE_READERS: dict[str, Reader] = {
    "conditions": lambda obj, names: read_conditions(obj.get("conditions"), names),
    "actions": lambda obj, names: read_actions(obj.get("actions"), names),
}
_RULE_WRITERS: dict[str, Writer] = {
    "conditions": lambda v, a, names: {"conditions": write_conditions(v, names)},
    "actions": lambda v, a, names: {"actions": write_actions(v, names)},
}
_RESTRICTION_READER: dict[str, Reader] = {
    "restriction": lambda obj, names: read_restriction(obj.get("restriction"), names)
}
_RESTRICTION_WRITER: dict[str, Writer] = {
    "restriction": lambda v, a, names: {"restriction": write_restriction(v, names)}
}
_RULE_PLAIN = ("title", "active", "description")

KIND_MAPS: dict[str, KindMap] = {
    "brands": KindMap(
        plain=("name", "subdomain", "host_mapping", "active", "signature_template"),
        system=lambda obj: bool(obj.get("default")),
    ),
    "groups": KindMap(plain=("name", "description", "is_public")),
    "ticket_fields": KindMap(
        plain=(
            "title",
            "type",
            "description",
            "agent_description",
            "title_in_portal",
            "active",
            "required",
            "required_in_portal",
            "visible_in_portal",
            "editable_in_portal",
            "collapsed_for_agents",
            "regexp_for_validation",
            "tag",
            "relationship_target_type",
            "relationship_filter",
        ),
        readers={"options": lambda obj, names: read_options(obj)},
        writers={"options": _options_out},
        system=lambda obj: obj.get("type") in SYSTEM_TYPES,
    ),
    "ticket_forms": KindMap(
        plain=("name", "display_name", "active", "end_user_visible", "default", "in_all_brands"),
        readers={
            "brands": _ids_in("brands", "restricted_brand_ids"),
            "fields": _ids_in("ticket_fields", "ticket_field_ids"),
            "conditions": lambda obj, names: read_form_conditions(obj, names.index),
        },
        writers={
            "brands": _brands_out,
            "fields": _fields_out,
            "conditions": lambda v, a, names: write_form_conditions(v, names),
        },
    ),
    "dynamic_content": KindMap(
        plain=("name",),
        readers={
            "default_locale": lambda obj, n: n.index.locale_code(obj.get("default_locale_id", "")),
            "variants": lambda obj, names: read_variants(obj, names.index),
        },
        writers={
            "default_locale": _locale_out,
            "variants": lambda v, attrs, names: {"variants": write_variants(attrs, names)},
        },
    ),
    "trigger_categories": KindMap(plain=("name",)),
    "triggers": KindMap(
        plain=_RULE_PLAIN,
        readers={"category": _category_in, **_RULE_READERS},
        writers={"category": _category_out, **_RULE_WRITERS},
    ),
    "automations": KindMap(plain=_RULE_PLAIN, readers=_RULE_READERS, writers=_RULE_WRITERS),
    "macros": KindMap(
        plain=_RULE_PLAIN,
        readers={"actions": _RULE_READERS["actions"], **_RESTRICTION_READER},
        writers={"actions": _RULE_WRITERS["actions"], **_RESTRICTION_WRITER},
    ),
    "views": KindMap(
        plain=_RULE_PLAIN,
        readers={
            "conditions": _RULE_READERS["conditions"],
            "output": lambda obj, names: read_output(obj.get("execution"), names),
            **_RESTRICTION_READER,
        },
        writers={
            "conditions": _RULE_WRITERS["conditions"],
            "output": lambda v, a, names: {"output": write_output(v, names)},
            **_RESTRICTION_WRITER,
        },
    ),
}

#: The text field that carries :data:`MARKER`, per kind, and its value when otherwise empty.
MARKED_FIELD: dict[str, tuple[str, str | None]] = {
    "groups": ("description", ""),
    "ticket_fields": ("agent_description", None),
    "triggers": ("description", None),
    "automations": ("description", None),
    "macros": ("description", None),
    "views": ("description", None),
}


def _unmark(kind: str, attrs: dict[str, Any]) -> bool:
    key, empty = MARKED_FIELD.get(kind, ("", None))
    text = attrs.get(key)
    if not key or not isinstance(text, str) or not text.endswith(MARKER):
        return False
    attrs[key] = text[: -len(MARKER)].rstrip() or empty
    return True


def _mark(kind: str, body: dict[str, Any]) -> None:
    key, _ = MARKED_FIELD.get(kind, ("", None))
    if key:
        text = body.get(key)
        body[key] = f"{text}\n\n{MARKER}" if text else MARKER


def from_zendesk(kind: str, obj: dict[str, Any], index: NameIndex) -> Resource:
    """One Zendesk object → a live Resource with canonical, model-valid attrs."""
    spec, kmap = KINDS[kind], KIND_MAPS[kind]
    ident = str(raw_value(obj, spec.identity))
    names = RuleNames(index, kind, ident)
    attrs: dict[str, Any] = {k: raw_value(obj, k) for k in kmap.plain if k in obj}
    for key, reader in kmap.readers.items():
        value = reader(obj, names)
        if value is not None:
            attrs[key] = value
    managed = _unmark(kind, attrs)
    canonical = spec.model.model_validate(attrs).model_dump(mode="json", exclude_unset=True)
    named = index.name_of(kind, obj["id"]) if "id" in obj else None
    return Resource(
        kind=kind,
        key=named or ident,
        attrs=canonical,
        live_id=obj.get("id"),
        system=kmap.system(obj),
        managed=managed,
    )


def to_zendesk(
    kind: str,
    attrs: dict[str, Any],
    index: NameIndex,
    *,
    mark: bool = False,
    live_id: Id | None = None,
) -> dict[str, Any]:
    """Canonical attrs → the writable Zendesk body (no envelope), names turned into ids.

    ``mark`` appends :data:`MARKER` (on create, and on update of a ``managed`` object);
    ``live_id`` names the object being updated, so a ticket field keeps its option ids even
    when its title is shared with another field. Raises :class:`UnresolvedName` for a name no
    live (or already created) object has.
    """
    spec, kmap = KINDS[kind], KIND_MAPS[kind]
    names = RuleNames(index, kind, str(attrs.get(spec.identity, "")), live_id)
    body: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in kmap.writers:
            body.update(kmap.writers[key](value, attrs, names))
        elif key in kmap.plain:
            body[key] = value
    if mark:
        _mark(kind, body)
    return body
