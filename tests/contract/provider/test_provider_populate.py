"""populate(): whole lists into the model, a bounded number of requests, nothing lost."""

from __future__ import annotations

import math
from pathlib import Path

import httpx
import pytest
import respx
from provider_support import SALTO_LISTS, cursor_pages, paths, salto_replies, serve

from helpctl.errors import ApiError, ConfigError
from helpctl.resources import KINDS
from helpctl.zendesk.endpoints import ENDPOINTS
from helpctl.zendesk.provider import ZendeskProvider

#: What the salto recording holds, per kind (read off the recording by hand).
SALTO_COUNTS = {
    "brands": 3,
    "groups": 4,
    "ticket_fields": 14,
    "ticket_forms": 7,
    "dynamic_content": 2,
    "trigger_categories": 3,
    "triggers": 10,
    "automations": 5,
    "macros": 8,
    "views": 16,
    "schedules": 3,
    "sla_policies": 2,
    "custom_statuses": 4,
    "webhooks": 1,
    "user_segments": 4,
    "permission_groups": 1,
    "hc_categories": 2,
    "hc_sections": 5,
    "hc_articles": 1,
    "user_fields": 29,
    "organization_fields": 8,
    "support_addresses": 1,
}


def test_populate_reads_the_whole_salto_account_without_dropping_or_merging(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    replies = salto_replies(zendesk_fixtures)
    serve(router, replies)

    state = provider.populate(list(KINDS))

    assert state.counts() == SALTO_COUNTS
    for kind, path in SALTO_LISTS.items():
        recorded = replies[path][ENDPOINTS[kind].plural]
        assert {str(r.live_id) for r in state.of(kind)} == {str(o["id"]) for o in recorded}
        keys = [r.key for r in state.of(kind)]
        assert len(keys) == len(set(keys)), f"{kind}: two objects share a key"


def test_populate_marks_system_fields_and_the_default_brand(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    replies = salto_replies(zendesk_fixtures)
    serve(router, replies)

    state = provider.populate(["brands", "ticket_fields"])

    system_fields = {r.key for r in state.of("ticket_fields") if r.system}
    assert system_fields == {
        "Subject", "Description", "Status", "Type", "Priority", "Group", "Assignee"
    }  # fmt: skip
    defaults = {b["id"] for b in replies["brands"]["brands"] if b["default"]}
    assert {r.live_id for r in state.of("brands") if r.system} == defaults


def test_populate_costs_one_list_request_per_kind_plus_locales(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    serve(router, salto_replies(zendesk_fixtures))

    provider.populate(list(KINDS))

    sent = paths(router.calls)
    # a schedule's holidays are a list of their own: one request per schedule (3 recorded)
    schedules = salto_replies(zendesk_fixtures)["business_hours/schedules"]["schedules"]
    holidays = [f"GET business_hours/schedules/{s['id']}/holidays" for s in schedules]
    lists = [f"GET {ENDPOINTS[k].path}" for k in KINDS]
    # the organization two recorded views name: one show_many for every 100 such ids
    named = ["GET organizations/show_many"]
    assert sorted(sent) == sorted(["GET locales", *lists, *holidays, *named])


def test_populate_returns_only_the_asked_kinds_but_reads_what_they_reference(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    serve(router, salto_replies(zendesk_fixtures))

    state = provider.populate(["ticket_forms"])

    assert state.kinds() == ["ticket_forms"]
    assert sorted(paths(router.calls)) == ["GET brands", "GET ticket_fields", "GET ticket_forms"]
    fields = {f for r in state.of("ticket_forms") for f in r.attrs.get("fields", [])}
    assert "Subject" in fields, "form fields are named, not numbered"


@pytest.mark.parametrize("count", [0, 1, 100, 101, 250, 1000])
def test_populate_of_n_objects_costs_ceil_n_over_100_list_requests(
    router: respx.Router, provider: ZendeskProvider, count: int
) -> None:
    macros = [
        {"id": n, "title": f"Macro {n}", "position": n, "active": True, "actions": []}
        for n in range(1, count + 1)
    ]
    router.get(path__regex=r"macros$").mock(side_effect=cursor_pages("macros", macros))
    for kind in KINDS["macros"].depends_on:
        ep = ENDPOINTS[kind]
        router.get(path__regex=rf"(^|/){ep.path}$").mock(
            return_value=httpx.Response(200, json={ep.plural: [], "next_page": None})
        )
    router.get("locales").mock(return_value=httpx.Response(200, json={"locales": []}))

    state = provider.populate(["macros"])

    assert len(state.of("macros")) == count
    sent = paths(router.calls)
    assert sent.count("GET macros") == max(1, math.ceil(count / 100))
    # plus one list per kind a macro may name, and the locales: a constant
    assert sorted(p for p in sent if p != "GET macros") == sorted(
        ["GET locales"] + [f"GET {ENDPOINTS[k].path}" for k in KINDS["macros"].depends_on]
    )


def test_an_object_the_model_cannot_hold_fails_populate_naming_it(
    router: respx.Router, provider: ZendeskProvider
) -> None:
    fields = [{"id": 77, "title": "Mystery", "type": "sorcery", "position": 1}]
    router.get(path__regex=r"ticket_fields$").mock(
        return_value=httpx.Response(200, json={"ticket_fields": fields})
    )

    with pytest.raises(ApiError) as caught:
        provider.populate(["ticket_fields"])

    assert "ticket_field 77" in str(caught.value) and "GET ticket_fields" in str(caught.value)


def test_an_unknown_kind_is_refused_before_any_request(
    router: respx.Router, provider: ZendeskProvider
) -> None:
    with pytest.raises(ConfigError, match="targets"):
        provider.populate(["targets"])

    assert len(router.calls) == 0


def test_an_unpaginated_list_that_comes_back_paged_anyway_is_read_to_the_end(
    router: respx.Router, provider: ZendeskProvider
) -> None:
    fields = [
        {"id": n, "title": f"Field {n}", "type": "text", "position": n} for n in range(1, 151)
    ]
    pages = cursor_pages("ticket_fields", fields)
    router.get(path__regex=r"ticket_fields$").mock(side_effect=pages)

    state = provider.populate(["ticket_fields"])

    assert len(state.of("ticket_fields")) == 150
    assert paths(router.calls) == ["GET ticket_fields"] * 3
