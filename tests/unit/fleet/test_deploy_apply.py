"""apply_planned: every change reported to the progress callback as it lands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from helpctl.fleet import apply_planned
from helpctl.plan import Change, InstancePlan
from helpctl.providers.base import ApplyReport, ChangeResult
from helpctl.resources.state import Resource, State

PLAN = InstancePlan(
    "test",
    [
        Change("create", "groups", "Tier 1", desired=Resource("groups", "Tier 1", {"name": "T"})),
        Change("create", "groups", "Tier 2", desired=Resource("groups", "Tier 2", {"name": "U"})),
    ],
)


class Streaming:
    """A provider that reports each change as it lands."""

    instance = "test"

    def populate(self, kinds: Sequence[str]) -> State:
        return State(self.instance)

    def apply(
        self, plan: InstancePlan, *, progress: Callable[[ChangeResult], None] | None = None
    ) -> ApplyReport:
        if not plan.changes:
            raise AssertionError("an empty plan must not be sent")
        report = ApplyReport(plan.instance)
        for change in plan.changes:
            report.results.append(ChangeResult(change, "done"))
            if progress is not None:
                progress(report.results[-1])
        return report


def test_progress_gets_every_change_from_a_provider_that_streams_them() -> None:
    seen: list[str] = []
    apply_planned(Streaming(), PLAN, lambda r: seen.append(r.change.key))
    assert seen == ["Tier 1", "Tier 2"]


def test_an_empty_plan_reaches_no_provider() -> None:
    assert apply_planned(Streaming(), InstancePlan("test")).results == []
