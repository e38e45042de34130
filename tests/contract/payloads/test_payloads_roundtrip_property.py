"""Property: whatever valid attrs helpctl writes, reading Zendesk's echo gives the same attrs back
(the reason a plan after an apply is empty)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from helpctl.resources import KINDS
from helpctl.zendesk.payloads import NameIndex, from_zendesk, to_zendesk

ACCOUNT = Path(__file__).resolve().parents[2] / "fixtures" / "resources" / "payload_account.json"
INDEX = NameIndex.from_lists(json.loads(ACCOUNT.read_text()))

text = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)
groups = st.sampled_from(["Tier 1", "Tier 2", "", "current_groups"])
conditions = st.one_of(
    st.builds(
        lambda op, v: {"field": "status", "operator": op, "value": v},
        st.sampled_from(["is", "is_not", "less_than"]),
        st.sampled_from(["new", "open", "solved"]),
    ),
    st.builds(lambda v: {"field": "group_id", "operator": "is", "value": v}, groups),
    st.builds(
        lambda v: {"field": "brand_id", "operator": "is_not", "value": v},
        st.sampled_from(["Acme Argentina", "Acme Chile"]),
    ),
    st.builds(
        lambda v: {"field": "custom_fields.{{dc.contact_reason}}", "operator": "is", "value": v},
        st.sampled_from(["reason_password", "reason_payment"]),
    ),
    st.builds(
        lambda v: {"field": "custom_fields.VIP", "operator": "is", "value": v}, st.booleans()
    ),
    st.builds(
        lambda v: {"field": "organization_id", "operator": "is", "value": v},
        st.integers(1, 10**12),
    ),
    st.just({"field": "assignee_id", "operator": "changed"}),
)
actions = st.one_of(
    st.builds(lambda v: {"field": "group_id", "value": v}, groups),
    st.builds(
        lambda g, s, b: {"field": "notification_group", "value": [g, s, b]},
        st.sampled_from(["Tier 1", "group_id"]),
        text,
        text,
    ),
    st.builds(
        lambda v: {"field": "assignee_id", "value": v},
        st.sampled_from(["ana@example.com", "current_user"]),
    ),
    st.builds(lambda v: {"field": "set_tags", "value": v}, text),
)
triggers = st.fixed_dictionaries(
    {
        "title": text,
        "conditions": st.fixed_dictionaries(
            {"all": st.lists(conditions, max_size=4), "any": st.lists(conditions, max_size=3)}
        ),
        "actions": st.lists(actions, min_size=1, max_size=4),
    },
    optional={
        "category": st.just("Notifications"),
        "active": st.booleans(),
        "description": st.one_of(st.none(), text),
    },
)
forms = st.fixed_dictionaries(
    {"name": text},
    optional={
        "brands": st.lists(st.sampled_from(["Acme Argentina", "Acme Chile"]), unique=True),
        "fields": st.lists(
            st.sampled_from(["Subject", "{{dc.contact_reason}}", "Order number", "VIP"]),
            unique=True,
        ),
        "conditions": st.fixed_dictionaries(
            {
                "end_user": st.lists(
                    st.fixed_dictionaries(
                        {
                            "when": st.just({"{{dc.contact_reason}}": "reason_payment"}),
                            "show": st.just(["Order number"]),
                            "require": st.sampled_from([[], ["Order number"]]),
                        }
                    ),
                    max_size=2,
                ),
                "agent": st.lists(
                    st.fixed_dictionaries(
                        {
                            "when": st.sampled_from([{"VIP": True}, {"VIP": False}]),
                            "show": st.just(["Order number"]),
                            "require": st.just(["Order number"]),
                        },
                        optional={"required_on_statuses": st.just({"Order number": ["solved"]})},
                    ),
                    max_size=2,
                ),
            }
        ),
    },
)


def _echo(kind: str, attrs: dict[str, Any], mark: bool) -> dict[str, Any]:
    canonical = KINDS[kind].model.model_validate(attrs).model_dump(mode="json", exclude_unset=True)
    body = to_zendesk(kind, canonical, INDEX, mark=mark)
    live = from_zendesk(kind, {"id": 999, **body}, INDEX)
    assert live.managed is (mark and kind != "ticket_forms")
    return {"sent": canonical, "read": live.attrs}


@settings(max_examples=150, deadline=None)
@given(triggers, st.booleans())
def test_any_trigger_reads_back_as_written(attrs: dict[str, Any], mark: bool) -> None:
    out = _echo("triggers", attrs, mark)
    # The planner compares the keys the config sets; the marker may add a null description.
    assert {k: out["read"].get(k) for k in out["sent"]} == out["sent"]


@settings(max_examples=100, deadline=None)
@given(forms)
def test_any_ticket_form_reads_back_as_written(attrs: dict[str, Any]) -> None:
    out = _echo("ticket_forms", attrs, False)
    assert {k: out["read"].get(k) for k in out["sent"]} == out["sent"]
