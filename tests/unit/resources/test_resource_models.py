"""The config model: one strict pydantic model per kind, canonical attrs by exclude_unset dumps."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from helpctl.resources import KINDS, SYSTEM_FIELD_TITLES, unknown_key_hint
from helpctl.resources.common import dc_placeholder_name
from helpctl.resources.kinds.ticket_fields import CUSTOM_TYPES

DEPENDENCY_ORDER = [
    "brands",
    "support_addresses",
    "groups",
    "ticket_fields",
    "user_fields",
    "organization_fields",
    "custom_statuses",
    "ticket_forms",
    "schedules",
    "dynamic_content",
    "webhooks",
    "trigger_categories",
    "triggers",
    "automations",
    "macros",
    "views",
    "sla_policies",
    "user_segments",
    "permission_groups",
    "hc_categories",
    "hc_sections",
    "hc_articles",
]
SINGULAR = {
    "brands": "brand",
    "groups": "group",
    "ticket_fields": "ticket_field",
    "ticket_forms": "ticket_form",
    "custom_statuses": "custom_status",
    "webhooks": "webhook",
    "dynamic_content": "item",
    "trigger_categories": "trigger_category",
    "triggers": "trigger",
    "automations": "automation",
    "macros": "macro",
    "views": "view",
    "schedules": "schedule",
    "sla_policies": "sla_policy",
    "user_segments": "user_segment",
    "permission_groups": "permission_group",
    "hc_categories": "category",
    "hc_sections": "section",
    "hc_articles": "article",
    "support_addresses": "support_address",
    "user_fields": "user_field",
    "organization_fields": "organization_field",
}


def test_kinds_are_listed_in_dependency_order() -> None:
    assert list(KINDS) == DEPENDENCY_ORDER
    for position, spec in enumerate(KINDS.values()):
        assert all(DEPENDENCY_ORDER.index(dep) < position for dep in spec.depends_on)


def test_each_kind_names_its_zendesk_envelope_key() -> None:
    assert {name: spec.singular for name, spec in KINDS.items()} == SINGULAR


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_object_of_the_valid_fixture_round_trips_through_its_model(
    kind: str, base_doc: dict[str, Any]
) -> None:
    model = KINDS[kind].model
    for item in base_doc[kind]:
        attrs = model.model_validate(item).model_dump(mode="json", exclude_unset=True)
        assert model.model_validate(attrs).model_dump(mode="json", exclude_unset=True) == attrs


@pytest.mark.parametrize("kind", list(KINDS))
def test_unknown_keys_are_errors_in_every_kind(kind: str, base_doc: dict[str, Any]) -> None:
    item = {**base_doc[kind][0], "colour": "red"}
    with pytest.raises(ValidationError) as err:
        KINDS[kind].model.model_validate(item)
    assert err.value.errors()[0]["type"] == "extra_forbidden"


def test_unknown_key_hint_suggests_the_closest_allowed_key() -> None:
    allowed = KINDS["ticket_fields"].model.allowed_keys()  # type: ignore[attr-defined]
    assert unknown_key_hint("requierd_in_portal", allowed) == "did you mean `required_in_portal`?"
    assert unknown_key_hint("zzz", ["name", "title"]) == "allowed keys: name, title"


def test_renamed_from_is_accepted_but_never_part_of_the_attrs() -> None:
    model = KINDS["groups"].model.model_validate({"name": "Tier 1", "renamed_from": ["L1"]})
    assert model.renamed_from == ["L1"]  # type: ignore[attr-defined]
    assert model.model_dump(mode="json", exclude_unset=True) == {"name": "Tier 1"}


def test_rule_conditions_are_canonical_with_both_lists_and_every_value() -> None:
    trigger = {
        "title": "T",
        "conditions": {"all": [{"field": "assignee_id", "operator": "changed"}]},
        "actions": [{"field": "status", "value": "open"}],
    }
    attrs = KINDS["triggers"].model.model_validate(trigger).model_dump(exclude_unset=True)
    assert attrs["conditions"] == {
        "all": [{"field": "assignee_id", "operator": "changed", "value": None}],
        "any": [],
    }


def test_form_conditions_are_canonical_with_both_sides_and_require() -> None:
    form = {"name": "F", "conditions": {"end_user": [{"when": {"A": "a"}, "show": ["B"]}]}}
    attrs = KINDS["ticket_forms"].model.model_validate(form).model_dump(exclude_unset=True)
    assert attrs["conditions"] == {
        "agent": [],
        "end_user": [{"when": {"A": "a"}, "show": ["B"], "require": []}],
    }


def test_a_form_condition_tests_exactly_one_parent_field() -> None:
    form = {"name": "F", "conditions": {"agent": [{"when": {"A": "a", "B": "b"}, "show": []}]}}
    with pytest.raises(ValidationError):
        KINDS["ticket_forms"].model.model_validate(form)


@pytest.mark.parametrize("ftype", CUSTOM_TYPES)
def test_every_custom_field_type_is_accepted(ftype: str) -> None:
    KINDS["ticket_fields"].model.model_validate({"title": "F", "type": ftype})


def test_an_unknown_field_type_is_rejected() -> None:
    with pytest.raises(ValidationError):
        KINDS["ticket_fields"].model.model_validate({"title": "F", "type": "dropdown"})


def test_ticket_field_type_is_immutable_and_active_defaults_true() -> None:
    spec = KINDS["ticket_fields"]
    assert spec.immutable == ("type",)
    assert spec.defaults["active"] is True


def test_view_output_is_canonical_with_zendesk_default_sorting() -> None:
    view = {"title": "V", "output": {"columns": ["subject"]}}
    attrs = KINDS["views"].model.model_validate(view).model_dump(exclude_unset=True)
    assert attrs["output"] == {
        "columns": ["subject"],
        "group_by": None,
        "group_order": "asc",
        "sort_by": None,
        "sort_order": "desc",
    }


def test_dynamic_content_needs_at_least_one_variant() -> None:
    with pytest.raises(ValidationError):
        KINDS["dynamic_content"].model.model_validate(
            {"name": "x", "default_locale": "en-US", "variants": {}}
        )


def test_placeholder_names_are_derived_like_zendesk_does() -> None:
    assert dc_placeholder_name("Dynamic content item title 543") == (
        "dynamic_content_item_title_543"
    )
    assert dc_placeholder_name("Refund issued!") == "refund_issued"


def test_system_field_titles_are_the_built_in_ones() -> None:
    assert {"Subject", "Description", "Status", "Type", "Priority", "Group", "Assignee"} == (
        SYSTEM_FIELD_TITLES
    )
