"""Views: which tickets match, in which order and groups (reference part 1 §14).

A view's ``output`` (what is sent) or ``execution`` (what Zendesk returns) gives ``sort_by`` /
``sort_order`` and ``group_by`` / ``group_order``; columns are Zendesk's ids (``status``,
``priority``, ``created``, ``updated``, ``nice_id``, ``requester``, ``assignee``, ``group``,
``type``, ``description``/``subject``) or a custom field id. Without a sort a view lists tickets
by id, ascending.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from helpctl.rules.compiled import Rule
from helpctl.rules.context import Context
from helpctl.rules.directory import Directory
from helpctl.rules.model import PRIORITY_ORDER, STATUS_ORDER, Ticket, User

__all__ = ["ViewResult", "execute_view", "sort_key"]


@dataclass
class ViewResult:
    """Matching tickets in view order; ``groups`` pairs each group value with its ticket ids
    (empty when the view does not group)."""

    tickets: list[Ticket]
    groups: list[tuple[Any, list[int]]]


def sort_key(column: Any, ticket: Ticket, directory: Directory) -> Any:
    """A sortable value of ``column`` for ``ticket`` (empty values sort first)."""
    name = str(column)
    if name.isdigit():
        value: Any = ticket.custom_fields.get(int(name))
    elif name == "status":
        value = STATUS_ORDER.get(ticket.status)
    elif name == "priority":
        value = PRIORITY_ORDER.get(ticket.priority or "")
    elif name in ("created", "created_at"):
        value = ticket.created_at
    elif name in ("updated", "updated_at"):
        value = ticket.updated_at
    elif name in ("nice_id", "id"):
        value = ticket.id
    elif name in ("description", "subject"):
        value = ticket.subject.lower()
    elif name == "requester":
        value = ticket.requester.name.lower()
    elif name == "assignee":
        user = directory.user(ticket.assignee_id)
        value = user.name.lower() if user else None
    elif name == "group":
        group = directory.groups.get(ticket.group_id) if ticket.group_id is not None else None
        value = group.name.lower() if group else None
    else:
        value = getattr(ticket, name, None)
    return (value is not None, str(value) if isinstance(value, list) else value)


def _layout(view: Rule) -> dict[str, Any]:
    return dict(view.raw.get("output") or view.raw.get("execution") or {})


def execute_view(
    view: Rule,
    tickets: Iterable[Ticket],
    directory: Directory,
    *,
    now: datetime,
    current_user: User | None = None,
) -> ViewResult:
    """The tickets ``view`` shows to ``current_user`` at ``now``, sorted and grouped."""
    matched = [
        t for t in tickets if view.first_miss(Context(t, directory, now, current_user)) is None
    ]
    layout = _layout(view)
    matched.sort(key=lambda t: t.id)
    sort_by = layout.get("sort_by")
    if sort_by:
        descending = str(layout.get("sort_order") or "desc") == "desc"
        matched.sort(key=lambda t: sort_key(sort_by, t, directory), reverse=descending)
    group_by = layout.get("group_by")
    if not group_by:
        return ViewResult(matched, [])
    descending = str(layout.get("group_order") or "asc") == "desc"
    matched.sort(key=lambda t: sort_key(group_by, t, directory), reverse=descending)
    groups: list[tuple[Any, list[int]]] = []
    for ticket in matched:
        value = sort_key(group_by, ticket, directory)[1]
        if not groups or groups[-1][0] != value:
            groups.append((value, []))
        groups[-1][1].append(ticket.id)
    return ViewResult(matched, groups)
