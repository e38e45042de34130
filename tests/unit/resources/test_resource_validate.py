"""validate_state: one fixture per problem code, each found at its exact path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from helpctl.errors import Position
from helpctl.resources.state import Resource, State
from helpctl.resources.validate import PROBLEM_CODES, validate_state
from helpctl.resources.validate_facts import ObjectFacts

INVALID = Path(__file__).resolve().parents[2] / "fixtures" / "resources" / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def test_the_valid_base_state_has_no_problems(base_state: State) -> None:
    assert validate_state(base_state, {}) == []


def test_every_problem_code_has_an_invalid_fixture() -> None:
    expected = {yaml.safe_load(p.read_text())["expect"]["code"] for p in CASES}
    assert expected == set(PROBLEM_CODES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case_reports_its_code_at_its_path(
    case: Path, state_from_file: Callable[[Path], State]
) -> None:
    expect = yaml.safe_load(case.read_text())["expect"]
    problems = validate_state(state_from_file(case), {})
    assert [(p.code, p.path) for p in problems] == [(expect["code"], expect["path"])]
    problem = problems[0]
    assert problem.instance == "test"
    assert problem.position is not None and problem.position.file == case.name
    assert expect.get("hint", "") in problem.hint
    assert expect.get("message", "") in problem.message
    assert problem.severity == expect.get("severity", "error")


def test_problem_points_at_the_exact_line_of_the_reference(base_state: State) -> None:
    trigger = base_state.get("triggers", "Route VIP")
    assert trigger is not None
    trigger.attrs["actions"][0]["value"] = "Tier 9"
    trigger.locations["actions[0].value"] = Position("triggers.yaml", 42, 18)
    (problem,) = validate_state(base_state, {})
    assert problem.position == Position("triggers.yaml", 42, 18)


def test_external_names_resolve_references(base_state: State) -> None:
    trigger = base_state.get("triggers", "Route VIP")
    assert trigger is not None
    trigger.attrs["actions"][0]["value"] = "Legacy team"
    footer = ["requester_id", "Hello", "{{dc.legacy_footer}}"]
    trigger.attrs["actions"].append({"field": "notification_user", "value": footer})
    external = {"groups": ["Legacy team"], "dynamic_content": ["legacy_footer"]}
    assert validate_state(base_state, external) == []


def test_system_field_titles_are_always_referenceable(
    state_of: Callable[[dict[str, object]], State],
) -> None:
    state = state_of({"ticket_forms": [{"name": "Minimal", "fields": ["Subject", "Priority"]}]})
    assert validate_state(state, {}) == []


def test_options_of_an_external_field_are_not_checked(
    state_of: Callable[[dict[str, object]], State],
) -> None:
    doc = {
        "macros": [
            {
                "title": "Set legacy",
                "actions": [{"field": "custom_fields.Legacy reason", "value": "anything"}],
            }
        ]
    }
    problems = validate_state(state_of(doc), {"ticket_fields": ["Legacy reason"]})
    assert problems == []


def test_every_problem_is_reported_in_one_pass(
    state_of: Callable[[dict[str, object]], State],
) -> None:
    doc = {
        "triggers": [
            {
                "title": "Many mistakes",
                "category": "Nowhere",
                "conditions": {"all": [{"field": "stauts", "operator": "is", "value": "x"}]},
                "actions": [{"field": "group_id", "value": "Nobody"}],
            }
        ]
    }
    codes = sorted(p.code for p in validate_state(state_of(doc), {}))
    assert codes == ["ref_unknown_category", "ref_unknown_group", "rule_unknown_field"]


def test_rule_messages_name_custom_fields_by_title(base_state: State) -> None:
    trigger = base_state.get("triggers", "Route VIP")
    assert trigger is not None
    trigger.attrs["conditions"]["all"][1]["operator"] = "is"
    (problem,) = validate_state(base_state, {})
    assert problem.code == "rule_bad_operator"
    assert "`custom_fields.Products`" in problem.message
    assert "`includes`" in problem.hint


def test_a_user_named_by_email_in_a_rule_is_accepted(base_state: State) -> None:
    macro = base_state.get("macros", "Payments::Refund issued")
    assert macro is not None
    macro.attrs["actions"].append({"field": "assignee_id", "value": "agent@example.com"})
    assert validate_state(base_state, {}) == []


def test_problems_of_a_live_resource_without_position_still_carry_a_path() -> None:
    state = State("live")
    state.add(Resource("groups", "Tier 1", {"name": "Tier 1"}))
    state.add(
        Resource(
            "macros",
            "M",
            {"title": "M", "actions": [{"field": "group_id", "value": "Tier 2"}]},
        )
    )
    (problem,) = validate_state(state)
    assert problem.path == "macros[M].actions[0].value" and problem.position is None


def test_option_values_of_a_field_whose_title_has_a_slash_are_checked(
    state_of: Callable[[dict[str, object]], State],
) -> None:
    doc = {
        "ticket_fields": [
            {"title": "Product/Service", "type": "tagger", "options": [{"name": "A", "value": "a"}]}
        ],
        "macros": [
            {"title": "M", "actions": [{"field": "custom_fields.Product/Service", "value": "b"}]}
        ],
    }
    (problem,) = validate_state(state_of(doc), {})
    assert (problem.code, problem.path) == ("ref_unknown_option", "macros[M].actions[0].value")


def test_built_in_fields_may_be_declared_to_edit_them(
    state_of: Callable[[dict[str, object]], State],
) -> None:
    doc = {"ticket_fields": [{"title": "Subject", "type": "subject", "title_in_portal": "Asunto"}]}
    assert validate_state(state_of(doc), {}) == []


def test_states_sharing_objects_each_check_references_against_their_own_objects(
    base_state: State,
) -> None:
    facts = ObjectFacts()
    for res in base_state:
        facts.share(res.attrs)
    assert validate_state(base_state, {}, facts) == []
    trigger = base_state.get("triggers", "Route VIP")
    assert trigger is not None
    group = trigger.attrs["actions"][0]["value"]
    other = State("other")
    for res in base_state:  # the same attrs objects, as a fleet's loader hands them out
        if (res.kind, res.key) != ("groups", group):
            other.add(replace(res))
    problems = validate_state(other, {}, facts)
    assert {(p.code, p.instance) for p in problems} == {("ref_unknown_group", "other")}
    assert all(f"`{group}`" in p.message for p in problems)
    assert "triggers[Route VIP].actions[0].value" in [p.path for p in problems]
    assert len(facts) == sum(1 for _ in base_state)  # each object derived once


def test_a_shared_rule_is_checked_against_each_states_field_types(base_state: State) -> None:
    facts = ObjectFacts()
    for res in base_state:
        facts.share(res.attrs)
    assert validate_state(base_state, {}, facts) == []
    other = State("other")
    for res in base_state:  # the same rule objects; only the VIP field's type differs
        if (res.kind, res.key) == ("ticket_fields", "VIP"):
            res = replace(res, attrs={**res.attrs, "type": "text"})
        other.add(replace(res))
    problems = validate_state(other, {}, facts)
    assert [(p.code, p.instance) for p in problems] == [("rule_bad_value", "other")]
    assert problems[0].path.endswith("conditions.all[0].value")


def test_facts_of_objects_not_declared_shared_are_not_kept(base_state: State) -> None:
    facts = ObjectFacts()
    assert validate_state(base_state, {}, facts) == []
    assert len(facts) == 0


def _shared(state: State, name: str, change: Callable[[Resource], Resource]) -> State:
    """A state named ``name`` holding ``state``'s objects (the same attrs objects, as a fleet's
    loader hands them out), each passed through ``change``."""
    other = State(name)
    for res in state:
        other.add(change(replace(res)))
    return other


def test_a_shared_rule_is_checked_against_each_states_options(base_state: State) -> None:
    facts = ObjectFacts()
    for res in base_state:
        facts.share(res.attrs)
    assert validate_state(base_state, {}, facts) == []

    def drop_payment(res: Resource) -> Resource:
        if (res.kind, res.key) != ("ticket_fields", "Contact reason"):
            return res
        options = [o for o in res.attrs["options"] if o["value"] != "reason_payment"]
        return replace(res, attrs={**res.attrs, "options": options})

    problems = validate_state(_shared(base_state, "other", drop_payment), {}, facts)
    assert problems, "the option is gone in this state: every rule naming it is reported"
    assert {(p.code, p.instance) for p in problems} == {("ref_unknown_option", "other")}
    # declared external there: accepted again
    external = {"ticket_field_options": ["Contact reason/reason_payment"]}
    third = _shared(base_state, "third", drop_payment)
    assert validate_state(third, external, facts) == []
