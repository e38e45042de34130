"""apply() of reorders and of dynamic content variants: the endpoint each kind needs."""

from __future__ import annotations

import httpx
import respx
from provider_support import FakeAccount, body, paths

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)


def apply(provider: ZendeskProvider, router: respx.Router, *changes: Change) -> list[object]:
    """Apply ``changes`` after a populate; the write requests they sent."""
    provider.populate(ALL)
    before = len(router.calls)
    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=list(changes)))
    assert report.ok, [r.reason for r in report.results]
    return [c for c in list(router.calls)[before:] if c.request.method != "GET"]


def test_triggers_of_one_category_are_reordered_through_the_category_jobs_endpoint(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    order = ["Old trigger", "Notify requester"]
    change = Change(
        "reorder", "triggers", "Notifications", order=order, scope="category Notifications"
    )

    (job,) = apply(provider, router, change)

    assert paths([job]) == ["POST trigger_categories/jobs"]
    assert body(job) == {
        "job": {
            "action": "patch",
            "items": {
                "triggers": [
                    {"id": 401, "position": 1, "category_id": "300"},
                    {"id": 400, "position": 2, "category_id": "300"},
                ]
            },
        }
    }


def test_triggers_of_an_account_with_one_category_use_triggers_reorder_with_every_id(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    account.lists["trigger_categories"] = account.lists["trigger_categories"][:1]
    account.lists["triggers"][2]["category_id"] = "300"
    order = ["Route to tier 1", "Notify requester", "Old trigger"]
    change = Change(
        "reorder", "triggers", "Notifications", order=order, scope="category Notifications"
    )

    (put,) = apply(provider, router, change)

    assert paths([put]) == ["PUT triggers/reorder"]
    assert body(put) == {"trigger_ids": [402, 400, 401]}


def test_a_failed_category_job_is_reported_with_its_errors(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    failed = {
        "job": {"status": "failed", "errors": [{"title": "Invalid", "detail": "bad position"}]}
    }
    account.fail_once("POST", "trigger_categories/jobs", httpx.Response(200, json=failed))
    change = Change(
        "reorder", "trigger_categories", "trigger_categories", order=["Routing", "Notifications"]
    )

    report = provider.apply(InstancePlan("acme", kinds=ALL, changes=[change]))

    assert report.results[0].status == "failed"
    assert "bad position" in report.results[0].reason


def test_trigger_categories_are_reordered_by_positions_in_a_job(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    change = Change(
        "reorder", "trigger_categories", "trigger_categories", order=["Routing", "Notifications"]
    )

    (job,) = apply(provider, router, change)

    assert body(job)["job"]["items"] == {
        "trigger_categories": [{"id": "301", "position": 1}, {"id": "300", "position": 2}]
    }


def test_macro_order_is_written_as_update_many_positions_of_the_macros_that_move(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    change = Change("reorder", "macros", "macros", order=["Hand over", "Close"])

    (put,) = apply(provider, router, change)

    assert paths([put]) == ["PUT macros/update_many"]
    # Hand over takes Close's place; Escalate, unmanaged, keeps the middle.
    assert body(put) == {"macros": [{"id": 602, "position": 1}, {"id": 600, "position": 3}]}


def test_update_many_is_sent_in_bulks_of_at_most_100(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    account.lists["views"] = [
        {"id": 1000 + n, "title": f"View {n:03}", "position": n, "active": True,
         "conditions": {"all": [{"field": "status", "operator": "is", "value": "open"}], "any": []}}
        for n in range(1, 251)
    ]  # fmt: skip
    reversed_titles = [f"View {n:03}" for n in range(250, 0, -1)]

    puts = apply(provider, router, Change("reorder", "views", "views", order=reversed_titles))

    assert [len(body(p)["views"]) for p in puts] == [100, 100, 50]


def test_ticket_form_order_keeps_unlisted_forms_in_their_places(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    forms = account.lists["ticket_forms"]
    for n, name in enumerate(["Returns", "Sales"], start=2):
        forms.append({**forms[0], "id": 200 + n, "name": name, "position": n, "default": False})

    (put,) = apply(
        provider,
        router,
        Change("reorder", "ticket_forms", "ticket_forms", order=["Sales", "Default"]),
    )

    assert body(put) == {"ticket_form_ids": [203, 202, 200]}


def test_dynamic_content_update_renames_and_changes_variants_one_by_one(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(ALL)
    live = state.get("dynamic_content", "Greeting")
    want = Resource(
        "dynamic_content",
        "Greetings",
        {"name": "Greetings", "default_locale": "es", "variants": {"es": "¡Hola!"}},
    )
    change = Change("update", "dynamic_content", "Greetings", desired=want, live=live)

    sent = apply(provider, router, change)

    assert paths(sent) == [
        "PUT dynamic_content/items/500",
        "PUT dynamic_content/items/500/variants/502",
        "DELETE dynamic_content/items/500/variants/501",
    ]
    assert body(sent[0]) == {"item": {"name": "Greetings"}}
    assert body(sent[1])["variant"] == {"locale_id": 2, "content": "¡Hola!", "default": True}
