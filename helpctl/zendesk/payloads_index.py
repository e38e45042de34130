"""Ids ↔ names of one helpdesk instance, for turning Zendesk JSON into helpctl's names and back.

A :class:`NameIndex` is filled from the live lists (``NameIndex.from_lists``) and grows while an
apply creates objects (``add``). Two live objects of one kind may share a name (Zendesk allows
duplicate titles); the one with the lowest id keeps the plain name and every other one is named
``"<name> (#<id>)"``, so no object is merged or dropped, and the choice does not depend on the
order the lists arrived in.

Pure: no HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from helpctl.errors import PlanError
from helpctl.resources import KINDS

__all__ = ["INDEXED_KINDS", "NameIndex", "UnknownOrganization", "UnresolvedName", "raw_value"]

Id = int | str

#: Per kind, the attribute that names its objects (``KindSpec.identity``).
INDEXED_KINDS: dict[str, str] = {kind: spec.identity for kind, spec in KINDS.items()}

_DISAMBIGUATED = re.compile(r"^(?P<name>.*) \(#(?P<id>[^)]+)\)$")


class UnresolvedName(PlanError):
    """A name in the config has no live object to send its id for."""

    def __init__(self, kind: str, obj: str, ref_kind: str, name: str) -> None:
        self.kind, self.obj, self.ref_kind, self.name = kind, obj, ref_kind, name
        super().__init__(
            f"{kind}[{obj}] references {ref_kind} `{name}`, which does not exist on the helpdesk",
            hint=f"create {ref_kind} `{name}` in the same config, or fix the name",
        )


class UnknownOrganization(UnresolvedName):
    """A rule names an organization the helpdesk does not have (helpctl does not create them)."""

    def __init__(self, kind: str, obj: str, name: str, spelled: str | None = None) -> None:
        super().__init__(kind, obj, "organizations", name)
        # the message is what an apply report shows: it says what to do, too
        if spelled is not None:
            self.message = (
                f"{kind}[{obj}] names organization `{name}`, which the helpdesk spells "
                f"`{spelled}`: write the name as the helpdesk has it"
            )
        else:
            self.message = (
                f"{kind}[{obj}] names organization `{name}`, which does not exist on the "
                "helpdesk: create the organization first (helpctl does not manage "
                "organizations), or fix the name"
            )
        self.hint = (
            "an admin creates organizations in Zendesk (or through its API); a rule may then "
            "name them; see 'Rules naming users and organizations' in docs/config.md"
        )
        self.args = (self.message,)


def raw_value(obj: Mapping[str, Any], key: str) -> Any:
    """The value as entered: ``raw_<key>`` when it holds a dynamic content placeholder."""
    raw = obj.get(f"raw_{key}")
    if isinstance(raw, str) and "{{dc." in raw:
        return raw
    return obj.get(key)


def _id_order(value: Id) -> tuple[int, int | str]:
    text = str(value)
    return (0, int(text)) if text.isdigit() else (1, text)


@dataclass
class NameIndex:
    """Per kind id ↔ name; per ticket field its options; locales; users named in rules.

    Organizations named in rules are kept as kind ``organizations`` (names are unique on an
    account, so no ``(#id)`` ever appears)."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: dict[str, dict[str, list[Id]]] = field(default_factory=dict)
    options: dict[str, dict[str, Id]] = field(default_factory=dict)
    field_types: dict[str, str] = field(default_factory=dict)
    locales: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    #: A name a rule wrote → the organization's name as the helpdesk spells it (another case).
    org_spellings: dict[str, str] = field(default_factory=dict)

    # -- building ------------------------------------------------------------------------------
    def add(self, kind: str, obj_id: Id, name: str) -> None:
        """Register one object (also objects created or renamed during an apply)."""
        names, by_name = self.names.setdefault(kind, {}), self.ids.setdefault(kind, {})
        old = names.get(str(obj_id))
        if old is not None and old != name:
            by_name[old] = [i for i in by_name[old] if str(i) != str(obj_id)]
            if not by_name[old]:
                del by_name[old]
        names[str(obj_id)] = name
        same = by_name.setdefault(name, [])
        if all(str(i) != str(obj_id) for i in same):
            same.append(obj_id)
            same.sort(key=_id_order)

    def add_field(self, field_id: Id, title: str, ftype: str, options: Iterable[Any] = ()) -> None:
        """Register a ticket field with its type and its options (``{id, value}`` dicts)."""
        self.add("ticket_fields", field_id, title)
        self.field_types[str(field_id)] = ftype
        self.options[str(field_id)] = {
            str(opt["value"]): opt["id"] for opt in options if "id" in opt and "value" in opt
        }

    def add_locale(self, locale_id: Id, code: str) -> None:
        self.locales[str(locale_id)] = code

    def add_user(self, user_id: Id, email_or_name: str) -> None:
        self.users[str(user_id)] = email_or_name
        self.user_ids.setdefault(email_or_name, str(user_id))

    @classmethod
    def from_lists(cls, lists: Mapping[str, Iterable[Mapping[str, Any]]]) -> NameIndex:
        """An index of Zendesk list replies keyed by kind (plus ``locales`` and ``users``)."""
        index = cls()
        for kind, items in lists.items():
            for obj in items:
                index.register(kind, obj)
        return index

    def register(self, kind: str, obj: Mapping[str, Any]) -> None:
        """Add one raw Zendesk object (as listed, or as a create/update answered it).

        Names are taken as entered (``raw_title`` when it holds a ``{{dc.x}}`` placeholder),
        the way :func:`~helpctl.zendesk.payloads.from_zendesk` reads identities.
        """
        if kind == "ticket_fields":
            opts = obj.get("custom_field_options") or []
            title = str(raw_value(obj, "title"))
            self.add_field(obj["id"], title, obj.get("type", ""), opts)
        elif kind in INDEXED_KINDS:
            self.add(kind, obj["id"], str(raw_value(obj, INDEXED_KINDS[kind])))
            if "custom_field_options" in obj:  # user and organization fields
                self.field_types[str(obj["id"])] = str(obj.get("type", ""))
                self.options[str(obj["id"])] = {
                    str(o["value"]): o["id"] for o in obj["custom_field_options"] or []
                }
        elif kind == "locales":
            self.add_locale(obj["id"], obj["locale"])
        elif kind == "users":
            self.add_user(obj["id"], obj.get("email") or obj["name"])
        elif kind == "organizations":
            self.add("organizations", obj["id"], str(obj["name"]))

    # -- id → name -----------------------------------------------------------------------------
    def name_of(self, kind: str, obj_id: Id) -> str | None:
        """The (disambiguated) name of an id, or None when the id is unknown."""
        raw = self.names.get(kind, {}).get(str(obj_id))
        if raw is None:
            return None
        same = self.ids[kind][raw]
        if len(same) > 1 and str(same[0]) != str(obj_id):
            return f"{raw} (#{obj_id})"
        return raw

    def locale_code(self, locale_id: Id) -> str:
        return self.locales.get(str(locale_id), str(locale_id))

    def user_name(self, user_id: Id) -> str:
        return self.users.get(str(user_id), str(user_id))

    def organization_name(self, org_id: Id) -> str:
        """An organization's name from its id; an unknown id (deleted) stays the id, as text."""
        return self.name_of("organizations", org_id) or str(org_id)

    # -- name → id -----------------------------------------------------------------------------
    def id_of(self, kind: str, name: str) -> Id | None:
        """The id of a name (plain or ``"name (#id)"``); a bare id that is known passes through."""
        same = self.ids.get(kind, {}).get(name)
        if same:
            return same[0]
        match = _DISAMBIGUATED.match(name)
        if match and match["id"] in self.names.get(kind, {}):
            return self._typed(kind, match["id"])
        if name in self.names.get(kind, {}):
            return self._typed(kind, name)
        return None

    def _typed(self, kind: str, text_id: str) -> Id:
        for ids in self.ids.get(kind, {}).values():
            for obj_id in ids:
                if str(obj_id) == text_id:
                    return obj_id
        return text_id

    def require(self, kind: str, name: str, *, owner_kind: str, owner: str) -> Id:
        """``id_of`` or :class:`UnresolvedName`; unknown bare ids pass through unchanged."""
        found = self.id_of(kind, name)
        if found is not None:
            return found
        if name.isdigit():
            return int(name)
        raise UnresolvedName(owner_kind, owner, kind, name)

    def option_id(self, field_id: Id, value: str) -> Id | None:
        return self.options.get(str(field_id), {}).get(value)

    def option_value(self, field_id: Id, option_id: Id) -> str | None:
        """The tag of one option of a field, from its id (None when unknown)."""
        for value, known in self.options.get(str(field_id), {}).items():
            if str(known) == str(option_id):
                return value
        return None

    def field_type(self, field_id: Id) -> str:
        return self.field_types.get(str(field_id), "")

    def locale_id(self, code: str, *, owner_kind: str, owner: str) -> Id:
        for locale_id, known in self.locales.items():
            if known == code:
                return int(locale_id) if locale_id.isdigit() else locale_id
        if code.isdigit():
            return int(code)
        raise UnresolvedName(owner_kind, owner, "locales", code)

    def organization_id(self, name: str, *, owner_kind: str, owner: str) -> str:
        """An organization's id (as text, as Zendesk keeps rule values) from its name; an id
        passes through; :class:`UnknownOrganization` for a name the helpdesk does not have."""
        found = self.id_of("organizations", name)
        if found is not None:
            return str(found)
        if name.isdigit():
            return name
        raise UnknownOrganization(owner_kind, owner, name, self.org_spellings.get(name))

    def user_id(self, name: str) -> Id:
        """A user's id from an email/name; keywords and raw ids pass through."""
        return self.user_ids.get(name, name)
