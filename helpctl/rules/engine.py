"""The rule engine of one account: its rules compiled once, evaluated many times.

::

    engine = Engine(directory, triggers=[...], trigger_categories=[...], automations=[...],
                    views=[...], macros=[...])          # rule dicts in Zendesk's API shape
    run = engine.run_triggers(Update.create(ticket))    # TriggerRun: ticket, changes,
                                                        # notifications, explanation
    hour = engine.run_automations(ticket, now=t, memory=fired_before)
    shown = engine.execute_view(view_id, tickets, now=t, current_user=agent)
    preview = engine.apply_macro(macro_id, ticket, current_user=agent, now=t)

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from helpctl.resources import RUNNING_KINDS
from helpctl.rules.actions import ActionEnv, Change
from helpctl.rules.automations import AutomationRun, run_automations
from helpctl.rules.compiled import Rule
from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate, UnknownObject
from helpctl.rules.model import Comment, Ticket, Update, User
from helpctl.rules.triggers import TriggerRun, order_triggers, run_triggers
from helpctl.rules.views import ViewResult, execute_view

__all__ = ["ENGINE_KINDS", "RUNNING_KINDS", "Engine", "MacroResult"]

RuleDict = Mapping[str, Any]
#: The configuration kinds an :class:`Engine` is built from (its keyword arguments).
ENGINE_KINDS = ("trigger_categories", "triggers", "automations", "views", "macros")


@dataclass
class MacroResult:
    """What a macro would do (unsaved): the ticket after it, its changes, and the comment it
    would add (None when it adds none). The comment text is as written, placeholders and all,
    as Zendesk's apply preview returns it."""

    ticket: Ticket
    changes: list[Change]
    comment: Comment | None
    comment_html: str | None = None


def _by_position(kind: str, rules: Iterable[RuleDict], directory: Directory) -> list[Rule]:
    items = list(rules)
    ranked = sorted(
        enumerate(items),
        key=lambda p: (p[1].get("position") if p[1].get("position") is not None else p[0], p[0]),
    )
    return [Rule(kind, raw, directory) for _, raw in ranked]


class Engine:
    """Compiled triggers, automations, views and macros of one account."""

    def __init__(
        self,
        directory: Directory,
        *,
        triggers: Iterable[RuleDict] = (),
        trigger_categories: Sequence[RuleDict] = (),
        automations: Iterable[RuleDict] = (),
        views: Iterable[RuleDict] = (),
        macros: Iterable[RuleDict] = (),
    ) -> None:
        self.directory = directory
        compiled = [Rule("triggers", raw, directory) for raw in triggers]
        self.triggers = order_triggers(compiled, trigger_categories)
        self.automations = _by_position("automations", automations, directory)
        self.views = {rule.id: rule for rule in _by_position("views", views, directory)}
        self.macros = {rule.id: rule for rule in _by_position("macros", macros, directory)}

    def problems(self) -> list[CannotEvaluate]:
        """Every condition or action of an active rule that the engine cannot evaluate."""
        rules = [*self.triggers, *self.automations, *self.views.values(), *self.macros.values()]
        return [p for rule in rules if rule.active for p in rule.problems]

    def run_triggers(self, update: Update) -> TriggerRun:
        """The trigger cycle of one create or update."""
        return run_triggers(self.triggers, update, self.directory)

    def run_automations(
        self, ticket: Ticket, *, now: datetime, memory: Iterable[Any] = ()
    ) -> AutomationRun:
        """One hourly automation run over ``ticket``; pass the returned ``memory`` next time."""
        return run_automations(self.automations, ticket, self.directory, now=now, memory=memory)

    def _rule(self, table: Mapping[Any, Rule], kind: str, rule_id: Any) -> Rule:
        for key in (rule_id, str(rule_id), int(rule_id) if str(rule_id).isdigit() else None):
            if key in table:
                return table[key]
        raise UnknownObject(f"{kind} {rule_id} is not known")

    def execute_view(
        self,
        view_id: Any,
        tickets: Iterable[Ticket],
        *,
        now: datetime,
        current_user: User | None = None,
    ) -> ViewResult:
        """The tickets a view shows, in its order."""
        view = self._rule(self.views, "view", view_id)
        return execute_view(view, tickets, self.directory, now=now, current_user=current_user)

    def apply_macro(
        self, macro_id: Any, ticket: Ticket, *, now: datetime, current_user: User | None = None
    ) -> MacroResult:
        """What a macro would change on ``ticket`` (nothing is saved)."""
        macro = self._rule(self.macros, "macro", macro_id)
        env = ActionEnv(ticket.copy(), self.directory, now, current_user)
        macro.apply(env)
        comment = None
        if env.comment_body is not None or env.comment_html is not None:
            public = True if env.comment_public is None else env.comment_public
            body = env.comment_body if env.comment_body is not None else env.comment_html or ""
            author = current_user.id if current_user else None
            comment = Comment(body, public, author, now)
        return MacroResult(env.ticket, env.changes, comment, env.comment_html)
