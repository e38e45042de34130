"""apply() under failure: a lost create answer is never blindly re-sent, a rejected create is
reported with Zendesk's reason, and what names a failed create is not sent at all."""

from __future__ import annotations

import base64
import logging
from typing import Any

import httpx
import pytest
import respx
from provider_support import CANARY, EMAIL, LOST, After, FakeAccount, body, fixture, paths

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource
from helpctl.zendesk.apply_ops import LOST_CREATE_ATTEMPTS
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)


def create(kind: str, **overrides: Any) -> Change:
    attrs = {**fixture("apply_desired.json")[kind], **overrides}
    res = Resource(kind, str(attrs[KINDS[kind].identity]), attrs)
    return Change("create", kind, res.key, desired=res)


def named(account: FakeAccount, kind: str, name: str) -> list[dict[str, Any]]:
    ident = KINDS[kind].identity
    return [o for o in account.lists[kind] if o.get(ident) == name]


def test_create_whose_answer_was_lost_is_adopted_from_the_list_not_sent_twice(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    account.fail_once("POST", "groups", LOST)
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("groups")]))

    assert report.results[0].status == "done"
    # looked up before sending, sent once, its lost answer found by the lookup after
    assert paths(list(router.calls)[before:]) == ["GET groups", "POST groups", "GET groups"]
    (group,) = named(account, "groups", "Tier 2")
    assert report.results[0].live_id == group["id"]


def test_create_answered_500_after_it_was_stored_is_adopted(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    account.fail_once("POST", "ticket_fields", After(httpx.Response(500, text="oops")))

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("ticket_fields")]))

    assert report.ok
    assert len(named(account, "ticket_fields", "Contact reason")) == 1


def test_create_lost_before_it_was_stored_is_sent_again_once(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    account.fail_once("POST", "brands", httpx.ReadError("connection reset by peer"))
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("brands")]))

    assert report.ok
    assert paths(list(router.calls)[before:]) == [
        "GET brands",
        "POST brands",
        "GET brands",
        "POST brands",
        "GET brands",
    ]
    assert len(named(account, "brands", "Acme Kids")) == 1


def test_create_answered_503_with_nothing_stored_is_sent_again_once(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    account.fail_once("POST", "groups", httpx.Response(503, text="Service Unavailable"))

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("groups")]))

    assert report.ok
    assert len(named(account, "groups", "Tier 2")) == 1


def test_a_create_whose_name_exists_live_adopts_that_object_instead_of_duplicating_it(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    # another run created "Tier 2" after this plan was made (the plan still says create)
    provider.populate(ALL)
    account.lists["groups"].append({"id": 11, "name": "Tier 2", "description": ""})
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("groups")]))

    assert report.ok and report.results[0].live_id == 11
    assert paths(list(router.calls)[before:]) == ["GET groups", "PUT groups/11"]
    assert len(named(account, "groups", "Tier 2")) == 1


def test_two_racing_creates_leave_the_older_object_and_the_later_one_is_removed(
    router: respx.Router,
    provider: ZendeskProvider,
    account: FakeAccount,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the racing run's object (id 5) is stored between our lookup and our POST
    provider.populate(ALL)
    dispatch = account._dispatch

    def rival_first(request: httpx.Request, path: str) -> httpx.Response:
        if request.method == "POST" and path == "groups":
            account.lists["groups"].insert(0, {"id": 5, "name": "Tier 2", "description": ""})
        return dispatch(request, path)

    monkeypatch.setattr(account, "_dispatch", rival_first)
    before = len(router.calls)

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[create("groups")]))

    assert report.ok and report.results[0].live_id == 5
    assert [g["id"] for g in named(account, "groups", "Tier 2")] == [5]
    assert paths(list(router.calls)[before:]) == [
        "GET groups",
        "POST groups",
        "GET groups",
        "DELETE groups/9001",
        "PUT groups/5",
    ]


def test_rejected_create_is_reported_with_zendesk_details_and_the_rest_is_applied(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    rejection = fixture("rejected_brand_422.json")
    account.fail_once("POST", "brands", httpx.Response(422, json=rejection))
    before = len(router.calls)

    report = provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[create("brands"), create("groups")])
    )

    failed, done = report.results
    assert failed.status == "failed" and done.status == "done"
    assert "POST brands" in failed.reason and "422" in failed.reason
    assert rejection["details"]["subdomain"][0]["description"] in failed.reason
    assert failed.reason.startswith("POST brands → 422"), "the report names no instance twice"
    writes = [p for p in paths(list(router.calls)[before:]) if not p.startswith("GET")]
    assert writes == ["POST brands", "POST groups"]


