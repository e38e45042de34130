"""The engine knows every condition field, operator and action the catalogue lists: each one
either evaluates, or is one of the few listed as unsupported and raises CannotEvaluate."""

from __future__ import annotations

from typing import Any

import pytest
from rules_fixtures import AGENT, CHECK, DATE, DROPDOWN, MONDAY_10, MULTI, NUMBER, TEXT, make_ticket

from helpctl.resources.catalogue import catalogue
from helpctl.rules import UNSUPPORTED_CONDITIONS, CannotEvaluate, Directory, Update
from helpctl.rules.actions import ActionEnv, handler_for
from helpctl.rules.conditions import compile_condition
from helpctl.rules.context import BLANK, Context

_FIELD_OF_TYPE = {
    "tagger": DROPDOWN,
    "multiselect": MULTI,
    "checkbox": CHECK,
    "text": TEXT,
    "integer": NUMBER,
    "date": DATE,
    "regexp": 107,
    "lookup": 108,
}


def _sample(entry: dict[str, Any], operator: str = "is") -> Any:
    vtype = entry.get("value_type", "any")
    if operator.startswith("within_"):
        return "3"
    if vtype == "enum":
        return next(v for v in entry["values"] if v != "__NULL__")
    if vtype == "id":
        return (entry.get("specials") or ["300"])[0] if entry.get("specials") else "300"
    if vtype == "number":
        return "2"
    if vtype == "email":
        return [(entry.get("specials") or ["5"])[0], "Subject {{ticket.id}}", "Body"]
    if vtype == "sms":
        return [(entry.get("specials") or ["5"])[0], "Text {{ticket.id}}", "1"]
    if vtype in ("webhook", "target"):
        return ["500", '{"id": "{{ticket.id}}"}']
    if vtype == "list_with_textarea":
        return ["channel:all", "Thanks"]
    if vtype == "bool":
        return "true"
    if vtype == "tags":
        return "reason_pay new_tag"
    if vtype == "option":
        return "reason_pay"
    return "2"


def _conditions() -> list[tuple[str, str, str, Any]]:
    cases = []
    for kind, spec in catalogue()["kinds"].items():
        for name, entry in spec["conditions"].items():
            cases += [(kind, name, op, _sample(entry, op)) for op in entry["operators"]]
        for prefix, entry in spec["patterns"]["conditions"].items():
            for op in entry["operators"]:
                key = "since" if op.startswith("within_") else "seats"
                cases.append((kind, prefix + key, op, _sample(entry, op)))
        if spec["conditions"]:
            for ftype, entry in spec["custom_fields"]["conditions"].items():
                name = f"custom_fields_{_FIELD_OF_TYPE[ftype]}"
                for op in entry["operators"]:
                    dated = ftype == "date" and not op.startswith("within_")
                    cases.append((kind, name, op, "2026-03-01" if dated else _sample(entry, op)))
    return cases


def _context(kind: str, directory: Directory) -> Context:
    ticket = make_ticket(status="open", status_changed_at=MONDAY_10, due_at=MONDAY_10)
    if kind != "triggers":
        return Context(ticket, directory, MONDAY_10, AGENT)
    update = Update.create(ticket, current_user=AGENT)
    return Context(ticket, directory, MONDAY_10, AGENT, update, BLANK)


@pytest.mark.parametrize(("kind", "field", "operator", "value"), _conditions())
def test_every_catalogue_condition_evaluates_or_says_it_cannot(
    kind: str, field: str, operator: str, value: Any, directory: Directory
) -> None:
    cond = {"field": field, "operator": operator, "value": value}
    if field in UNSUPPORTED_CONDITIONS:
        with pytest.raises(CannotEvaluate, match="cannot evaluate"):
            compile_condition(cond, directory)
        return
    check = compile_condition(cond, directory)
    assert check(_context(kind, directory)) in (True, False)


def _actions() -> list[tuple[str, str, Any]]:
    cases = []
    for kind, spec in catalogue()["kinds"].items():
        for name, entry in spec["actions"].items():
            value = _sample(entry)
            if entry.get("value_type") == "id":  # an id the ticket does not have yet
                value = "42" if name == "custom_status_id" else "2"
            cases.append((kind, name, value))
        cases += [(kind, p + "plan", "silver") for p in spec["patterns"]["actions"]]
        if spec["actions"]:
            for ftype in _FIELD_OF_TYPE:
                cases.append((kind, f"custom_fields_{_FIELD_OF_TYPE[ftype]}", "reason_pay"))
    return cases


@pytest.mark.parametrize(("kind", "field", "value"), _actions())
def test_every_catalogue_action_has_a_handler_that_applies(
    kind: str, field: str, value: Any, directory: Directory
) -> None:
    handler = handler_for(field)
    assert handler is not None, f"{kind} action `{field}` is not handled"
    ticket = make_ticket(ticket_form_id=22, tags=["reason_pay", "vip"])
    env = ActionEnv(ticket, directory, MONDAY_10, AGENT)
    handler(env, value)
    effects = (env.changes, env.notifications, env.comment_body, env.comment_html)
    assert any(effects) or env.comment_public is not None


def test_the_unsupported_conditions_are_all_in_the_catalogue() -> None:
    listed = {name for spec in catalogue()["kinds"].values() for name in spec["conditions"]}
    assert set(UNSUPPORTED_CONDITIONS) <= listed


def test_a_condition_field_outside_the_catalogue_cannot_be_evaluated(
    directory: Directory,
) -> None:
    with pytest.raises(CannotEvaluate, match="`ticket_mood` is not known"):
        compile_condition({"field": "ticket_mood", "operator": "is", "value": "x"}, directory)
