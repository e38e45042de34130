"""Condition fields of triggers, automations and views, compiled into checks.

:data:`CONDITION_FIELDS` maps every condition field the catalogue lists to a builder;
:data:`UNSUPPORTED_CONDITIONS` names the few the engine cannot evaluate faithfully, with the
reason (a rule using one raises :class:`~helpctl.rules.errors.CannotEvaluate`).
``custom_fields_<id>``, ``requester.custom_fields.<key>`` and ``organization.custom_fields.<key>``
are built by :func:`builder_for`.

Pure domain: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any

from helpctl.rules.context import Check, Context
from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.fields import typed_check
from helpctl.rules.model import PRIORITY_ORDER, STATUS_ORDER
from helpctl.rules.operators import (
    CHANGE_OPERATORS,
    NULLS,
    Reader,
    as_number,
    change_check,
    hours_check,
    numeric_check,
    tags_check,
    words_check,
)

__all__ = [
    "CONDITION_FIELDS",
    "PATTERN_PREFIXES",
    "UNSUPPORTED_CONDITIONS",
    "Builder",
    "builder_for",
    "compile_condition",
    "depends_on",
]

#: (operator, rule value, directory) → check.
Builder = Callable[[str, Any, Directory], Check]

_CUSTOM_RE = re.compile(r"^custom_fields_(\d+)$")
_NO_USER = object()  # `current_user` when nobody acts: equals no id, not even "none"
_ROLE_IDS = {"end-user": "0", "agent": "4", "admin": "2"}

UNSUPPORTED_CONDITIONS: dict[str, str] = {
    "requester_twitter_followers_count": "the engine has no Twitter profile data",
    "requester_twitter_statuses_count": "the engine has no Twitter profile data",
    "requester_twitter_verified": "the engine has no Twitter profile data",
    "due_at": "the reference does not say how the view condition `due_at` differs from "
    "`until_due_date`",
}


# -- value resolution ------------------------------------------------------------------------
def _id(value: Any) -> Any:
    if value in NULLS:
        return None
    text = str(value)
    return int(text) if text.lstrip("-").isdigit() else text


def _expected_id(value: Any) -> Reader:
    """A rule's id value, resolving the keywords Zendesk allows in id conditions."""
    if value == "current_user":
        return lambda ctx: ctx.current_user.id if ctx.current_user else _NO_USER
    if value == "requester_id":
        return lambda ctx: ctx.ticket.requester.id
    if value == "assignee_id":
        return lambda ctx: ctx.ticket.assignee_id
    if value == "current_groups":
        return _current_groups
    constant = _id(value)
    return lambda _: constant


def _current_groups(ctx: Context) -> Any:
    user = ctx.current_user
    if user is None:
        return frozenset()
    return frozenset(g.id for g in ctx.directory.groups.values() if user.id in g.member_ids)


def _same(actual: Any, expected: Any) -> bool:
    return actual in expected if isinstance(expected, frozenset) else bool(actual == expected)


# -- builders ----------------------------------------------------------------------------------
def _ids(reader: Reader, *, extra: tuple[str, ...] = ()) -> Builder:
    """An id-valued field: ``is``/``is_not`` and the change operators."""

    def build(operator: str, value: Any, directory: Directory) -> Check:
        if operator in CHANGE_OPERATORS:
            return change_check(operator, reader, _expected_id(value))
        if operator == "includes" and "includes" in extra:
            wanted = frozenset(_id(v) for v in (value if isinstance(value, list) else [value]))
            return lambda ctx: reader(ctx) in wanted
        expected = _expected_id(value)
        if operator == "is":
            return lambda ctx: _same(reader(ctx), expected(ctx))
        if operator == "is_not":
            return lambda ctx: not _same(reader(ctx), expected(ctx))
        raise CannotEvaluate(f"operator `{operator}` does not apply to an id")

    return build


