"""An engine from a desired :class:`~helpctl.resources.state.State` (names), with synthetic ids.

``helpctl test`` runs scenarios offline against each instance's desired state. The state names
things (``group_id: Tier 1``, ``custom_fields.Contact reason``); the engine speaks Zendesk's
ids. :func:`offline_engine` gives every named object a synthetic id (stable for one state:
kind base + position), translates the rules to Zendesk's shape and fills a
:class:`~helpctl.rules.directory.Directory`. :class:`OfflineAccount` answers name → id for
scenario authors (``account.id_of("groups", "Tier 1")``). Users named in rules (by email) become
agents of the directory; pass ``users`` to add requesters and agents of your own.

Pure domain: no I/O.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from helpctl.resources.common import CUSTOM_FIELD_PREFIX, dc_placeholder_name
from helpctl.resources.rules import (
    LIST_HEAD_KINDS,
    ORGANIZATION_FIELDS,
    USER_FIELDS,
    USER_HEAD_FIELDS,
    VALUE_KINDS,
    is_special,
)
from helpctl.resources.state import State
from helpctl.rules.directory import (
    Brand,
    CustomStatus,
    Directory,
    DynamicItem,
    FieldInfo,
    Group,
)
from helpctl.rules.engine import Engine
from helpctl.rules.errors import CannotEvaluate, UnknownObject
from helpctl.rules.model import User
from helpctl.rules.schedule import Schedule

__all__ = ["ID_BASES", "OfflineAccount", "offline_engine", "organization_id"]

#: Synthetic ids: kind base + 1-based position in the state (users and locales as met).
ID_BASES: dict[str, int] = {
    "brands": 10_000,
    "groups": 20_000,
    "ticket_fields": 30_000,
    "ticket_forms": 40_000,
    "trigger_categories": 50_000,
    "dynamic_content": 60_000,
    "triggers": 70_000,
    "automations": 80_000,
    "macros": 90_000,
    "views": 100_000,
    "custom_statuses": 110_000,
    "webhooks": 120_000,
    "users": 200_000,
}
_RULE_KINDS = ("triggers", "automations", "views", "macros")


def organization_id(name: str) -> int:
    """The synthetic id of an organization, from its name alone: rules name organizations the
    state does not declare (helpctl does not manage them), and a scenario's requester names
    the same organization by the same name."""
    return 300_000 + zlib.crc32(name.encode()) % 100_000


@dataclass
class OfflineAccount:
    """A desired state as the engine sees it: the engine, its directory and the names."""

    instance: str
    engine: Engine
    directory: Directory
    ids: dict[str, dict[str, int]] = field(default_factory=dict)

    def id_of(self, kind: str, name: str) -> int:
        """The synthetic id of a named object; :class:`UnknownObject` when the state has none."""
        try:
            return self.ids[kind][name]
        except KeyError:
            raise UnknownObject(f"{kind} `{name}` is not declared in {self.instance}") from None

    def name_of(self, kind: str, obj_id: int) -> str | None:
        for name, known in self.ids.get(kind, {}).items():
            if known == obj_id:
                return name
        return None

    def user(self, email: str) -> User:
        """The directory's user with ``email`` (registered as an end user when new)."""
        for user in self.directory.users.values():
            if user.email == email:
                return user
        return _register_user(self.directory, self.ids, email, role="end-user")


def _register_user(
    directory: Directory, ids: dict[str, dict[str, int]], email: str, role: str
) -> User:
    users = ids.setdefault("users", {})
    user_id = users.setdefault(email, ID_BASES["users"] + len(users) + 1)
    user = directory.users.get(user_id) or User(id=user_id, name=email.split("@")[0], email=email)
    user.role = role if user.role == "end-user" else user.role
    directory.users[user_id] = user
    return user


