"""Every by-name reference a kind declares, with the key path it sits at."""

from __future__ import annotations

from typing import Any

import pytest

from helpctl.resources import KINDS
from helpctl.resources.base import Reference


def _refs(kind: str, doc: dict[str, Any], ident: str) -> set[Reference]:
    spec = KINDS[kind]
    (item,) = [i for i in doc[kind] if i[spec.identity] == ident]
    attrs = spec.model.model_validate(item).model_dump(mode="json", exclude_unset=True)
    return set(spec.references(attrs))


def test_form_references_brands_fields_options_in_conditions(base_doc: dict[str, Any]) -> None:
    refs = _refs("ticket_forms", base_doc, "Contact us")
    assert Reference("brands[0]", "brands", "Acme Argentina") in refs
    assert Reference("fields[2]", "ticket_fields", "Contact reason") in refs
    where = "conditions.end_user[0].when.Contact reason"
    assert Reference(where, "ticket_fields", "Contact reason") in refs
    assert Reference(where, "ticket_field_options", "Contact reason/reason_payment") in refs
    assert Reference("conditions.end_user[0].require[0]", "ticket_fields", "Order number") in refs
    assert (
        Reference("conditions.agent[0].required_on_statuses.Notes", "ticket_fields", "Notes")
        in refs
    )


def test_a_checkbox_parent_value_is_not_an_option_reference(base_doc: dict[str, Any]) -> None:
    refs = _refs("ticket_forms", base_doc, "Contact us")
    assert not [r for r in refs if r.kind == "ticket_field_options" and r.name.startswith("VIP/")]


def test_trigger_references_category_brand_field_option_group_and_placeholder(
    base_doc: dict[str, Any],
) -> None:
    refs = _refs("triggers", base_doc, "Auto-reply on new request (es)")
    assert refs == {
        Reference("category", "trigger_categories", "Notifications"),
        Reference("conditions.all[1].value", "brands", "Acme Argentina"),
        Reference("conditions.all[2].field", "ticket_fields", "Contact reason"),
        Reference(
            "conditions.all[2].value", "ticket_field_options", "Contact reason/reason_payment"
        ),
        Reference("actions[0].value", "groups", "Tier 1"),
        Reference("actions[1].value[2]", "dynamic_content", "auto_reply"),
    }


def test_group_notifications_name_the_group_first(base_doc: dict[str, Any]) -> None:
    refs = _refs("triggers", base_doc, "Route VIP")
    assert Reference("actions[1].value[0]", "groups", "Tier 2") in refs
    assert Reference("conditions.all[2].value", "ticket_forms", "Contact us") in refs
    assert (
        Reference("conditions.all[1].value", "ticket_field_options", "Products/product_widget")
        in refs
    )


def test_macro_references_restriction_groups_and_placeholders(base_doc: dict[str, Any]) -> None:
    refs = _refs("macros", base_doc, "Payments::Refund issued")
    assert Reference("restriction.ids[1]", "groups", "Tier 2") in refs
    assert Reference("actions[0].value", "dynamic_content", "refund_issued") in refs


def test_view_references_custom_field_columns(base_doc: dict[str, Any]) -> None:
    refs = _refs("views", base_doc, "VIP tickets")
    assert Reference("output.columns[2]", "ticket_fields", "Contact reason") in refs
    assert Reference("conditions.all[1].value", "groups", "Tier 2") in refs


def test_keywords_are_not_references() -> None:
    attrs = {
        "title": "M",
        "actions": [
            {"field": "group_id", "value": "current_groups"},
            {"field": "assignee_id", "value": "current_user"},
            {"field": "ticket_form_id", "value": "default_ticket_form"},
        ],
    }
    assert list(KINDS["macros"].references(attrs)) == []


def test_placeholders_in_field_text_are_references(base_doc: dict[str, Any]) -> None:
    refs = _refs("ticket_fields", base_doc, "Notes")
    assert refs == {Reference("agent_description", "dynamic_content", "auto_reply")}


@pytest.mark.parametrize("kind", list(KINDS))
def test_placeholders_anywhere_in_any_kind_are_references(
    kind: str, base_doc: dict[str, Any]
) -> None:
    spec = KINDS[kind]
    item = dict(base_doc[kind][0])
    item[spec.identity] = "Hello {{dc.greeting}}"
    attrs = spec.model.model_validate(item).model_dump(mode="json", exclude_unset=True)
    assert Reference(spec.identity, "dynamic_content", "greeting") in set(spec.references(attrs))
