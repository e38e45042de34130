"""Users named in rules: shown by email when read, found by email when written, at a cost of
one request per 100 named users (never a list of every user)."""

from __future__ import annotations

import respx
from provider_support import FakeAccount, body, paths

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)


def test_a_user_named_by_a_live_rule_is_shown_by_email_after_one_show_many(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    state = provider.populate(["macros"])

    hand_over = state.get("macros", "Hand over")
    assert hand_over is not None
    assert {"field": "assignee_id", "value": "ana@acme.example"} in hand_over.attrs["actions"]
    shows = [c for c in router.calls if c.request.url.path.endswith("users/show_many")]
    assert [c.request.url.params["ids"] for c in shows] == ["700"]


def test_a_desired_rule_naming_a_user_by_email_is_sent_with_the_user_id(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    macro = Resource(
        "macros",
        "Give to Bo",
        {"title": "Give to Bo", "actions": [{"field": "assignee_id", "value": "bo@acme.example"}]},
    )
    before = len(router.calls)

    report = provider.apply(
        InstancePlan(
            "acme", kinds=ALL, changes=[Change("create", "macros", macro.key, desired=macro)]
        )
    )

    assert report.ok
    sent = list(router.calls)[before:]
    # the user search, then the create between its two live identity lookups
    assert paths(sent) == ["GET users/search", "GET macros", "POST macros", "GET macros"]
    assert body(sent[2])["macro"]["actions"] == [{"field": "assignee_id", "value": "701"}]


def test_an_email_a_live_rule_already_names_costs_no_search(
    router: respx.Router, provider: ZendeskProvider, account: FakeAccount
) -> None:
    provider.populate(ALL)
    macro = Resource(
        "macros",
        "Give to Ana",
        {
            "title": "Give to Ana",
            "actions": [{"field": "assignee_id", "value": "ana@acme.example"}],
        },
    )
    before = len(router.calls)

    provider.apply(
        InstancePlan(
            "acme", kinds=ALL, changes=[Change("create", "macros", macro.key, desired=macro)]
        )
    )

    # no user search: only the create's live identity lookups around it
    assert paths(list(router.calls)[before:]) == ["GET macros", "POST macros", "GET macros"]
