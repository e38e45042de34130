"""The object-rule catalogue (``helpctl.resources.object_rules``) is what both ``validate`` and the
sandbox refuse: every invalid case it lists is refused by both, with the rule's code and with
Zendesk's 422 detail, and every kind's valid object passes both (issue 10, finding 7)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from helpctl.resources import KINDS, RULE_KINDS
from helpctl.resources.object_rules import RULES, UNIQUE_NAMES, VALID, ObjectRule
from helpctl.resources.state import Resource, State
from helpctl.resources.validate import validate_state
from helpctl.zendesk.endpoints import endpoint
from helpctl.zendesk.payloads import NameIndex, to_zendesk

CASES = [(rule, n, case) for rule in RULES for n, case in enumerate(rule.cases)]


def _object(kind: str, change: dict[str, Any]) -> dict[str, Any]:
    merged = {**VALID[kind], **change}
    return {k: v for k, v in merged.items() if v is not None}


def _validate(kind: str, attrs: dict[str, Any]) -> list[str]:
    """The codes validate reports, each with its severity (``code`` or ``code (warning)``)."""
    key = str(attrs[KINDS[kind].identity])
    state = State("rules", {kind: [Resource(kind, key, attrs)]})
    return [
        p.code if p.severity == "error" else f"{p.code} ({p.severity})"
        for p in validate_state(state, {})
    ]


def _send(api: httpx.Client, kind: str, attrs: dict[str, Any]) -> httpx.Response:
    ep = endpoint(kind)
    body = to_zendesk(kind, attrs, NameIndex())
    return api.post(ep.path, json={ep.singular: body})


@pytest.mark.parametrize("kind", sorted(VALID))
def test_the_valid_object_of_each_kind_passes_both(api: httpx.Client, kind: str) -> None:
    assert _validate(kind, _object(kind, {})) == []
    sent = _send(api, kind, _object(kind, {}))
    assert sent.status_code == 201, sent.text


@pytest.mark.parametrize(
    ("rule", "n", "case"), CASES, ids=[f"{r.kind}-{r.code}-{n}" for r, n, _ in CASES]
)
def test_every_invalid_case_is_treated_alike_by_validate_and_by_the_sandbox(
    api: httpx.Client, rule: ObjectRule, n: int, case: dict[str, Any]
) -> None:
    attrs = _object(rule.kind, case)
    if rule.severity == "warning":
        # a rule Zendesk does not always enforce: validate warns, and the sandbox (like the
        # recorded accounts that hold such objects) accepts the object
        assert _validate(rule.kind, attrs) == [f"{rule.code} (warning)"]
        sent = _send(api, rule.kind, attrs)
        assert sent.status_code == 201, sent.text
        return
    assert rule.code in _validate(rule.kind, attrs)
    sent = _send(api, rule.kind, attrs)
    assert sent.status_code == 422, sent.text
    details = sent.json()["details"]
    assert rule.zendesk in [d["description"] for d in details.get(rule.field, [])], details


def test_the_catalogue_covers_every_rule_kind_and_each_rule_has_a_case() -> None:
    assert set(RULE_KINDS) <= set(VALID)
    assert all(rule.cases for rule in RULES)
    assert {rule.kind for rule in RULES} <= set(VALID)


_NAMED: dict[str, dict[str, Any]] = {
    "groups": {},
    "trigger_categories": {},
    "dynamic_content": {"default_locale": "en-US", "variants": {"en-US": "Hello"}},
}


@pytest.mark.parametrize("kind", sorted(UNIQUE_NAMES))
def test_names_differing_only_in_case_are_refused_by_validate_and_by_the_sandbox(
    api: httpx.Client, kind: str
) -> None:
    first = {"name": "Billing Team", **_NAMED[kind]}
    second = {"name": " billing team", **_NAMED[kind]}
    key = KINDS[kind].identity
    state = State(
        "rules",
        {kind: [Resource(kind, str(o[key]), o) for o in (first, second)]},
    )
    assert "name_taken" in [p.code for p in validate_state(state, {})]
    index = NameIndex()
    for locale in api.get("locales").json()["locales"]:
        index.add_locale(locale["id"], locale["locale"])
    assert _send_with(api, kind, first, index).status_code == 201
    refused = _send_with(api, kind, second, index)
    assert refused.status_code == 422 and "already been taken" in refused.text


def _send_with(
    api: httpx.Client, kind: str, attrs: dict[str, Any], index: NameIndex
) -> httpx.Response:
    ep = endpoint(kind)
    return api.post(ep.path, json={ep.singular: to_zendesk(kind, attrs, index)})
