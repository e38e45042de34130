"""apply(): a hand-built plan sends exactly the expected requests, in the plan's order."""

from __future__ import annotations

from typing import Any

import httpx
import respx
from provider_support import FakeAccount, body, fixture, paths

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)


def desired(kind: str, **overrides: Any) -> Resource:
    attrs = {**fixture("apply_desired.json")[kind], **overrides}
    return Resource(kind, str(attrs[KINDS[kind].identity]), attrs)


def create(kind: str, **overrides: Any) -> Change:
    res = desired(kind, **overrides)
    return Change("create", kind, res.key, desired=res)


def live(state: State, kind: str, key: str) -> Resource:
    found = state.get(kind, key)
    assert found is not None, f"{kind} {key} is not live"
    return found


def delete(state: State, kind: str, key: str) -> Change:
    return Change("delete", kind, key, live=live(state, kind, key))


def plan_of(*changes: Change) -> InstancePlan:
    return InstancePlan("acme", kinds=ALL, changes=list(changes))


def writes(router: respx.Router, since: int) -> list[Any]:
    return [c for c in list(router.calls)[since:] if c.request.method != "GET"]


def test_apply_sends_creates_update_reorder_and_delete_in_plan_order_with_new_ids(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    trigger = desired("triggers")
    plan = InstancePlan(
        "acme",
        kinds=ALL,
        changes=[
            create("brands"),
            create("groups"),
            create("ticket_fields"),
            create("ticket_forms"),
            Change("update", "triggers", trigger.key, desired=trigger,
                   live=live(state, "triggers", "Notify requester")),
            Change("reorder", "ticket_forms", "ticket_forms", order=["Contact us", "Default"]),
            delete(state, "triggers", "Old trigger"),
        ],
    )  # fmt: skip
    before = len(router.calls)

    report = provider.apply(plan)

    assert [r.status for r in report.results] == ["done"] * 7, [r.reason for r in report.results]
    sent = writes(router, before)
    assert paths(sent) == [
        "POST brands",
        "POST groups",
        "POST ticket_fields",
        "POST ticket_forms",
        "PUT triggers/400",
        "PUT ticket_forms/reorder",
        "DELETE triggers/401",
    ]
    # the only reads are each create's live identity lookups (before and after sending)
    reads = [
        f"{c.request.method} {c.request.url.path.rsplit('/api/v2/', 1)[1]}"
        for c in list(router.calls)[before:]
        if c.request.method == "GET"
    ]
    assert reads == [
        f"GET {p.split()[1]}" for p in paths(sent) if p.startswith("POST") for _ in range(2)
    ], "apply re-read nothing it already knew"
    brand_id, group_id, field_id, form_id = (r.live_id for r in report.results[:4])
    form = body(sent[3])["ticket_form"]
    assert form["restricted_brand_ids"] == [brand_id]
    assert form["ticket_field_ids"] == [100, field_id]
    put = body(sent[4])["trigger"]
    assert put["conditions"]["all"] == [
        {"field": "update_type", "operator": "is", "value": "Create"},
        {"field": f"custom_fields_{field_id}", "operator": "is", "value": "reason_payment"},
    ]
    assert put["conditions"]["any"] == []
    assert put["actions"] == [{"field": "group_id", "value": str(group_id)}]
    assert put["category_id"] == "300"
    assert body(sent[5]) == {"ticket_form_ids": [form_id, 200]}


def test_created_objects_carry_the_helpctl_marker_where_the_kind_has_a_field_for_it(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    plan = InstancePlan("acme", kinds=ALL, changes=[create("groups"), create("brands")])

    provider.apply(plan)

    again = provider.populate(["groups", "brands"])
    assert live(again, "groups", "Tier 2").managed
    assert live(again, "groups", "Tier 2").attrs["description"] == "Second line"
    assert not live(again, "brands", "Acme Kids").managed


def test_update_of_a_field_sends_its_whole_option_list_with_known_option_ids(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("ticket_fields")]))
    state = provider.populate(ALL)
    field = live(state, "ticket_fields", "Contact reason")
    options = [*field.attrs["options"], {"name": "Other", "value": "reason_other"}]
    want = desired("ticket_fields", options=options)
    before = len(router.calls)

    provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[Change("update", "ticket_fields", want.key,
                                                       desired=want, live=field)])
    )  # fmt: skip

    (put,) = writes(router, before)
    sent = body(put)["ticket_field"]
    assert [o["value"] for o in sent["custom_field_options"]] == [
        "reason_payment", "reason_password", "reason_other"
    ]  # fmt: skip
    assert sent["type"] == "tagger" and sent["title"] == "Contact reason"


def test_trigger_category_is_updated_with_patch(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    cat = live(state, "trigger_categories", "Routing")
    want = Resource("trigger_categories", "Assignment", {"name": "Assignment"})
    before = len(router.calls)

    report = provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[
            Change("update", "trigger_categories", "Assignment", desired=want, live=cat)])
    )  # fmt: skip

    assert report.ok
    assert paths(writes(router, before)) == ["PATCH trigger_categories/301"]


def test_deleting_an_object_that_is_already_gone_counts_as_done(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    account.lists["macros"] = [m for m in account.lists["macros"] if m["id"] != 600]

    report = provider.apply(plan_of(delete(state, "macros", "Close")))

    assert [r.status for r in report.results] == ["done"]


def test_a_system_object_is_never_deleted(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    subject = live(state, "ticket_fields", "Subject")
    before = len(router.calls)

    report = provider.apply(plan_of(Change("delete", "ticket_fields", "Subject", live=subject)))

    assert report.results[0].status == "failed"
    assert "system object" in report.results[0].reason
    assert writes(router, before) == []


def test_apply_of_an_empty_plan_sends_nothing(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    report = provider.apply(InstancePlan("acme", kinds=ALL))

    assert report.results == [] and len(router.calls) == 0


def test_apply_without_a_prior_populate_reads_the_lists_it_needs_first(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    report = provider.apply(InstancePlan("acme", kinds=["groups"], changes=[create("groups")]))

    assert report.ok
    # the populate, then the create between its two live identity lookups
    assert paths(router.calls) == ["GET groups", "GET groups", "POST groups", "GET groups"]


def test_a_created_object_answered_in_an_unexpected_shape_is_reported_failed(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    account.fail_once("POST", "groups", httpx.Response(201, json={"nothing": True}))

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("groups")]))

    assert report.results[0].status == "failed"
    assert "'group'" in report.results[0].reason


def test_progress_hears_of_each_change_as_it_finishes(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    heard: list[tuple[str, str]] = []

    report = provider.apply(
        plan_of(create("brands"), create("groups")),
        progress=lambda r: heard.append((r.change.key, r.status)),
    )

    assert heard == [(r.change.key, r.status) for r in report.results]
    assert heard == [("Acme Kids", "done"), ("Tier 2", "done")]
