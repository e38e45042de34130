"""The provider against a real sandbox: populate, apply every kind, read it back unchanged."""

from __future__ import annotations

import json
from typing import Any

from provider_e2e_support import ALL, FIXTURES, desired_state

from helpctl.plan import diff
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State
from helpctl.zendesk.provider import ZendeskProvider


def differing_keys(want: dict[str, Any], have: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}


def test_populate_of_an_empty_sandbox_has_system_fields_and_the_default_brand(
    provider: ZendeskProvider,
) -> None:
    state = provider.populate(ALL)

    assert {r.key for r in state.of("ticket_fields") if r.system} >= {
        "Subject", "Description", "Status", "Type", "Priority", "Group", "Assignee"
    }  # fmt: skip
    assert [r.system for r in state.of("brands")] == [True]
    assert all(not r.managed for r in state)


def test_applying_every_kind_then_reading_back_gives_the_desired_attrs_and_an_empty_plan(
    provider: ZendeskProvider,
) -> None:
    desired = desired_state()
    plan = diff(desired, provider.populate(ALL), kinds=KINDS)
    assert {c.action for c in plan.changes} == {"create"}

    report = provider.apply(plan)

    assert report.ok, [f"{r.change.kind} {r.change.key}: {r.reason}" for r in report.failed]
    live = provider.populate(ALL)
    mismatches = {
        f"{res.kind}[{res.key}]": differing_keys(res.attrs, live.index(res.kind)[res.key].attrs)
        for res in desired
        if res.key in live.index(res.kind)
    }
    assert len(mismatches) == len(desired), "every desired object exists"
    assert {k: v for k, v in mismatches.items() if v} == {}
    again = diff(desired, live, kinds=KINDS)
    assert again.changes == []


def test_created_objects_are_marked_as_helpctl_s_own_where_the_kind_allows(
    provider: ZendeskProvider,
) -> None:
    desired = desired_state()
    provider.apply(diff(desired, provider.populate(ALL), kinds=KINDS))

    live = provider.populate(ALL)

    marked = {r.kind for r in live if r.managed}
    assert marked == {"groups", "ticket_fields", "triggers", "automations", "macros", "views"}


def test_a_view_with_a_custom_field_column_reads_back_unchanged(
    provider: ZendeskProvider,
) -> None:
    desired = desired_state("view_custom_column.json")
    provider.apply(diff(desired, provider.populate(ALL), kinds=KINDS))

    live = provider.populate(["views"])

    assert live.index("views")["Orders"].attrs["output"] == desired.of("views")[0].attrs["output"]


def test_a_second_round_of_updates_reorders_renames_and_deletes_also_ends_in_an_empty_plan(
    provider: ZendeskProvider,
) -> None:
    first = desired_state()
    assert provider.apply(diff(first, provider.populate(ALL), kinds=KINDS)).ok
    second = desired_state("every_kind_changed.json")

    plan = diff(second, provider.populate(ALL), kinds=KINDS, ownership={"views": "all"}, prune=True)
    report = provider.apply(plan)

    assert report.ok, [f"{r.change.kind} {r.change.key}: {r.reason}" for r in report.failed]
    assert {c.action for c in plan.changes} == {"create", "update", "reorder", "delete"}
    live = provider.populate(ALL)
    assert diff(second, live, kinds=KINDS, ownership={"views": "all"}, prune=True).changes == []
    categories = [r.key for r in live.of("trigger_categories") if r.key != "Notifications"]
    assert categories == ["Escalation", "Routing"]
    routing = [r.key for r in live.of("triggers") if r.attrs.get("category") == "Routing"]
    assert routing == ["Tag VIPs", "Route payments"]
    assert "Tier 2" not in live.index("groups") and "Second line" in live.index("groups")


def test_moving_the_default_locale_of_dynamic_content_ends_in_an_empty_plan(
    provider: ZendeskProvider,
) -> None:
    doc = json.loads((FIXTURES / "dc_default_switch.json").read_text(encoding="utf-8"))
    before, after = State("e2e"), State("e2e")
    before.add(Resource("dynamic_content", "greeting", doc["before"]))
    after.add(Resource("dynamic_content", "greeting", doc["after"]))
    assert provider.apply(diff(before, provider.populate(ALL), kinds=KINDS)).ok

    report = provider.apply(diff(after, provider.populate(ALL), kinds=KINDS))

    assert report.ok, [r.reason for r in report.failed]
    assert diff(after, provider.populate(ALL), kinds=KINDS).changes == []


def test_objects_named_with_a_placeholder_are_found_by_it_in_the_same_apply_and_after(
    provider: ZendeskProvider,
) -> None:
    # the sandbox answers titles as entered; the contract tests cover Zendesk's rendered ones
    desired = desired_state("placeholder_titles.json")

    report = provider.apply(diff(desired, provider.populate(ALL), kinds=KINDS))

    assert report.ok, [f"{r.change.kind} {r.change.key}: {r.reason}" for r in report.failed]
    live = provider.populate(ALL)
    form = live.index("ticket_forms")["Greeting form"]
    assert form.attrs["fields"][-1] == "{{dc.greeting}} reason"
    assert diff(desired, live, kinds=KINDS).changes == []