def _ranked(reader: Reader, order: Mapping[str, int]) -> Builder:
    """Status and priority: equality, order (``less_than``/``greater_than``), changes."""

    def key(value: Any) -> int | None:
        rank = order.get(value) if type(value) is str else None
        if rank is not None:
            return rank
        if value in NULLS:
            return None
        if str(value).lower() not in order:
            raise CannotEvaluate(f"`{value}` is not one of {', '.join(order)}")
        return order[str(value).lower()]

    def build(operator: str, value: Any, directory: Directory) -> Check:
        if operator in CHANGE_OPERATORS:
            expected = key(value)
            return change_check(operator, lambda ctx: key(reader(ctx)), lambda _: expected)
        return numeric_check(operator, reader, value, key)

    return build


def _enum(reader: Reader) -> Builder:
    """A field compared as text (``type``, ``update_type``, ``recipient``, time zone…)."""

    def norm(value: Any) -> str | None:
        if type(value) is str:
            return None if value in NULLS else value.lower()
        return None if value in NULLS else str(value).lower()

    def build(operator: str, value: Any, directory: Directory) -> Check:
        expected = norm(value)
        if operator in CHANGE_OPERATORS:
            return change_check(operator, lambda ctx: norm(reader(ctx)), lambda _: expected)
        if operator == "is":
            return lambda ctx: norm(reader(ctx)) == expected
        if operator == "is_not":
            return lambda ctx: norm(reader(ctx)) != expected
        raise CannotEvaluate(f"operator `{operator}` does not apply here")

    return build


def _number(reader: Reader) -> Builder:
    return lambda op, value, _: numeric_check(op, reader, value, as_number)


def _tags(reader: Reader) -> Builder:
    return lambda op, value, _: tags_check(op, reader, value)


def _words(reader: Reader) -> Builder:
    return lambda op, value, _: words_check(op, reader, value)


def _hours(reader: Reader, *, until: bool = False) -> Builder:
    return lambda op, value, _: hours_check(op, reader, value, until=until)


def _flag(reader: Reader) -> Builder:
    """``is`` ``"true"``/``"false"`` on a yes/no fact of the ticket or update."""

    def build(operator: str, value: Any, directory: Directory) -> Check:
        if operator != "is":
            raise CannotEvaluate(f"operator `{operator}` does not apply here")
        expected = str(value).lower() == "true"
        return lambda ctx: reader(ctx) is expected

    return build


def _since_status(status: str) -> Reader:
    """When the ticket entered ``status``, if it is still in it."""

    def read(ctx: Context) -> Any:
        ticket = ctx.ticket
        if ticket.status != status:
            return None
        if status == "solved" and ticket.status_changed_at is None:
            return ticket.solved_at
        return ticket.status_changed_at or (ticket.created_at if status == "new" else None)

    return read


# -- readers of facts beyond plain ticket attributes -------------------------------------------
def _schedule(ctx: Context) -> Any:
    sid = ctx.ticket.schedule_id or ctx.directory.default_schedule_id
    schedule = ctx.directory.schedules.get(sid) if sid is not None else None
    if schedule is None:
        raise CannotEvaluate("the ticket has no schedule the engine knows (business hours)")
    return schedule


def _within_schedule(operator: str, value: Any, directory: Directory) -> Check:
    if operator != "is":
        raise CannotEvaluate(f"operator `{operator}` does not apply to `within_schedule`")
    schedule = directory.schedules.get(int(value)) if str(value).isdigit() else None
    if schedule is None:
        raise CannotEvaluate(f"schedule `{value}` is not known")
    return lambda ctx: schedule.in_business_hours(ctx.now)


def _comment_is_public(operator: str, value: Any, directory: Directory) -> Check:
    def read(ctx: Context) -> bool:
        comment = ctx.update.comment if ctx.update else None
        if comment is None:
            return False
        if value == "not_relevant":
            return True
        if value == "requester_can_see_comment":
            return comment.public or ctx.ticket.requester.is_agent
        return comment.public is (str(value).lower() == "true")

    if operator != "is":
        raise CannotEvaluate(f"operator `{operator}` does not apply to `comment_is_public`")
    return read


