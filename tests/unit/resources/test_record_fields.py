"""User fields, organization fields and support addresses in the domain: models, rule
conditions on the fields, and the plan refusals (a key change, deleting a field a rule uses)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from helpctl.config.project import SafetyConfig
from helpctl.errors import PlanError
from helpctl.plan import check_plan, diff
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State
from helpctl.resources.validate import validate_state

Load = Callable[[Path], State]


@pytest.fixture
def fields_state(fixtures_dir: Path, state_from_file: Load) -> State:
    return state_from_file(fixtures_dir / "valid" / "record_fields.yaml")


def _trigger(state: State) -> dict[str, Any]:
    found = state.get("triggers", "Gold sellers first")
    assert found is not None
    return found.attrs


def test_the_fields_fixture_is_valid(fields_state: State) -> None:
    assert validate_state(fields_state, {}) == []


def test_unknown_keys_of_the_new_kinds_are_refused() -> None:
    for kind, item in (
        ("user_fields", {"key": "a", "title": "A", "custom_field_options": []}),
        ("organization_fields", {"key": "a", "title": "A", "requird": True}),
        ("support_addresses", {"email": "a@b.example", "forwarding_status": "verified"}),
    ):
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            KINDS[kind].model.model_validate(item)


@pytest.mark.parametrize(
    ("condition", "code", "path"),
    [
        ({"field": "requester.custom_fields.verified_seller", "operator": "is_not",
          "value": "true"}, "rule_bad_operator", "conditions.all[1].operator"),
        ({"field": "requester.custom_fields.verified_seller", "operator": "is",
          "value": "yes"}, "rule_bad_value", "conditions.all[1].value"),
        ({"field": "requester.custom_fields.seller_tier", "operator": "includes_words",
          "value": "tier_gold"}, "rule_bad_operator", "conditions.all[1].operator"),
        ({"field": "requester.custom_fields.seller_tier", "operator": "is",
          "value": "tier_platinum"}, "ref_unknown_option", "conditions.all[1].value"),
        ({"field": "organization.custom_fields.crm_id", "operator": "includes_string",
          "value": "12"}, "rule_bad_operator", "conditions.all[1].operator"),
    ],
)  # fmt: skip
def test_a_condition_on_a_user_or_organization_field_suits_the_field(
    fields_state: State, condition: dict[str, Any], code: str, path: str
) -> None:
    _trigger(fields_state)["conditions"]["all"][1:] = [condition]

    problems = validate_state(fields_state, {})

    assert [(p.code, p.path) for p in problems] == [(code, f"triggers[Gold sellers first].{path}")]


def test_a_dropdown_value_suggests_the_closest_option(fields_state: State) -> None:
    _trigger(fields_state)["conditions"]["all"][1]["value"] = "tier_gld"
    (problem,) = validate_state(fields_state, {})
    assert problem.hint == "did you mean `tier_gold`?"


def test_an_external_user_field_resolves_a_rule_reference(fields_state: State) -> None:
    _trigger(fields_state)["conditions"]["all"][1]["field"] = "requester.custom_fields.legacy"
    assert [p.code for p in validate_state(fields_state, {})] == ["ref_unknown_user_field"]
    assert validate_state(fields_state, {"user_fields": ["legacy"]}) == []


def _live_copy(state: State) -> State:
    live = State(state.instance)
    for n, res in enumerate(state, start=1):
        live.add(Resource(res.kind, res.key, dict(res.attrs), live_id=n, managed=True))
    return live


def test_deleting_a_user_field_a_live_trigger_uses_is_refused_even_with_force(
    fields_state: State,
) -> None:
    live = _live_copy(fields_state)
    fields_state.resources["user_fields"] = [
        r for r in fields_state.of("user_fields") if r.key != "seller_tier"
    ]
    plan = diff(fields_state, live, kinds=KINDS, ownership={"user_fields": "all"}, prune=True)
    assert ("delete", "seller_tier") in [(c.action, c.key) for c in plan.changes]

    with pytest.raises(PlanError) as err:
        check_plan(plan, live, kinds=KINDS, safety=SafetyConfig(), force=True)

    assert (
        "cannot delete user_fields 'seller_tier': still used by triggers 'Gold sellers first'"
    ) in str(err.value)


def test_changing_a_field_key_is_refused_even_with_force(fields_state: State) -> None:
    live = _live_copy(fields_state)
    field = fields_state.get("user_fields", "listings")
    assert field is not None
    renamed = Resource(
        "user_fields",
        "listing_count",
        {**field.attrs, "key": "listing_count"},
        renamed_from=("listings",),
    )
    fields_state.resources["user_fields"] = [
        renamed if r.key == "listings" else r for r in fields_state.of("user_fields")
    ]
    plan = diff(fields_state, live, kinds=KINDS)

    with pytest.raises(PlanError, match=r"key cannot change \('listings' → 'listing_count'\)"):
        check_plan(plan, live, kinds=KINDS, safety=SafetyConfig(), force=True)


def test_a_support_address_names_its_brand(fields_state: State) -> None:
    address = fields_state.get("support_addresses", "ayuda@acme.com.ar")
    assert address is not None
    address.attrs["brand"] = "Acme Peru"
    (problem,) = validate_state(fields_state, {})
    assert (problem.code, problem.path) == (
        "ref_unknown_brand",
        "support_addresses[ayuda@acme.com.ar].brand",
    )
