"""Automations: the hourly run over one ticket, and what makes an automation valid.

Zendesk runs active automations once an hour over every ticket that is not closed, in position
order; one that fires updates the ticket before the next is evaluated. An automation fires at
most once on a ticket until its conditions stop holding: :func:`run_automations` takes and
returns that per-ticket memory (the ids that fired and still hold). An update by an automation
is an update like any other: the caller runs the triggers over it (``update_type`` Change, no
current user).

:func:`automation_problems` checks what Zendesk requires before it accepts an automation
(reference part 1 §12, part 2 §8): a time condition, a condition on status/type/group/assignee/
requester/custom status in ``all``, and a way to nullify itself — a time condition with ``is``
(true only during one hour), or an action that makes one of its conditions false.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpctl.resources.object_tests import AUTOMATION_STATE_FIELDS, TIME_FIELDS, nullifies
from helpctl.rules.actions import ActionEnv, Change
from helpctl.rules.compiled import Rule, conditions_of
from helpctl.rules.context import Context
from helpctl.rules.directory import Directory
from helpctl.rules.model import Ticket
from helpctl.rules.notify import Notification, render_notifications

__all__ = ["TIME_FIELDS", "AutomationRun", "automation_problems", "run_automations"]

_NEEDS_ONE_OF = AUTOMATION_STATE_FIELDS


@dataclass(slots=True)
class AutomationRun:
    """One hourly run over one ticket: the ticket after it (the very ticket given when no
    automation fired), the changes, the notifications,
    the automations that fired (in order) and the memory to pass to the next run."""

    ticket: Ticket
    changes: list[Change]
    notifications: list[Notification]
    fired: list[str] = field(default_factory=list)
    memory: frozenset[Any] = frozenset()


def run_automations(
    ordered: Sequence[Rule],
    ticket: Ticket,
    directory: Directory,
    *,
    now: datetime,
    memory: Iterable[Any] = (),
) -> AutomationRun:
    """Run every active automation once over ``ticket`` at ``now``."""
    # The memory is kept as a frozenset and replaced only when it changes: most hours nothing
    # fires and nothing resets, and this runs once an hour for every open ticket.
    remembered = memory if isinstance(memory, frozenset) else frozenset(memory)
    if ticket.status == "closed":
        return AutomationRun(ticket, [], [], [], remembered)
    # Most hours nothing fires: conditions are read from ``ticket`` itself, and the working
    # copy (and the rendering of notifications) is made only once an automation fires.
    env: ActionEnv | None = None
    ctx = Context(ticket, directory, now)
    fired: list[str] = []
    for rule in ordered:
        if not rule.active:
            continue
        if rule.failing(ctx) is not None:
            if rule.id in remembered:
                remembered = remembered - {rule.id}
            continue
        if rule.id in remembered:
            continue
        if env is None:
            env = ActionEnv(ticket.copy(), directory, now)
            ctx = Context(env.ticket, directory, now)
        before = len(env.changes)
        rule.apply(env)
        if len(env.changes) > before:
            env.ticket.updated_at = now
        fired.append(rule.title)
        remembered = remembered | {rule.id}
    if env is None:  # nothing fired: the ticket given, unchanged (not a copy)
        return AutomationRun(ticket, [], [], [], remembered)
    notes = render_notifications(env.notifications, env.ticket, directory, None)
    return AutomationRun(env.ticket, env.changes, notes, fired, remembered)


def automation_problems(rule: Mapping[str, Any]) -> list[str]:
    """Why Zendesk would refuse ``rule`` as an automation (empty when it is valid)."""
    conditions = conditions_of(rule)
    every = conditions["all"] + conditions["any"]
    all_fields = {str(c.get("field")) for c in conditions["all"]}
    problems = []
    if not all_fields & TIME_FIELDS:
        problems.append("an automation needs a time condition in `all`")
    if not all_fields & _NEEDS_ONE_OF:
        problems.append(
            "an automation needs an `all` condition on one of " + ", ".join(sorted(_NEEDS_ONE_OF))
        )
    once = any(c.get("field") in TIME_FIELDS and c.get("operator") == "is" for c in every)
    nullified = any(nullifies(a, c) for a in rule.get("actions") or [] for c in conditions["all"])
    if not once and not nullified:
        problems.append(
            "an automation must nullify itself: a time condition with `is`, or an action "
            "that makes one of its `all` conditions false"
        )
    return problems
