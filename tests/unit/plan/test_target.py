"""Targeting (`--kind`, `--only`): which changes a limited plan keeps."""

from __future__ import annotations

import pytest

from helpctl.errors import ConfigError
from helpctl.plan import Change, InstancePlan
from helpctl.plan.target import Target
from helpctl.resources import KINDS
from helpctl.resources.state import Resource

PLAN = InstancePlan(
    "x",
    [
        Change("create", "groups", "Tier 3"),
        Change("update", "triggers", "Route refunds", live=Resource("triggers", "Route", {})),
        Change("update", "macros", "Route refunds"),
        Change("reorder", "triggers", "Routing", order=["a", "b"]),
    ],
    live_checksum="abc",
    kinds=["groups", "triggers", "macros"],
)


def _keys(target: Target) -> list[tuple[str, str, str]]:
    return [(c.action, c.kind, c.key) for c in target.select(PLAN).changes]


def test_kind_keeps_that_kind_and_its_reorders() -> None:
    assert _keys(Target.parse(["triggers"], None, KINDS)) == [
        ("update", "triggers", "Route refunds"),
        ("reorder", "triggers", "Routing"),
    ]


def test_only_takes_kind_slash_identity_or_a_bare_identity_and_former_names() -> None:
    assert _keys(Target.parse(None, ["triggers/Route refunds"], KINDS)) == [
        ("update", "triggers", "Route refunds")
    ]
    assert len(_keys(Target.parse(None, ["Route refunds"], KINDS))) == 2
    assert _keys(Target.parse(None, ["triggers/Route"], KINDS)) == [
        ("update", "triggers", "Route refunds")  # the former name of a rename
    ]


def test_a_limited_plan_keeps_the_checksum_and_an_unlimited_one_is_unchanged() -> None:
    limited = Target.parse(["groups"], None, KINDS).select(PLAN)
    assert (limited.live_checksum, limited.kinds) == ("abc", PLAN.kinds)
    assert Target().select(PLAN) is PLAN


def test_an_unknown_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="unknown kind trigger") as err:
        Target.parse(None, ["trigger/Route"], KINDS)
    assert "triggers" in (err.value.hint or "")


def test_the_saved_form_round_trips() -> None:
    target = Target(("groups",), ("triggers/X",))
    assert Target.from_document(target.document()) == target
    assert Target.from_document(None).everything
