"""The trigger cycle of one ticket create or update, as Zendesk runs it (reference part 2 §8).

Active triggers are ordered by their category's position, then their own position (ties keep
the order given). A pass walks the list; the first trigger whose conditions hold fires (its
actions change the working ticket, so later triggers see them) and evaluation restarts from the
top. A trigger fires at most once per update; the cycle ends after a pass in which nothing
fires. Triggers do not run on a ticket that was already closed. Only net changes are recorded
(Zendesk's event log); notifications are rendered at the end, over the final ticket.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from helpctl.rules.actions import ActionEnv, Change
from helpctl.rules.compiled import Miss, Rule
from helpctl.rules.context import BLANK, Context
from helpctl.rules.directory import Directory
from helpctl.rules.model import Ticket, Update
from helpctl.rules.notify import Notification, render_notifications

__all__ = ["Explanation", "Outcome", "TriggerRun", "order_triggers", "run_triggers"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one trigger did in a run: ``fired`` (then ``order`` is its place among those that
    fired, from 1), or not, with ``why``: ``inactive``, or the first condition that did not
    hold (``miss``) in the last pass."""

    rule_id: Any
    title: str
    fired: bool
    order: int = 0
    why: str = ""
    miss: Miss | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.rule_id,
            "title": self.title,
            "fired": self.fired,
            "order": self.order or None,
            "why": self.why or None,
            "miss": self.miss.as_dict() if self.miss else None,
        }


@dataclass
class Explanation:
    """Every trigger in firing order, for ``--explain``."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def fired(self) -> list[str]:
        ordered = sorted((o for o in self.outcomes if o.fired), key=lambda o: o.order)
        return [o.title for o in ordered]

    def as_dict(self) -> dict[str, Any]:
        return {"triggers": [o.as_dict() for o in self.outcomes]}


@dataclass
class TriggerRun:
    """The result of a trigger cycle: the ticket after it, the changes made (in order), the
    rendered notifications and the explanation. ``skipped`` is set (with why) when triggers
    did not run at all."""

    ticket: Ticket
    changes: list[Change]
    notifications: list[Notification]
    fired: list[str] = field(default_factory=list)
    skipped: str = ""
    explain: Callable[[], Explanation] = Explanation

    @cached_property
    def explanation(self) -> Explanation:
        """Built on first use: most callers only need what fired."""
        return self.explain()


def order_triggers(
    triggers: Iterable[Rule], categories: Sequence[Mapping[str, Any]] = ()
) -> list[Rule]:
    """Triggers in firing order: category position, then trigger position, then given order.
    A trigger whose category is unknown (or has none) sorts with the first category."""
    rank = {
        str(c.get("id")): (c.get("position") if c.get("position") is not None else i, i)
        for i, c in enumerate(categories)
    }
    first = min(rank.values(), default=(0, 0))

    def key(item: tuple[int, Rule]) -> tuple[Any, ...]:
        i, rule = item
        cat = rank.get(str(rule.raw.get("category_id")), first)
        position = rule.raw.get("position")
        return (*cat, position if position is not None else i, i)

    return [rule for _, rule in sorted(enumerate(triggers), key=key)]


def _working(update: Update) -> Ticket:
    ticket = update.ticket.copy()
    if update.comment is not None and update.comment not in ticket.comments:
        ticket.comments.append(update.comment)
    previous = update.previous
    if previous is None:
        ticket.status_changed_at = ticket.status_changed_at or update.at
    elif (
        ticket.status != previous.status and ticket.status_changed_at == previous.status_changed_at
    ):
        ticket.status_changed_at = update.at
    return ticket


def _forget(misses: dict[int, Any], active: Sequence[Rule], changed: set[str]) -> None:
    """Drop the verdicts a change may have altered: after a trigger fires, the cycle starts
    again from the top, and only rules whose failing condition (or a condition before it)
    reads a changed field need a new look (every other verdict, and the condition that decided
    it, is a pure function of what did not change)."""
    if not changed:
        return
    for i in list(misses):
        depends = active[i].miss_depends(misses[i])
        if depends is None or not depends.isdisjoint(changed):
            del misses[i]


def run_triggers(ordered: Sequence[Rule], update: Update, directory: Directory) -> TriggerRun:
    """Run the trigger cycle of ``update`` over ``ordered`` (see :func:`order_triggers`)."""
    if update.previous is not None and update.previous.status == "closed":
        return TriggerRun(update.ticket, [], [], skipped="the ticket is closed")
    env = ActionEnv(_working(update), directory, update.at, update.current_user)
    ctx = Context(
        env.ticket, directory, update.at, update.current_user, update, update.previous or BLANK
    )
    active = [rule for rule in ordered if rule.active]
    fired: dict[int, int] = {}
    misses: dict[int, Any] = {}  # verdicts still valid: the failing condition of each rule
    while True:
        for i, rule in enumerate(active):
            if i in fired or i in misses:
                continue
            failing = rule.failing(ctx)
            if failing is not None:
                misses[i] = failing
                continue
            before = len(env.changes)
            rule.apply(env)
            fired[i] = len(fired) + 1
            _forget(misses, active, {c.field for c in env.changes[before:]})
            break
        else:
            break
    notes = render_notifications(env.notifications, env.ticket, directory, update.current_user)
    titles = [active[i].title for i in sorted(fired, key=fired.__getitem__)]
    return TriggerRun(
        env.ticket,
        env.changes,
        notes,
        titles,
        explain=lambda: _explain(ordered, active, fired, misses),
    )


def _explain(
    ordered: Sequence[Rule], active: list[Rule], fired: dict[int, int], misses: dict[int, Any]
) -> Explanation:
    explanation = Explanation()
    positions = {id(rule): i for i, rule in enumerate(active)}
    for rule in ordered:
        place = positions.get(id(rule))
        if place is None:
            explanation.outcomes.append(Outcome(rule.id, rule.title, False, why="inactive"))
        elif place in fired:
            explanation.outcomes.append(Outcome(rule.id, rule.title, True, fired[place]))
        else:
            miss = rule.miss(misses[place]) if place in misses else None
            why = str(miss) if miss else ""
            explanation.outcomes.append(Outcome(rule.id, rule.title, False, why=why, miss=miss))
    return explanation
