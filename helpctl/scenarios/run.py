"""Running one scenario on one instance's rules (an
:class:`~helpctl.rules.OfflineAccount`): create the ticket through the trigger cycle, then each
step (an update, hours of automations, a macro submitted), checking what must hold after each.

A rule the engine cannot evaluate faithfully fails the scenario with "cannot evaluate" (never
a silent pass).

Pure domain: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from helpctl.errors import Position
from helpctl.rules import (
    CannotEvaluate,
    Comment,
    Notification,
    OfflineAccount,
    Organization,
    Ticket,
    TriggerRun,
    Update,
    User,
)
from helpctl.rules.offline import organization_id
from helpctl.scenarios.expect import check_expect
from helpctl.scenarios.load import LoadedScenario, parse_duration
from helpctl.scenarios.model import Expect, FieldValue, Step, UpdateSpec
from helpctl.scenarios.names import MACROS, option_tag

__all__ = ["CHANNELS", "Failure", "ScenarioResult", "StepTrace", "run_scenario"]

#: Channel names a scenario may use, as Zendesk's ``via_id`` (an integer is taken as is).
CHANNELS: dict[str, int] = {
    "web": 0,
    "web_form": 0,
    "email": 4,
    "mail": 4,
    "api": 5,
    "chat": 29,
    "twitter": 30,
    "voicemail": 33,
    "phone": 34,
}


@dataclass(frozen=True)
class Failure:
    """One thing that did not hold, in ``step`` (``create``, ``steps[1]``), at ``position``."""

    step: str
    message: str
    position: Position

    def as_dict(self) -> dict[str, Any]:
        pos = self.position
        return {"step": self.step, "message": self.message, "file": pos.file, "line": pos.line}


@dataclass
class StepTrace:
    """What ran in a step, for ``--explain``: rules fired in order; for the triggers that did
    not fire, why (the first condition that did not hold)."""

    step: str
    fired: list[str] = field(default_factory=list)
    not_fired: list[tuple[str, str]] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "fired": self.fired,
            "not_fired": [{"title": t, "why": w} for t, w in self.not_fired],
            "notifications": [
                {"to": n.to, "subject": n.subject, "locale": n.locale, "rule": n.rule}
                for n in self.notifications
            ],
        }


@dataclass
class ScenarioResult:
    name: str
    instance: str
    position: Position
    failures: list[Failure] = field(default_factory=list)
    error: str = ""
    trace: list[StepTrace] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures and not self.error

    def as_dict(self, *, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "instance": self.instance,
            "file": self.position.file,
            "line": self.position.line,
            "passed": self.passed,
            "failures": [f.as_dict() for f in self.failures],
            "error": self.error or None,
        }
        if explain:
            out["steps"] = [t.as_dict() for t in self.trace]
        return out


class _Run:
    """The state of one scenario as it runs: the ticket, the clock, automation memory."""

    def __init__(self, item: LoadedScenario, account: OfflineAccount, options: Any) -> None:
        self.item, self.account, self.options = item, account, options
        self.clock = item.start
        self.memory: frozenset[Any] = frozenset()
        self.result = ScenarioResult(item.spec.name, account.instance, item.where())
        self.ticket = Ticket()

    # -- building engine values ----------------------------------------------------------------
    def custom_fields(self, fields: dict[str, FieldValue]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for title, value in fields.items():
            opts = self.options.get(title)
            if opts is not None and isinstance(value, list):
                value = [option_tag(opts, v) for v in value]
            elif opts is not None and value is not None:
                value = option_tag(opts, value)
            out[self.account.id_of("ticket_fields", title)] = value
        return out

    def option_tags(self, fields: dict[int, Any]) -> list[str]:
        """Tags Zendesk adds for dropdown and multiselect values."""
        tags: list[str] = []
        for field_id, value in fields.items():
            info = self.account.directory.ticket_fields.get(field_id)
            if info is None or info.type not in ("tagger", "multiselect") or value is None:
                continue
            tags += [str(v) for v in value] if isinstance(value, list) else [str(value)]
        return tags

    def requester(self) -> User:
        spec = self.item.spec.ticket.requester
        user = self.account.user(spec.email)
        user.name, user.locale, user.role = spec.name, spec.locale, "end-user"
        user.user_fields = dict(spec.fields)
        return user

    def agent(self, email: str) -> User:
        user = self.account.user(email)
        user.role = "agent" if user.role == "end-user" else user.role
        return user

    def organization(self) -> Organization | None:
        org = self.item.spec.ticket.requester.organization
        if org is None:
            return None
        name = org if isinstance(org, str) else org.name
        fields = {} if isinstance(org, str) else dict(org.fields)
        return Organization(organization_id(name), name, fields)

    def ref(self, kind: str, name: str | None) -> int | None:
        return self.account.id_of(kind, name) if name is not None else None

    # -- steps ---------------------------------------------------------------------------------
    def create(self) -> None:
        spec = self.item.spec.ticket
        brands = list(self.account.ids.get("brands", {}).values())
        fields = self.custom_fields(spec.fields)
        requester = self.requester()
        ticket = Ticket(
            id=1,
            subject=spec.subject,
            description=spec.comment,
            priority=spec.priority,
            type=spec.type,
            group_id=self.ref("groups", spec.group),
            requester=requester,
            organization=self.organization(),
            brand_id=self.ref("brands", spec.brand) or (brands[0] if brands else None),
            ticket_form_id=self.ref("ticket_forms", spec.form)
            or self.account.directory.default_ticket_form_id,
            tags=list(dict.fromkeys([*spec.tags, *self.option_tags(fields)])),
            custom_fields=fields,
            via_id=_via(spec.channel),
            created_at=self.clock,
            updated_at=self.clock,
        )
        if requester.user_fields or ticket.organization:
            requester.organization_id = ticket.organization_id
        run = self.account.engine.run_triggers(Update.create(ticket, at=self.clock))
        self.ticket = run.ticket
        self.finish("create", run, self.item.spec.expect, "expect", run.notifications, run.fired)

    def closed(self, index: int) -> bool:
        """A closed ticket cannot be updated (Zendesk answers 422): the step fails."""
        if self.ticket.status != "closed":
            return False
        where = self.item.where(f"steps[{index}]")
        message = "the ticket is closed and cannot be updated (a follow-up is a new ticket)"
        self.result.failures.append(Failure(f"steps[{index}]", message, where))
        return True

    def update(self, index: int, step: Step, spec: UpdateSpec) -> None:
        self.clock += timedelta(minutes=1)
        if self.closed(index):
            return
        author = self.agent(step.by) if step.by else self.ticket.requester
        changes: dict[str, Any] = {}
        for key in ("status", "priority", "type"):
            if getattr(spec, key) is not None:
                changes[key] = getattr(spec, key)
        if spec.group is not None:
            changes["group_id"] = self.ref("groups", spec.group)
        fields = self.custom_fields(spec.fields)
        if fields:
            changes["custom_fields"] = {**self.ticket.custom_fields, **fields}
        tags = list(spec.tags) if spec.tags is not None else list(self.ticket.tags)
        tags += [*spec.add_tags, *self.option_tags(fields)]
        changes["tags"] = [t for t in dict.fromkeys(tags) if t not in spec.remove_tags]
        comment = None
        if spec.comment is not None:
            body = spec.comment if isinstance(spec.comment, str) else spec.comment.body
            public = True if isinstance(spec.comment, str) else spec.comment.public
            comment = Comment(body, public, author.id, self.clock)
        if changes.get("status") == "solved" and self.ticket.status != "solved":
            changes["solved_at"] = self.clock
        via = _via(spec.channel) if spec.channel is not None else 5 if step.by else 0
        update = Update.change(
            self.ticket, comment=comment, current_user=author, via_id=via, at=self.clock, **changes
        )
        self.submit(index, step, update)

    def submit(self, index: int, step: Step, update: Update) -> None:
        run = self.account.engine.run_triggers(update)
        self.ticket = run.ticket
        label = f"steps[{index}]"
        self.finish(label, run, step.expect, f"{label}.expect", run.notifications, run.fired)

    def macro(self, index: int, step: Step, title: str) -> None:
        self.clock += timedelta(minutes=1)
        if self.closed(index):
            return
        author = self.agent(step.by or "agent@example.com")
        macro_id = self.account.id_of(MACROS, title)
        done = self.account.engine.apply_macro(
            macro_id, self.ticket, now=self.clock, current_user=author
        )
        after = done.ticket
        if after.status == "solved" and self.ticket.status != "solved":
            after.solved_at = self.clock
        after.updated_at = self.clock
        if done.comment is not None:
            after.comments.append(done.comment)
        update = Update(after, self.ticket, done.comment, author, 0, self.clock)
        self.submit(index, step, update)

    def after(self, index: int, step: Step, text: str) -> None:
        duration = parse_duration(text) or timedelta(0)
        end = self.clock + duration
        fired: list[str] = []
        notes: list[Notification] = []
        trace = StepTrace(f"steps[{index}]")
        engine = self.account.engine
        hour_long = timedelta(hours=1)
        while self.clock + hour_long <= end:
            self.clock += hour_long
            hour = engine.run_automations(self.ticket, now=self.clock, memory=self.memory)
            self.memory = hour.memory
            if not hour.fired:
                continue
            fired += hour.fired
            notes += hour.notifications
            if hour.ticket.status == "solved" and self.ticket.status != "solved":
                hour.ticket.solved_at = self.clock
            update = Update(hour.ticket, self.ticket, None, None, 0, self.clock)
            run = engine.run_triggers(update)
            fired += run.fired
            notes += run.notifications
            self.ticket = run.ticket
        self.clock = end
        trace.fired, trace.notifications = fired, notes
        self.result.trace.append(trace)
        self.check(f"steps[{index}]", step.expect, f"steps[{index}].expect", notes, fired)

    def finish(
        self,
        label: str,
        run: TriggerRun,
        expect: Expect | None,
        path: str,
        notes: Sequence[Notification],
        fired: Sequence[str],
    ) -> None:
        trace = StepTrace(label, list(run.fired), notifications=list(notes))
        if self.explain:
            trace.not_fired = [
                (o.title, _named(o.why, self.account))
                for o in run.explanation.outcomes
                if not o.fired
            ]
        self.result.trace.append(trace)
        self.check(label, expect, path, notes, fired)

    explain = False

    def check(
        self,
        label: str,
        expect: Expect | None,
        path: str,
        notes: Sequence[Notification],
        fired: Sequence[str],
    ) -> None:
        if expect is None:
            return
        found = check_expect(expect, self.account, self.options, self.ticket, notes, fired)
        for miss in found:
            where = self.item.where(f"{path}.{miss.path}")
            self.result.failures.append(Failure(label, miss.message, where))


_FIELD_ID = re.compile(r"custom_fields_(\d+)")
_QUOTED_ID = re.compile(r"'(\d+)'")


def _named(text: str, account: OfflineAccount) -> str:
    """An engine message with synthetic ids shown as the names the config uses."""

    def field(match: re.Match[str]) -> str:
        name = account.name_of("ticket_fields", int(match.group(1)))
        return f"custom_fields.{name}" if name else match.group(0)

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        for kind in account.ids:
            name = account.name_of(kind, number)
            if name is not None:
                return f"'{name}'"
        return match.group(0)

    return _QUOTED_ID.sub(value, _FIELD_ID.sub(field, text))


def _via(channel: str | int) -> int:
    if isinstance(channel, int):
        return channel
    return CHANNELS.get(channel.lower(), 0)


def run_scenario(
    item: LoadedScenario,
    account: OfflineAccount,
    options: dict[str, dict[str, str]],
    *,
    explain: bool = False,
    blocked: Sequence[CannotEvaluate] = (),
) -> ScenarioResult:
    """Run ``item`` on ``account``; ``blocked`` are the rules the engine cannot evaluate (they
    fail the scenario before it runs)."""
    run = _Run(item, account, options)
    run.explain = explain
    if blocked:
        run.result.error = "; ".join(str(e) for e in blocked)
        return run.result
    try:
        run.create()
        for index, step in enumerate(item.spec.steps):
            if step.update is not None:
                run.update(index, step, step.update)
            elif step.macro is not None:
                run.macro(index, step, step.macro)
            elif step.after is not None:
                run.after(index, step, step.after)
    except CannotEvaluate as err:
        run.result.error = str(err)
    return run.result
