"""A fake helpdesk per instance for the fleet flow tests, and the project they plan."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from helpctl.errors import TransportError
from helpctl.plan import InstancePlan
from helpctl.providers.base import ApplyReport, ChangeResult
from helpctl.resources.state import Resource, State

__all__ = ["PROJECT", "FakeProvider"]

PROJECT = Path(__file__).resolve().parents[2] / "fixtures" / "fleet" / "flow"


class FakeProvider:
    """One instance's helpdesk in memory: ``live`` objects, changes whose key is in ``reject``
    fail with a reason, ``down`` makes every call fail as an unreachable host would."""

    def __init__(
        self,
        instance: str,
        live: Sequence[Resource] = (),
        *,
        reject: dict[str, str] | None = None,
        down: bool = False,
        log: list[str] | None = None,
    ) -> None:
        self.instance = instance
        self.live = list(live)
        self.reject = reject or {}
        self.down = down
        self.applied: list[InstancePlan] = []
        self.log = log if log is not None else []

    def populate(self, kinds: Sequence[str]) -> State:
        if self.down:
            raise TransportError("connection refused", method="GET", path="groups")
        state = State(self.instance)
        for resource in self.live:
            state.add(resource)
        return state

    def apply(
        self, plan: InstancePlan, *, progress: Callable[[ChangeResult], None] | None = None
    ) -> ApplyReport:
        self.log.append(f"apply {self.instance}")
        self.applied.append(plan)
        report = ApplyReport(plan.instance)
        for change in plan.changes:
            reason = self.reject.get(change.key, "")
            result = ChangeResult(change, "failed" if reason else "done", reason)
            report.results.append(result)
            if progress is not None:
                progress(result)
            if result.status == "done" and change.desired is not None:
                self.live.append(change.desired)
        return report
