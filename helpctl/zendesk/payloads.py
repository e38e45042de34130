"""Zendesk JSON ↔ helpctl resources, table-driven and pure (no HTTP).

- :func:`from_zendesk` turns one object of a list/show reply into a live
  :class:`~helpctl.resources.state.Resource` whose ``attrs`` are canonical (names, not ids; exactly
  the keys a user may write). Server-only fields (``id``, ``url``, timestamps, ``raw_*``,
  ``position``, ``removable``, ``default`` flags that are read-only, usage…) are dropped simply
  by never being read.
- :func:`to_zendesk` turns canonical attrs into the writable body (no envelope; wrap it in
  ``KindSpec.singular``). It only sends the keys ``attrs`` has, so the provider decides what a
  PUT carries (rules: send conditions and actions together, since Zendesk replaces both).
- Both go through one :class:`KindMap` per kind (the ``payload`` of its Zendesk entry in
  :mod:`helpctl.zendesk.kinds`): plain keys copied as they are, plus readers and writers for
  the keys that hold ids.

**Marker.** Objects helpctl creates are marked with :data:`MARKER` at the end of a text field
Zendesk keeps verbatim, the kind's ``KindSpec.marker_field``: ``description`` (groups, rules)
or ``agent_description`` (ticket fields: their ``description`` is shown to end users). Pass
``mark=True`` to :func:`to_zendesk` on create, and on update of an object that is
``managed``, so the marker survives. :func:`from_zendesk` strips it and sets ``managed``.
Brands, forms, categories and dynamic content have no such field and are never ``managed``.

**Round trip.** ``from_zendesk(to_zendesk(attrs))`` gives ``attrs`` back for every key
``attrs`` sets; this is what makes the plan after an apply empty.

Build the :class:`NameIndex` from *every* list of the instance before reading any object:
names of duplicates are disambiguated across the whole kind (see ``payloads_index``).
"""

from __future__ import annotations

from typing import Any

from helpctl.resources import KINDS
from helpctl.resources.state import Resource
from helpctl.zendesk.kinds import ZENDESK_KINDS
from helpctl.zendesk.kinds._base import KindMap
from helpctl.zendesk.payloads_index import Id, NameIndex, UnresolvedName, raw_value
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = [
    "KIND_MAPS",
    "MARKER",
    "KindMap",
    "NameIndex",
    "UnresolvedName",
    "from_zendesk",
    "to_zendesk",
]

#: Appended to a text field of objects helpctl created (see the module docstring).
MARKER = "[managed by helpctl]"

#: Each kind's payload mapping, from its Zendesk entry.
KIND_MAPS: dict[str, KindMap] = {kind: entry.payload for kind, entry in ZENDESK_KINDS.items()}


def _unmark(kind: str, attrs: dict[str, Any]) -> bool:
    key, empty = KINDS[kind].marker_field, KINDS[kind].marker_empty
    text = attrs.get(key)
    if not key or not isinstance(text, str) or not text.endswith(MARKER):
        return False
    attrs[key] = text[: -len(MARKER)].rstrip() or empty
    return True


def _mark(kind: str, body: dict[str, Any]) -> None:
    key = KINDS[kind].marker_field
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
