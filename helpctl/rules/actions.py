"""Actions of triggers, automations and macros, applied to a working ticket.

:data:`ACTIONS` maps every action field the catalogue lists to a handler; ``custom_fields_<id>``
and ``requester.``/``organization.custom_fields.<key>`` are handled by :func:`handler_for`.
A handler records each net change as a :class:`Change` (an action that sets what is already
there records nothing, as Zendesk's audit log) and queues notifications, which are rendered
when the whole run is over, over the final ticket (see :mod:`helpctl.rules.notify`).

Pure domain: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.model import Ticket, User
from helpctl.rules.operators import NULLS, as_bool, split_words

__all__ = ["ACTIONS", "MACRO_ONLY", "ActionEnv", "Change", "PendingNotification", "handler_for"]

_CUSTOM_RE = re.compile(r"^custom_fields_(\d+)$")


@dataclass(frozen=True, slots=True)
class Change:
    """One net change a rule made: Zendesk's field name, the value before and after."""

    field: str
    previous: Any
    value: Any
    rule: str


@dataclass(frozen=True, slots=True)
class PendingNotification:
    """A notification action waiting to be rendered over the final ticket."""

    action: str
    value: tuple[Any, ...]
    rule: str


@dataclass
class ActionEnv:
    """A working ticket and what the rules applied to it so far."""

    ticket: Ticket
    directory: Directory
    now: datetime
    current_user: User | None = None
    rule: str = ""
    changes: list[Change] = field(default_factory=list)
    notifications: list[PendingNotification] = field(default_factory=list)
    comment_body: str | None = None
    comment_html: str | None = None
    comment_public: bool | None = None

    def set(self, name: str, attr: str, value: Any) -> bool:
        """Set a ticket attribute; record the change when it is one."""
        old = getattr(self.ticket, attr)
        if old == value:
            return False
        setattr(self.ticket, attr, value)
        self.changes.append(Change(name, old, value, self.rule))
        return True


Handler = Callable[[ActionEnv, Any], None]


def _id(value: Any) -> int | None:
    if value in NULLS:
        return None
    text = str(value)
    if not text.isdigit():
        raise CannotEvaluate(f"`{value}` is not an id")
    return int(text)


def _user_id(env: ActionEnv, value: Any) -> int | None:
    if value == "current_user":
        if env.current_user is None:
            raise CannotEvaluate("`current_user` is nobody here (no user made this update)")
        return env.current_user.id
    if value == "requester_id":
        return env.ticket.requester.id
    return _id(value)


def _status(env: ActionEnv, value: Any) -> None:
    status = str(value).lower()
    if env.set("status", "status", status):
        env.ticket.status_changed_at = env.now
        if status == "solved":
            env.ticket.solved_at = env.now
        default = env.directory.default_custom_status(status)
        if default is not None:
            env.set("custom_status_id", "custom_status_id", default)


def _custom_status(env: ActionEnv, value: Any) -> None:
    status_id = _id(value)
    known = env.directory.custom_statuses.get(status_id) if status_id is not None else None
    if known is None:
        raise CannotEvaluate(f"custom status {value} is not known: its status category decides")
    env.set("custom_status_id", "custom_status_id", status_id)
    if env.set("status", "status", known.status_category):
        env.ticket.status_changed_at = env.now


def _assignee(env: ActionEnv, value: Any) -> None:
    if env.set("assignee_id", "assignee_id", _user_id(env, value)):
        env.ticket.assigned_at = env.now if env.ticket.assignee_id is not None else None


def _form(env: ActionEnv, value: Any) -> None:
    if value == "default_ticket_form":
        if env.directory.default_ticket_form_id is None:
            raise CannotEvaluate("the account's default ticket form is not known")
        value = env.directory.default_ticket_form_id
    env.set("ticket_form_id", "ticket_form_id", _id(value))


def _tags(mode: str) -> Handler:
    def apply(env: ActionEnv, value: Any) -> None:
        words = split_words(value)
        current = env.ticket.tags
        if mode == "set":
            new = list(dict.fromkeys(words))
        elif mode == "add":
            new = current + [w for w in dict.fromkeys(words) if w not in current]
        else:
            new = [t for t in current if t not in words]
        env.set("tags", "tags", new)

    return apply


def _append(attr: str) -> Handler:
    def apply(env: ActionEnv, value: Any) -> None:
        item = _user_id(env, value) if attr == "followers" else _id(value)
        items = getattr(env.ticket, attr)
        if item is not None and item not in items:
            env.set(attr, attr, [*items, item])

    return apply


def _locale(env: ActionEnv, value: Any) -> None:
    locale_id = _id(value)
    requester = env.ticket.requester
    if requester.locale_id != locale_id:
        env.changes.append(Change("requester.locale_id", requester.locale_id, locale_id, env.rule))
        requester.locale_id = locale_id
        if locale_id is not None and locale_id in env.directory.locales:
            requester.locale = env.directory.locales[locale_id]


def _plain(attr: str, convert: Callable[[Any], Any]) -> Handler:
    def apply(env: ActionEnv, value: Any) -> None:
        env.set(attr, attr, convert(value))

    return apply


