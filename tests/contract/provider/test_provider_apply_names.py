"""apply() names objects the way populate does: a created object is known by its identity as
entered (``{{dc.x}}`` placeholders, not the rendered text), duplicates are told apart by id,
and an update of one of two same-titled fields carries that field's own option ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import respx
from provider_support import FakeAccount, body, fixture, paths, salto_replies, serve

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)


def create(kind: str, attrs: dict[str, Any]) -> Change:
    res = Resource(kind, str(attrs[KINDS[kind].identity]), attrs)
    return Change("create", kind, res.key, desired=res)


def placeholder_create(kind: str) -> Change:
    return create(kind, fixture("placeholder_names.json")[kind])


def with_option(state: State, key: str, option: dict[str, Any]) -> Change:
    """An update of ticket field ``key`` adding ``option`` to its live options."""
    live = state.get("ticket_fields", key)
    assert live is not None, f"ticket field {key} is not live"
    attrs = {**live.attrs, "options": [*live.attrs["options"], option]}
    return Change("update", "ticket_fields", key, desired=Resource("ticket_fields", key, attrs),
                  live=live)  # fmt: skip


def writes(router: respx.Router, since: int) -> list[Any]:
    return [c for c in list(router.calls)[since:] if c.request.method != "GET"]


def test_a_form_lists_a_field_created_in_the_same_apply_under_its_placeholder_title(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    before = len(router.calls)

    report = provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[placeholder_create("ticket_fields"),
                                                 placeholder_create("ticket_forms")])
    )  # fmt: skip

    assert [r.status for r in report.results] == ["done", "done"], [
        r.reason for r in report.results
    ]
    field_id = report.results[0].live_id
    post_field, post_form = writes(router, before)
    assert paths([post_field, post_form]) == ["POST ticket_fields", "POST ticket_forms"]
    assert body(post_form)["ticket_form"]["ticket_field_ids"] == [100, field_id]
    assert account.lists["ticket_fields"][-1]["title"] == "Hello reason", "the fake renders"


def test_a_trigger_created_under_a_placeholder_title_is_reordered_by_that_title(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    new = placeholder_create("triggers")
    order = [new.key, "Notify requester", "Old trigger"]
    reorder = Change(
        "reorder", "triggers", "Notifications", order=order, scope="category Notifications"
    )
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[new, reorder]))

    assert report.ok, [r.reason for r in report.results]
    new_id = report.results[0].live_id
    _, job = writes(router, before)
    items = body(job)["job"]["items"]["triggers"]
    assert [(i["id"], i["position"]) for i in items] == [(new_id, 1), (400, 2), (401, 3)]


def test_a_create_whose_name_is_already_live_adopts_that_object(
    provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)

    report = provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[create("groups", {"name": "Tier 1"})])
    )

    assert report.results[0].live_id == 10, "the live Tier 1 was updated, not duplicated"
    assert provider.live_index().id_of("groups", "Tier 1") == 10
    assert [g["id"] for g in account.lists["groups"] if g["name"] == "Tier 1"] == [10]


def test_updating_the_second_of_two_same_titled_fields_sends_its_own_option_ids(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    account.lists["ticket_fields"] += fixture("same_title_fields.json")["ticket_fields"]
    state = provider.populate(ALL)
    change = with_option(state, "Product components (#111)", {"name": "C", "value": "component_c"})
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[change]))

    assert report.ok, [r.reason for r in report.results]
    (put,) = writes(router, before)
    assert paths([put]) == ["PUT ticket_fields/111"]
    sent = body(put)["ticket_field"]["custom_field_options"]
    assert [(o["value"], o.get("id")) for o in sent] == [
        ("component_a", 1111), ("component_b", 1112), ("component_c", None)
    ]  # fmt: skip


def test_a_created_field_whose_title_is_live_updates_that_field_with_its_own_option_ids(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    live = fixture("same_title_fields.json")["ticket_fields"][:1]
    account.lists["ticket_fields"] += live
    provider.populate(ALL)
    options = [{"name": "Component A", "value": "component_a"}]
    new = create("ticket_fields", {"title": "Product components", "type": "tagger",
                                   "options": options})  # fmt: skip
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[new]))

    assert report.ok, [r.reason for r in report.results]
    (put,) = writes(router, before)
    assert paths([put]) == [f"PUT ticket_fields/{live[0]['id']}"]
    own = {o["value"]: o["id"] for o in live[0]["custom_field_options"]}
    sent = body(put)["ticket_field"]["custom_field_options"]
    assert [(o["value"], o.get("id")) for o in sent] == [("component_a", own["component_a"])]


def test_the_salto_accounts_second_product_components_field_keeps_its_option_ids(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    replies = salto_replies(zendesk_fixtures)
    serve(router, replies)
    recorded = {str(f["id"]): f for f in replies["ticket_fields"]["ticket_fields"]}
    state = provider.populate(ALL)
    shadowed = next(
        r for r in state.of("ticket_fields") if r.key.startswith("Product components (#")
    )
    own_ids = [o["id"] for o in recorded[str(shadowed.live_id)]["custom_field_options"]]
    put = router.put(f"ticket_fields/{shadowed.live_id}").mock(
        return_value=httpx.Response(200, json={"ticket_field": recorded[str(shadowed.live_id)]})
    )

    report = provider.apply(
        InstancePlan("acme", kinds=ALL,
                     changes=[with_option(state, shadowed.key, {"name": "C", "value": "c"})])
    )  # fmt: skip

    assert report.ok, [r.reason for r in report.results]
    sent = body(put.calls.last)["ticket_field"]["custom_field_options"]
    assert [o.get("id") for o in sent] == [*own_ids, None]