def _role(operator: str, value: Any, directory: Directory) -> Check:
    """The acting user: ``agent`` (agents and admins), ``end_user``, or a user id."""

    def holds(ctx: Context) -> bool:
        user = ctx.current_user
        if user is None:
            return False
        if value == "agent":
            return user.is_agent
        if value == "end_user":
            return not user.is_agent
        return str(user.id) == str(value)

    if operator not in ("is", "is_not"):
        raise CannotEvaluate(f"operator `{operator}` does not apply to `role`")
    return holds if operator == "is" else (lambda ctx: not holds(ctx))


def _locale_id(ctx: Context) -> Any:
    user = ctx.ticket.requester
    return user.locale_id if user.locale_id is not None else ctx.directory.locale_id_of(user.locale)


def _comment_body(ctx: Context) -> str:
    comment = ctx.update.comment if ctx.update else None
    return comment.body if comment else ""


def _attr(name: str) -> Reader:
    return attrgetter(f"ticket.{name}")  # ctx.ticket.<name>, without a Python frame


def _current_via(ctx: Context) -> int:
    return ctx.update.via_id if ctx.update else ctx.ticket.via_id


def _update_type(ctx: Context) -> str | None:
    return ctx.update.update_type if ctx.update else None


CONDITION_FIELDS: dict[str, Builder] = {
    "status": _ranked(_attr("status"), STATUS_ORDER),
    "priority": _ranked(_attr("priority"), PRIORITY_ORDER),
    "type": _enum(_attr("type")),
    "brand_id": _ids(_attr("brand_id")),
    "ticket_form_id": _ids(_attr("ticket_form_id")),
    "group_id": _ids(_attr("group_id")),
    "assignee_id": _ids(_attr("assignee_id")),
    "requester_id": _ids(_attr("requester_id")),
    "organization_id": _ids(_attr("organization_id")),
    "custom_status_id": _ids(_attr("custom_status_id"), extra=("includes",)),
    "schedule_id": _ids(lambda ctx: _schedule(ctx).id),
    "current_tags": _tags(_attr("tags")),
    "via_id": _number(_attr("via_id")),
    "current_via_id": _number(_current_via),
    "recipient": _enum(_attr("recipient")),
    "update_type": _enum(_update_type),
    "subject_includes_word": _words(_attr("subject")),
    "comment_includes_word": _words(_comment_body),
    "ticket_is_public": _enum(lambda ctx: "public" if ctx.ticket.is_public else "private"),
    "comment_is_public": _comment_is_public,
    "number_of_incidents": _number(_attr("incidents")),
    "reopens": _number(_attr("reopens")),
    "replies": _number(_attr("replies")),
    "agent_stations": _number(_attr("assignee_stations")),
    "group_stations": _number(_attr("group_stations")),
    "in_business_hours": _flag(lambda ctx: _schedule(ctx).in_business_hours(ctx.now)),
    "on_holiday": _flag(lambda ctx: _schedule(ctx).on_holiday(ctx.now)),
    "within_schedule": _within_schedule,
    "ticket_due_date": _flag(lambda ctx: ctx.ticket.due_at is not None),
    "requester_role": _enum(lambda ctx: _ROLE_IDS.get(ctx.ticket.requester.role)),
    "locale_id": _ids(_locale_id),
    "requester_time_zone": _enum(lambda ctx: ctx.ticket.requester.time_zone),
    "role": _role,
    "NEW": _hours(_since_status("new")),
    "OPEN": _hours(_since_status("open")),
    "PENDING": _hours(_since_status("pending")),
    "HOLD": _hours(_since_status("hold")),
    "SOLVED": _hours(_since_status("solved")),
    "CLOSED": _hours(_since_status("closed")),
    "assigned_at": _hours(_attr("assigned_at")),
    "updated_at": _hours(_attr("updated_at")),
    "requester_updated_at": _hours(_attr("requester_updated_at")),
    "assignee_updated_at": _hours(_attr("assignee_updated_at")),
    "due_date": _hours(_attr("due_at")),
    "until_due_date": _hours(_attr("due_at"), until=True),
}

