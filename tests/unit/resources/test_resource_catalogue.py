"""The rule catalogue: shipped data matches the recorded definitions; check_rule's verdicts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpctl.resources import catalogue_build
from helpctl.resources.catalogue import catalogue, check_rule

RULE_KINDS = ("triggers", "automations", "macros", "views")


def _custom_types(salto_reply: Callable[[str], Any]) -> dict[str, str]:
    fields = salto_reply("/api/v2/ticket_fields")["ticket_fields"]
    return {f"custom_fields_{f['id']}": f["type"] for f in fields}


def test_shipped_catalogue_is_what_the_builder_makes_of_the_recording(
    salto_recording: list[dict[str, Any]],
) -> None:
    assert catalogue_build.build(salto_recording) == catalogue()


@pytest.mark.parametrize("group", ["conditions_all", "conditions_any"])
def test_every_recorded_trigger_condition_and_operator_is_in_the_catalogue(
    group: str, salto_reply: Callable[[str], Any]
) -> None:
    types = _custom_types(salto_reply)
    for definition in salto_reply("/api/v2/triggers/definitions")["definitions"][group]:
        for operator in definition["operators"]:
            cond = {"field": definition["subject"], "operator": operator["value"], "value": None}
            issues = check_rule("triggers", {"all": [cond]}, None, custom_field_types=types)
            assert [i for i in issues if not i[0].endswith(".value")] == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [("/api/v2/triggers/definitions", "triggers"), ("/api/v2/macros/definitions", "macros")],
)
def test_every_recorded_action_field_is_in_the_catalogue(
    url: str, kind: str, salto_reply: Callable[[str], Any]
) -> None:
    types = _custom_types(salto_reply)
    for definition in salto_reply(url)["definitions"]["actions"]:
        action = {"field": definition["subject"], "value": None}
        issues = check_rule(kind, None, [action], custom_field_types=types)
        assert [i for i in issues if i[0].endswith(".field")] == [], definition["subject"]


@pytest.mark.parametrize("kind", RULE_KINDS)
def test_every_recorded_rule_passes_the_catalogue(
    kind: str, salto_reply: Callable[[str], Any]
) -> None:
    types = _custom_types(salto_reply)
    for rule in salto_reply(f"/api/v2/{kind}")[kind]:
        issues = check_rule(
            kind, rule.get("conditions"), rule.get("actions"), custom_field_types=types
        )
        assert issues == [], rule["title"]


def test_every_entry_says_where_it_came_from() -> None:
    for kind in catalogue()["kinds"].values():
        for side in ("conditions", "actions"):
            for entry in kind[side].values():
                assert entry["source"].startswith(("recorded:", "derived:", "reference:"))


def test_unknown_field_is_rejected_with_a_did_you_mean() -> None:
    ((path, message),) = check_rule(
        "triggers", {"all": [{"field": "stauts", "operator": "is", "value": "open"}]}, None
    )
    assert path == "conditions.all[0].field"
    assert "did you mean `status`?" in message


def test_operator_a_field_does_not_take_lists_the_valid_ones() -> None:
    ((path, message),) = check_rule(
        "views", {"all": [{"field": "update_type", "operator": "is", "value": "Create"}]}, None
    )
    assert path == "conditions.all[0].field"  # update_type is a trigger-only field
    ((path, message),) = check_rule(
        "automations", {"all": [{"field": "status", "operator": "changed", "value": None}]}, None
    )
    assert path == "conditions.all[0].operator"
    assert "`less_than`" in message and "`changed`" not in message.split("valid:")[1]


def test_value_not_allowed_for_a_system_field_lists_the_allowed_values() -> None:
    ((path, message),) = check_rule("macros", None, [{"field": "status", "value": "closed"}])
    assert path == "actions[0].value"
    assert "`solved`" in message  # macros cannot close a ticket


def test_wrong_value_type_is_rejected() -> None:
    issues = check_rule(
        "triggers",
        None,
        [
            {"field": "notification_user", "value": "requester_id"},
            {"field": "group_id", "value": "Tier 1"},
        ],
    )
    assert [path for path, _ in issues] == ["actions[0].value", "actions[1].value"]


def test_terminal_operators_ignore_the_value() -> None:
    cond = {"field": "assignee_id", "operator": "changed", "value": None}
    assert check_rule("triggers", {"all": [cond]}, None) == []


def test_empty_value_means_none_only_where_the_field_is_nullable() -> None:
    ok = {"field": "assignee_id", "operator": "is", "value": ""}
    bad = {"field": "requester_id", "operator": "is", "value": ""}
    issues = check_rule("triggers", {"all": [ok, bad]}, None)
    assert [path for path, _ in issues] == ["conditions.all[1].value"]


def test_booleans_are_accepted_for_true_false_values() -> None:
    cond = {"field": "comment_is_public", "operator": "is", "value": True}
    assert check_rule("triggers", {"all": [cond]}, None) == []


def test_custom_field_operators_depend_on_the_field_type_when_known() -> None:
    cond = {"field": "custom_fields_7", "operator": "is", "value": "a"}
    assert check_rule("triggers", {"all": [cond]}, None) == []
    issues = check_rule(
        "triggers", {"all": [cond]}, None, custom_field_types={"custom_fields_7": "multiselect"}
    )
    assert [path for path, _ in issues] == ["conditions.all[0].operator"]


def test_macros_take_no_conditions_and_views_no_actions() -> None:
    cond = {"field": "status", "operator": "is", "value": "open"}
    assert check_rule("macros", {"all": [cond]}, None)[0][0] == "conditions"
    assert check_rule("views", None, [{"field": "status", "value": "open"}])[0][0] == "actions"


def test_unknown_rule_kind_is_reported_not_raised() -> None:
    ((path, message),) = check_rule("slas", None, None)
    assert path == "" and "`triggers`" in message


def test_the_builder_writes_the_document_where_asked(
    salto_recording: list[dict[str, Any]], zendesk_fixtures: Path, tmp_path: Path
) -> None:
    from helpctl.resources.catalogue_build import main

    recording = zendesk_fixtures / "salto/packages/zendesk-adapter/test/mock_replies"
    out = main([str(recording / "myBrand_mock_replies.json"), str(tmp_path / "c.json")])
    assert json.loads(out.read_text()) == catalogue_build.build(salto_recording)