class _Translator:
    """Names → synthetic ids inside one rule."""

    def __init__(self, account: OfflineAccount, owner: str) -> None:
        self.account, self.owner = account, owner

    def ref(self, kind: str, name: str) -> str:
        known = self.account.ids.get(kind, {})
        if name in known:
            return str(known[name])
        if name.isdigit():
            return name
        raise CannotEvaluate(f"{kind} `{name}` is not declared in this instance", rule=self.owner)

    def user(self, value: str) -> str:
        if value.isdigit() or is_special(value):
            return value
        return str(_register_user(self.account.directory, self.account.ids, value, "agent").id)

    def field(self, name: str) -> str:
        if name.startswith(CUSTOM_FIELD_PREFIX):
            return f"custom_fields_{self.ref('ticket_fields', name[len(CUSTOM_FIELD_PREFIX) :])}"
        return name

    def value(self, name: str, value: Any) -> Any:
        if name in VALUE_KINDS and isinstance(value, str) and not is_special(value):
            return self.ref(VALUE_KINDS[name], value)
        if name in USER_FIELDS and isinstance(value, str):
            return self.user(value)
        if name in ORGANIZATION_FIELDS and isinstance(value, str) and not is_special(value):
            return value if value.isdigit() else str(organization_id(value))
        if name == "locale_id" and isinstance(value, str) and not value.isdigit():
            return str(_locale_id(self.account.directory, value))
        if isinstance(value, list) and value and isinstance(value[0], str):
            head = value[0]
            if name in LIST_HEAD_KINDS and not is_special(head):
                return [self.ref(LIST_HEAD_KINDS[name], head), *value[1:]]
            if name in USER_HEAD_FIELDS:
                return [self.user(head), *value[1:]]
        return value

    def rule(self, attrs: dict[str, Any], rule_id: int, position: int) -> dict[str, Any]:
        out = {k: v for k, v in attrs.items() if k not in ("conditions", "actions")}
        out.update(id=rule_id, position=position)
        conditions = attrs.get("conditions") or {}
        out["conditions"] = {
            group: [
                {
                    "field": self.field(str(c["field"])),
                    "operator": c.get("operator"),
                    "value": self.value(str(c["field"]), c.get("value")),
                }
                for c in conditions.get(group) or []
            ]
            for group in ("all", "any")
        }
        out["actions"] = [
            {
                "field": self.field(str(a["field"])),
                "value": self.value(str(a["field"]), a.get("value")),
            }
            for a in attrs.get("actions") or []
        ]
        if attrs.get("category"):
            out["category_id"] = self.ref("trigger_categories", str(attrs["category"]))
        if isinstance(attrs.get("output"), dict):
            out["output"] = self._output(attrs["output"])
        return out

    def _output(self, output: dict[str, Any]) -> dict[str, Any]:
        def column(value: Any) -> Any:
            if isinstance(value, str) and value.startswith(CUSTOM_FIELD_PREFIX):
                return self.ref("ticket_fields", value[len(CUSTOM_FIELD_PREFIX) :])
            return value

        out = dict(output)
        out["columns"] = [column(c) for c in output.get("columns") or []]
        for key in ("group_by", "sort_by"):
            out[key] = column(output.get(key))
        return out


def _locale_id(directory: Directory, code: str) -> int:
    known = directory.locale_id_of(code)
    if known is not None:
        return known
    locale_id = len(directory.locales) + 1
    directory.locales[locale_id] = code
    return locale_id


def _directory(state: State, ids: dict[str, dict[str, int]]) -> Directory:
    directory = Directory(account_name=state.instance, subdomain=state.instance)
    _locale_id(directory, "en-US")
    for kind, base in ID_BASES.items():
        if kind != "users":
            ids[kind] = {res.key: base + i + 1 for i, res in enumerate(state.of(kind))}
    for res in state.of("brands"):
        directory.brands[ids["brands"][res.key]] = Brand(
            ids["brands"][res.key], res.key, str(res.attrs.get("subdomain") or "")
        )
    for res in state.of("groups"):
        directory.groups[ids["groups"][res.key]] = Group(ids["groups"][res.key], res.key)
    for res in state.of("ticket_fields"):
        options = {str(o["value"]): str(o["name"]) for o in res.attrs.get("options") or []}
        field_id = ids["ticket_fields"][res.key]
        directory.ticket_fields[field_id] = FieldInfo(
            field_id, res.key, str(res.attrs.get("type", "text")), options, tag=res.attrs.get("tag")
        )
    for res in state.of("ticket_forms"):
        form_id = ids["ticket_forms"][res.key]
        directory.ticket_forms[form_id] = res.key
        if res.attrs.get("default"):
            directory.default_ticket_form_id = form_id
    for res in state.of("custom_statuses"):
        status_id = ids["custom_statuses"][res.key]
        directory.custom_statuses[status_id] = CustomStatus(
            status_id,
            str(res.attrs.get("status_category")),
            res.key,
            bool(res.attrs.get("default")),
        )
    for res in state.of("dynamic_content"):
        variants = {str(k): str(v) for k, v in (res.attrs.get("variants") or {}).items()}
        for code in variants:
            _locale_id(directory, code)
        directory.dynamic_content[dc_placeholder_name(res.key)] = DynamicItem(
            res.key, str(res.attrs.get("default_locale", "en-US")), variants
        )
    return directory


def offline_engine(
    state: State, *, users: Iterable[User] = (), schedules: Iterable[Schedule] = ()
) -> OfflineAccount:
    """The engine of ``state`` with synthetic ids (see the module docstring)."""
    ids: dict[str, dict[str, int]] = {}
    directory = _directory(state, ids)
    for user in users:
        directory.users[user.id] = user
        ids.setdefault("users", {})[user.email or str(user.id)] = user.id
    for schedule in schedules:
        directory.schedules[schedule.id] = schedule
        directory.default_schedule_id = directory.default_schedule_id or schedule.id
    account = OfflineAccount(state.instance, Engine(directory), directory, ids)
    rules: dict[str, list[dict[str, Any]]] = {}
    for kind in _RULE_KINDS:
        rules[kind] = [
            _Translator(account, f"{kind}[{res.key}]").rule(res.attrs, ids[kind][res.key], i)
            for i, res in enumerate(state.of(kind))
        ]
    categories = [
        {"id": str(ids["trigger_categories"][res.key]), "name": res.key, "position": i}
        for i, res in enumerate(state.of("trigger_categories"))
    ]
    account.engine = Engine(
        directory,
        triggers=rules["triggers"],
        trigger_categories=categories,
        automations=rules["automations"],
        views=rules["views"],
        macros=rules["macros"],
    )
    return account
