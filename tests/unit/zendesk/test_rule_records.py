"""Records named in rules (users by email, organizations by name): which ids populate reads,
which names apply looks up, and the id ↔ name mapping of rule values. Pure: no HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from helpctl.errors import PlanError
from helpctl.zendesk.payloads_index import NameIndex, UnknownOrganization
from helpctl.zendesk.payloads_rules import RuleNames, read_conditions, write_conditions
from helpctl.zendesk.rule_records import desired_record_names, live_record_ids


def _rule(*conditions: tuple[str, Any], actions: list[dict[str, Any]] | None = None) -> Any:
    return {
        "conditions": {
            "all": [{"field": f, "operator": "is", "value": v} for f, v in conditions],
            "any": [],
        },
        "actions": actions or [],
    }


def _index(*orgs: tuple[int, str]) -> NameIndex:
    return NameIndex.from_lists({"organizations": [{"id": i, "name": n} for i, n in orgs]})


def test_live_ids_are_collected_per_record_kind_sorted_once_keywords_left_out() -> None:
    lists = {
        "views": [
            _rule(("organization_id", "1900025376085"), ("organization_id", "__NULL__")),
            _rule(("organization_id", 42), ("assignee_id", "current_user")),
        ],
        "triggers": [_rule(("organization_id", "42"), ("assignee_id", "700"))],
        "macros": [{"actions": [], "restriction": {"type": "User", "id": 701}}],
        "groups": [_rule(("organization_id", "5"))],  # not a rule kind: not read
    }

    assert live_record_ids(lists) == {
        "users": ["700", "701"],
        "organizations": ["42", "1900025376085"],
    }


def test_no_rule_naming_records_means_nothing_to_read() -> None:
    assert live_record_ids({"views": [_rule(("status", "open"))]}) == {
        "users": [],
        "organizations": [],
    }


def test_desired_names_keep_order_of_appearance_and_leave_ids_and_keywords_out() -> None:
    rules = [
        _rule(("organization_id", "Globex"), ("assignee_id", "ana@acme.example")),
        _rule(("organization_id", "Acme"), ("organization_id", "Globex")),
        _rule(("organization_id", "1900025376085"), ("organization_id", "__NULL__")),
        _rule(("organization_id", ""), ("assignee_id", "current_user")),
    ]

    assert desired_record_names(rules) == {
        "users": ["ana@acme.example"],
        "organizations": ["Globex", "Acme"],
    }


def test_an_organization_id_reads_as_its_name_and_writes_back_as_the_same_id() -> None:
    names = RuleNames(_index((1900025376085, "test org 123")), "views", "Custom view 123")
    cond = {"field": "organization_id", "operator": "is_not", "value": "1900025376085"}
    live = {"all": [], "any": [cond]}

    canonical = read_conditions(live, names)

    assert canonical["any"][0]["value"] == "test org 123"
    assert write_conditions(canonical, names) == live


def test_an_id_whose_organization_is_gone_stays_the_id_both_ways() -> None:
    names = RuleNames(_index(), "views", "Old view")
    live = {"all": [{"field": "organization_id", "operator": "is", "value": 77}], "any": []}

    canonical = read_conditions(live, names)

    assert canonical["all"][0]["value"] == "77"
    assert write_conditions(canonical, names)["all"][0]["value"] == "77"


def test_the_none_keyword_is_not_an_organization() -> None:
    names = RuleNames(_index(), "views", "No org")
    cond = {"all": [{"field": "organization_id", "operator": "is", "value": "__NULL__"}], "any": []}
    assert write_conditions(read_conditions(cond, names), names) == cond


def test_a_name_the_helpdesk_does_not_have_fails_saying_which_rule_and_what_to_do() -> None:
    names = RuleNames(_index((1, "Acme")), "views", "Custom view 123")
    wanted = {"all": [{"field": "organization_id", "operator": "is", "value": "Globex"}]}

    with pytest.raises(UnknownOrganization) as caught:
        write_conditions(wanted, names)

    assert isinstance(caught.value, PlanError)
    text = str(caught.value)
    assert "views[Custom view 123]" in text and "organization `Globex`" in text
    assert "create the organization first" in text


def test_organization_names_are_matched_exactly() -> None:
    names = RuleNames(_index((1, "Acme")), "triggers", "Route Acme")
    wanted = {"all": [{"field": "organization_id", "operator": "is", "value": "acme"}]}
    with pytest.raises(UnknownOrganization):
        write_conditions(wanted, names)
