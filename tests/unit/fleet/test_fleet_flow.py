"""The fleet flow as a library call, against fake providers: plan every instance, keep the
refusals, apply the ready ones, merge the outcomes; how a run ended is one value."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from fleet_fakes import PROJECT, FakeProvider

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.errors import (
    HelpctlError,
    PartialFailure,
    PlanError,
    TransportError,
    ValidationFailed,
)
from helpctl.fleet import (
    FleetApply,
    FleetPlan,
    Outcome,
    apply_fleet,
    apply_saved_fleet,
    plan_fleet,
)
from helpctl.plan.savefile import load as load_saved
from helpctl.plan.savefile import save
from helpctl.providers.base import ApplyReport, ChangeResult
from helpctl.resources.state import Resource


def _field(title: str, type_: str) -> Resource:
    return Resource("ticket_fields", title, {"title": title, "type": type_}, live_id=12)


@pytest.fixture
def project() -> Project:
    return load_project(PROJECT)


@pytest.fixture
def fakes() -> dict[str, FakeProvider]:
    log: list[str] = []
    return {
        "north": FakeProvider("north", log=log),
        "south": FakeProvider("south", log=log),
        "east": FakeProvider("east", log=log),
        "retyped": FakeProvider("retyped", [_field("Order number", "text")], log=log),
        "invalid": FakeProvider("invalid", log=log),
    }


def _statuses(result: FleetApply) -> dict[str, str]:
    return {o.instance: FleetApply.status(o) for o in result.outcomes}


def test_plan_fleet_keeps_each_refusal_with_its_plan(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    fleet = plan_fleet(project, ["north", "retyped", "invalid"], fakes.__getitem__)
    assert [FleetPlan.status(o) for o in fleet.outcomes] == ["changes", "refused", "error"]
    refused = fleet.outcomes[1].value
    assert refused is not None and isinstance(refused.refused, PlanError)
    assert "type" in str(refused.refused)  # the plan is kept, with the change it refuses
    assert [c.kind for c in refused.plan.changes] == ["groups", "groups", "ticket_fields"]
    assert isinstance(fleet.stopped["invalid"], ValidationFailed)
    assert set(fleet.ready) == {"north"} and fleet.changes_pending


def test_apply_fleet_applies_only_the_ready_plans_and_merges_every_outcome_in_order(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    names = ["retyped", "north", "invalid", "south"]
    result = apply_fleet(project, names, fakes.__getitem__)
    assert [o.instance for o in result.outcomes] == names
    assert _statuses(result) == {
        "retyped": "error",
        "north": "applied",
        "invalid": "error",
        "south": "applied",
    }
    assert fakes["retyped"].applied == [] and fakes["invalid"].applied == []
    assert [c.key for c in fakes["north"].applied[0].changes] == ["Tier 1", "Tier 2"]
    assert result.stopped == frozenset({"retyped", "invalid"})
    assert isinstance(result.outcomes[0].error, PlanError)


def test_an_unreachable_instance_is_its_own_error_and_the_others_still_apply(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    fakes["south"].down = True
    result = apply_fleet(project, ["north", "south", "east"], fakes.__getitem__)
    assert _statuses(result) == {"north": "applied", "south": "error", "east": "applied"}
    err = result.outcomes[1].error
    assert isinstance(err, TransportError) and err.code == "api_transport"
    assert len(fakes["east"].applied) == 1


def test_a_rejected_object_makes_its_instance_partial_and_the_run_a_partial_failure(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    fakes["south"].reject = {"Tier 2": "name: has already been taken"}
    result = apply_fleet(project, ["north", "south"], fakes.__getitem__)
    assert _statuses(result) == {"north": "applied", "south": "partial"}
    failure = result.failure()
    assert isinstance(failure, PartialFailure) and failure.exit_code == 3
    assert failure.failures == ["[south] create groups 'Tier 2': name: has already been taken"]
    assert "south" in failure.message and "north" not in failure.message


def test_a_refused_instance_beside_an_applied_one_is_a_partial_failure_naming_the_refusal(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    failure = apply_fleet(project, ["north", "retyped"], fakes.__getitem__).failure()
    assert isinstance(failure, PartialFailure)
    assert len(failure.failures) == 1 and failure.failures[0].startswith("[retyped] ")
    assert failure.as_dict()["code"] == "partial"


def test_a_run_where_every_instance_failed_is_an_error_not_a_partial_failure(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    fakes["north"].down = True
    failure = apply_fleet(project, ["north", "invalid"], fakes.__getitem__).failure()
    assert failure is not None and not isinstance(failure, PartialFailure)
    assert failure.exit_code == 1 and "north, invalid" in failure.message


def test_a_clean_run_has_no_failure_and_a_second_run_changes_nothing(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    first = apply_fleet(project, ["north", "east"], fakes.__getitem__)
    assert first.failure() is None
    again = plan_fleet(project, ["north", "east"], fakes.__getitem__)
    assert not again.changes_pending and not again.stopped


def test_review_sees_every_plan_before_anything_is_written_and_can_decline(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    log = fakes["north"].log
    seen: list[str] = []

    def review(fleet: FleetPlan) -> bool:
        seen.extend(o.instance for o in fleet.outcomes)
        log.append("review")
        return False

    result = apply_fleet(project, ["north", "retyped"], fakes.__getitem__, review=review)
    assert seen == ["north", "retyped"] and log == ["review"]
    assert result.declined and result.outcomes == []
    failure = result.failure()
    assert failure is not None and failure.exit_code == 1


def test_progress_hears_each_change_of_each_instance(
    project: Project, fakes: dict[str, FakeProvider]
) -> None:
    heard: list[tuple[str, str]] = []
    lock = threading.Lock()

    def progress_for(name: str) -> Callable[[ChangeResult], None]:
        def hear(result: ChangeResult) -> None:
            with lock:
                heard.append((name, result.change.key))

        return hear

    apply_fleet(project, ["north", "south"], fakes.__getitem__, progress=progress_for)
    assert sorted(heard) == [(n, k) for n in ("north", "south") for k in ("Tier 1", "Tier 2")]


def test_saved_plans_apply_where_nothing_moved_and_are_refused_where_it_did(
    project: Project, fakes: dict[str, FakeProvider], tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    save(path, plan_fleet(project, ["north", "south"], fakes.__getitem__).document(PROJECT))
    fakes["south"].live.append(Resource("groups", "VIP", {"name": "VIP"}, live_id=7))
    result = apply_saved_fleet(project, load_saved(path), fakes.__getitem__, path)
    assert _statuses(result) == {"north": "applied", "south": "error"}
    assert isinstance(result.outcomes[1].error, PlanError) and fakes["south"].applied == []
    assert result.stopped == frozenset()  # refused while applying: not shown under a plan
    assert isinstance(result.failure(), PartialFailure)


def test_failures_do_not_repeat_an_instance_name_the_error_already_carries() -> None:
    err = HelpctlError("[emea] internal error: boom")
    result = FleetApply([Outcome[ApplyReport]("emea", error=err)])
    assert result.failures() == ["[emea] internal error: boom"]