def test_changes_naming_a_failed_create_are_skipped_not_sent(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    account.fail_once(
        "POST", "ticket_fields", httpx.Response(422, json=fixture("rejected_brand_422.json"))
    )
    trigger_attrs = fixture("apply_desired.json")["triggers"]
    trigger = Resource("triggers", trigger_attrs["title"], trigger_attrs)
    plan = InstancePlan(
        "acme",
        kinds=ALL,
        changes=[
            create("groups"),
            create("ticket_fields"),
            create("ticket_forms", brands=[]),
            Change("update", "triggers", trigger.key, desired=trigger,
                   live=state.get("triggers", "Notify requester")),
        ],
    )  # fmt: skip
    before = len(router.calls)

    report = provider.apply(plan)

    assert [r.status for r in report.results] == ["done", "failed", "skipped", "skipped"]
    assert "Contact reason" in report.results[2].reason
    assert "Contact reason" in report.results[3].reason
    sent = [p for p in paths(list(router.calls)[before:]) if not p.startswith("GET")]
    assert sent == ["POST groups", "POST ticket_fields"]
    assert not report.ok


def test_a_rule_using_the_placeholder_of_a_failed_dynamic_content_item_is_skipped(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    for _ in range(LOST_CREATE_ATTEMPTS):  # every attempt fails, none stored
        account.fail_once("POST", "dynamic_content/items", httpx.Response(500, text="oops"))
    item = Resource(
        "dynamic_content",
        "Refund issued",
        {"name": "Refund issued", "default_locale": "en-US", "variants": {"en-US": "Refunded"}},
    )
    macro = Resource(
        "macros",
        "Refund",
        {
            "title": "Refund",
            "actions": [{"field": "comment_value", "value": "{{dc.refund_issued}}"}],
        },
    )
    plan = InstancePlan(
        "acme",
        kinds=ALL,
        changes=[
            Change("create", "dynamic_content", item.key, desired=item),
            Change("create", "macros", macro.key, desired=macro),
        ],
    )

    report = provider.apply(plan)

    assert [r.status for r in report.results] == ["failed", "skipped"]
    assert "500" in report.results[0].reason
    assert "dc.refund_issued" in report.results[1].reason
    assert not named(account, "macros", "Refund")


def test_dynamic_content_create_sends_locale_ids_and_the_default_variant(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    item = Resource(
        "dynamic_content",
        "Bye",
        {"name": "Bye", "default_locale": "es", "variants": {"en-US": "Bye", "es": "Adiós"}},
    )
    before = len(router.calls)

    report = provider.apply(
        InstancePlan(
            "acme", kinds=ALL, changes=[Change("create", "dynamic_content", "Bye", desired=item)]
        )
    )

    assert report.ok
    (post,) = [c for c in list(router.calls)[before:] if c.request.method == "POST"]
    sent = body(post)["item"]
    assert sent["default_locale_id"] == 2
    assert {v["locale_id"]: v["default"] for v in sent["variants"]} == {1: False, 2: True}


def test_the_token_appears_in_no_report_log_or_error_of_a_failing_apply(
    router: respx.Router,
    provider: ZendeskProvider,
    account: FakeAccount,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    provider.populate(ALL)
    account.fail_once(
        "POST", "brands", httpx.Response(422, json=fixture("rejected_brand_422.json"))
    )
    account.fail_once("POST", "groups", httpx.ReadError(f"reset while sending {CANARY}"))
    account.fail_once(
        "GET", "groups", httpx.Response(401, json={"error": "Couldn't authenticate you"})
    )

    report = provider.apply(
        InstancePlan("acme", kinds=ALL, changes=[create("brands"), create("groups")])
    )

    assert [r.status for r in report.results] == ["failed", "failed"]
    seen = caplog.text + repr(report) + "".join(r.reason for r in report.results)
    assert CANARY not in seen
    assert base64.b64encode(f"{EMAIL}/token:{CANARY}".encode()).decode() not in seen