PATTERN_PREFIXES = ("requester.custom_fields.", "organization.custom_fields.")

_SAME_NAME = [
    "status",
    "priority",
    "type",
    "brand_id",
    "ticket_form_id",
    "group_id",
    "assignee_id",
    "requester_id",
    "organization_id",
    "custom_status_id",
    "schedule_id",
]
#: What changes (:class:`~helpctl.rules.actions.Change` field names) can alter a condition's
#: verdict within one update; a field not listed here depends on everything.
_DEPENDS: dict[str, frozenset[str]] = {
    **{name: frozenset({name}) for name in _SAME_NAME},
    "current_tags": frozenset({"tags"}),
    "subject_includes_word": frozenset({"subject"}),
    "in_business_hours": frozenset({"schedule_id"}),
    "on_holiday": frozenset({"schedule_id"}),
    "locale_id": frozenset({"requester.locale_id"}),
    **{
        name: frozenset()  # facts of the update, the requester or the clock: fixed in a cycle
        for name in [
            "via_id",
            "current_via_id",
            "recipient",
            "update_type",
            "comment_includes_word",
            "ticket_is_public",
            "comment_is_public",
            "number_of_incidents",
            "reopens",
            "replies",
            "agent_stations",
            "group_stations",
            "within_schedule",
            "ticket_due_date",
            "requester_role",
            "requester_time_zone",
            "role",
        ]
    },
}


def depends_on(field: str) -> frozenset[str] | None:
    """The change names that can alter a condition on ``field`` during one trigger cycle
    (None: any change may)."""
    if field in _DEPENDS:
        return _DEPENDS[field]
    if _CUSTOM_RE.match(field) or field.startswith(PATTERN_PREFIXES):
        return frozenset({field})
    return None


def _custom_field(field_id: int) -> Builder:
    def read(ctx: Context) -> Any:
        return ctx.ticket.custom_fields.get(field_id)

    def build(operator: str, value: Any, directory: Directory) -> Check:
        info = directory.ticket_fields.get(field_id)
        if info is None:
            raise CannotEvaluate(f"ticket field {field_id} is not known (its type decides)")
        return typed_check(operator, value, read, info.type, info)

    return build


def _person_field(prefix: str, key: str) -> Builder:
    def read(ctx: Context) -> Any:
        if prefix == "requester.":
            return ctx.ticket.requester.user_fields.get(key)
        org = ctx.ticket.organization
        return org.organization_fields.get(key) if org else None

    def build(operator: str, value: Any, directory: Directory) -> Check:
        known = directory.user_fields if prefix == "requester." else directory.organization_fields
        info = known.get(key)
        return typed_check(operator, value, read, info.type if info else None, info)

    return build


def builder_for(field: str) -> Builder | None:
    """The builder of a condition field, or None when the engine does not know the field."""
    if field in CONDITION_FIELDS:
        return CONDITION_FIELDS[field]
    match = _CUSTOM_RE.match(field)
    if match:
        return _custom_field(int(match[1]))
    for prefix in PATTERN_PREFIXES:
        if field.startswith(prefix) and len(field) > len(prefix):
            return _person_field(prefix.split("custom_fields.")[0], field[len(prefix) :])
    return None


def compile_condition(cond: Mapping[str, Any], directory: Directory) -> Check:
    """One ``{field, operator, value}`` as a check; :class:`CannotEvaluate` when the engine
    cannot evaluate it as Zendesk would."""
    field = str(cond.get("field", ""))
    operator = str(cond.get("operator", ""))
    if field in UNSUPPORTED_CONDITIONS:
        raise CannotEvaluate(f"condition `{field}`: {UNSUPPORTED_CONDITIONS[field]}")
    builder = builder_for(field)
    if builder is None:
        raise CannotEvaluate(f"condition field `{field}` is not known to the rule engine")
    try:
        return builder(operator, cond.get("value"), directory)
    except CannotEvaluate as exc:
        raise CannotEvaluate(f"`{field}` {operator} {cond.get('value')!r}: {exc.reason}") from exc