def _notify(action: str) -> Handler:
    def queue(env: ActionEnv, value: Any) -> None:
        items = tuple(value) if isinstance(value, list | tuple) else (value,)
        env.notifications.append(PendingNotification(action, items, env.rule))

    return queue


def _comment(env: ActionEnv, value: Any) -> None:
    if isinstance(value, list | tuple):  # [channel, text]
        value = value[-1] if value else ""
    env.comment_body = str(value)


def _comment_html(env: ActionEnv, value: Any) -> None:
    env.comment_html = str(value)


def _comment_mode(env: ActionEnv, value: Any) -> None:
    env.comment_public = as_bool(value)


ACTIONS: dict[str, Handler] = {
    "status": _status,
    "custom_status_id": _custom_status,
    "priority": _plain("priority", lambda v: None if v in NULLS else str(v).lower()),
    "type": _plain("type", lambda v: None if v in NULLS else str(v).lower()),
    "brand_id": _plain("brand_id", _id),
    "ticket_form_id": _form,
    "group_id": _plain("group_id", _id),
    "assignee_id": _assignee,
    "set_tags": _tags("set"),
    "current_tags": _tags("add"),
    "remove_tags": _tags("remove"),
    "follower": _append("followers"),
    "share_ticket": _append("sharing_agreement_ids"),
    "set_schedule": _plain("schedule_id", _id),
    "locale_id": _locale,
    "satisfaction_score": _plain("satisfaction_score", lambda v: None if v in NULLS else str(v)),
    "subject": _plain("subject", str),
    "comment_value": _comment,
    "comment_value_html": _comment_html,
    "comment_mode_is_public": _comment_mode,
    "notification_user": _notify("notification_user"),
    "notification_group": _notify("notification_group"),
    "notification_target": _notify("notification_target"),
    "notification_webhook": _notify("notification_webhook"),
    "notification_sms_user": _notify("notification_sms_user"),
    "notification_sms_group": _notify("notification_sms_group"),
}

#: Actions only macros have: they shape the comment an agent is about to submit.
MACRO_ONLY = frozenset({"subject", "comment_value", "comment_value_html", "comment_mode_is_public"})


def _option_tags(env: ActionEnv, field_id: int, old: Any, new: Any) -> None:
    """Dropdown, multiselect and checkbox values are tags too: keep ``tags`` in step."""
    info = env.directory.ticket_fields.get(field_id)
    if info is None:
        return

    def tags_of(value: Any) -> set[str]:
        if info.type == "checkbox":
            return {info.tag} if info.tag and value is True else set()
        values = value if isinstance(value, list) else [value]
        return {str(v) for v in values if v not in NULLS}

    drop, add = tags_of(old) - tags_of(new), tags_of(new) - tags_of(old)
    tags = [t for t in env.ticket.tags if t not in drop]
    tags += [t for t in sorted(add) if t not in tags]
    env.set("tags", "tags", tags)


def _custom_field(field_id: int) -> Handler:
    def apply(env: ActionEnv, value: Any) -> None:
        info = env.directory.ticket_fields.get(field_id)
        if info is None:
            raise CannotEvaluate(f"ticket field {field_id} is not known (its type decides)")
        if info.type == "checkbox":
            new: Any = as_bool(value)
        elif info.type == "multiselect":
            new = [info.tag_of(v) for v in split_words(value)] or None
        else:
            new = None if value in NULLS else info.tag_of(value)
        old = env.ticket.custom_fields.get(field_id)
        if old == new:
            return
        env.ticket.custom_fields[field_id] = new
        env.changes.append(Change(f"custom_fields_{field_id}", old, new, env.rule))
        _option_tags(env, field_id, old, new)

    return apply


def _person_field(owner: str, key: str) -> Handler:
    def apply(env: ActionEnv, value: Any) -> None:
        known = env.directory.user_fields if owner == "requester" else None
        if owner == "organization":
            known = env.directory.organization_fields
        info = known.get(key) if known else None
        if info is not None:
            value = info.tag_of(value)
        if owner == "requester":
            values = env.ticket.requester.user_fields
        elif env.ticket.organization is not None:
            values = env.ticket.organization.organization_fields
        else:
            return  # no organization: nothing to set, as Zendesk
        new = None if value in NULLS else value
        if values.get(key) != new:
            env.changes.append(
                Change(f"{owner}.custom_fields.{key}", values.get(key), new, env.rule)
            )
            values[key] = new

    return apply


def handler_for(field_name: str) -> Handler | None:
    """The handler of an action field, or None when the engine does not know it."""
    if field_name in ACTIONS:
        return ACTIONS[field_name]
    match = _CUSTOM_RE.match(field_name)
    if match:
        return _custom_field(int(match[1]))
    for owner in ("requester", "organization"):
        prefix = f"{owner}.custom_fields."
        if field_name.startswith(prefix) and len(field_name) > len(prefix):
            return _person_field(owner, field_name[len(prefix) :])
    return None
