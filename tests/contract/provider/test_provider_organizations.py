"""Organizations named in rules: read by name (one show_many per 100 named ids, never a list
of every organization), found by name when written (one exact-name search per name no live
rule names), and a name the helpdesk lacks fails that one rule with what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import respx
from provider_support import FakeAccount, body, paths, salto_replies, serve

from helpctl.plan import Change, InstancePlan
from helpctl.resources import KINDS
from helpctl.resources.state import Resource
from helpctl.zendesk.provider import ZendeskProvider

ALL = list(KINDS)
ACME, GLOBEX = {"id": 800, "name": "Acme"}, {"id": 801, "name": "Globex"}


def _view(title: str, org: Any) -> dict[str, Any]:
    return {
        "title": title,
        "active": True,
        "position": 1,
        "conditions": {
            "all": [{"field": "status", "operator": "less_than", "value": "solved"}],
            "any": [{"field": "organization_id", "operator": "is_not", "value": org}],
        },
        "output": {"columns": ["subject"]},
    }


@pytest.fixture
def orgs(account: FakeAccount) -> FakeAccount:
    """The account with two organizations, one named by a live view."""
    account.lists["organizations"] = [ACME, GLOBEX]
    account.lists["views"] = [{"id": 950, **_view("Not Acme", "800")}]
    return account


def _create(provider: ZendeskProvider, *views: dict[str, Any]) -> Any:
    changes = [
        Change("create", "views", v["title"], desired=Resource("views", v["title"], v))
        for v in views
    ]
    return provider.apply(InstancePlan("acme", kinds=ALL, changes=changes))


def test_the_recorded_views_name_their_organization_by_name(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    serve(router, salto_replies(zendesk_fixtures))

    state = provider.populate(["views"])

    for title in ("Custom view 123", "Custom view 1234"):
        view = state.get("views", title)
        assert view is not None
        cond = {"field": "organization_id", "operator": "is_not", "value": "test org 123"}
        assert cond in view.attrs["conditions"]["any"]
    shows = [c for c in router.calls if c.request.url.path.endswith("organizations/show_many")]
    assert [c.request.url.params["ids"] for c in shows] == ["1900025376085"]


def test_an_organization_that_no_longer_exists_stays_its_id(
    router: respx.Router, provider: ZendeskProvider, orgs: FakeAccount
) -> None:
    orgs.lists["organizations"] = [GLOBEX]  # Acme deleted since the view was written

    state = provider.populate(["views"])

    view = state.get("views", "Not Acme")
    assert view is not None
    assert view.attrs["conditions"]["any"][0]["value"] == "800"


def test_a_named_organization_no_live_rule_names_is_found_by_one_exact_search(
    router: respx.Router, provider: ZendeskProvider, orgs: FakeAccount
) -> None:
    provider.populate(ALL)
    before = len(router.calls)

    report = _create(provider, _view("Not Globex", "Globex"), _view("Globex only", "Globex"))

    assert report.ok, [r.reason for r in report.results]
    sent = list(router.calls)[before:]
    searches = [c for c in sent if c.request.url.path.endswith("organizations/search")]
    assert [c.request.url.params["name"] for c in searches] == ["Globex"]  # once per name
    posts = [body(c)["view"] for c in sent if c.request.method == "POST"]
    assert [p["conditions"]["any"][0]["value"] for p in posts] == ["801", "801"]


def test_an_organization_a_live_rule_already_names_costs_no_search(
    router: respx.Router, provider: ZendeskProvider, orgs: FakeAccount
) -> None:
    provider.populate(ALL)
    before = len(router.calls)

    report = _create(provider, _view("Also not Acme", "Acme"))

    assert report.ok
    assert "GET organizations/search" not in paths(list(router.calls)[before:])


def test_a_name_the_helpdesk_lacks_fails_that_rule_only_saying_what_to_do(
    router: respx.Router, provider: ZendeskProvider, orgs: FakeAccount
) -> None:
    provider.populate(ALL)
    before = len(router.calls)

    report = _create(provider, _view("Not Initech", "Initech"), _view("Not Globex", "Globex"))

    failed, done = report.results
    assert (failed.status, done.status) == ("failed", "done")
    assert "views[Not Initech] names organization `Initech`" in failed.reason
    assert "create the organization first" in failed.reason
    # the failed rule was never sent
    sent = list(router.calls)[before:]
    assert [body(c)["view"]["title"] for c in sent if c.request.method == "POST"] == ["Not Globex"]


def test_a_name_in_another_case_is_not_taken_and_the_failure_gives_the_spelling(
    router: respx.Router, provider: ZendeskProvider, orgs: FakeAccount
) -> None:
    provider.populate(ALL)

    report = _create(provider, _view("Not globex", "globex"))

    (result,) = report.results
    assert result.status == "failed"
    assert "organization `globex`, which the helpdesk spells `Globex`" in result.reason
