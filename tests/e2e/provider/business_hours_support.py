"""Helpers of the schedules / SLA policies end-to-end tests: desired resources from YAML-like
dicts, and one provider over a fresh sandbox."""

from __future__ import annotations

from typing import Any

from helpctl.plan import InstancePlan, diff
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State

KINDS_USED = ["groups", "schedules", "triggers", "sla_policies"]


def resource(kind: str, attrs: dict[str, Any]) -> Resource:
    spec = KINDS[kind]
    canonical = spec.model.model_validate(attrs).model_dump(mode="json", exclude_unset=True)
    return Resource(kind=kind, key=canonical[spec.identity], attrs=canonical)


def state(**kinds: list[dict[str, Any]]) -> State:
    out = State("sandbox")
    for kind, items in kinds.items():
        out.resources[kind] = [resource(kind, a) for a in items]
    return out


def plan(desired: State, live: State, *, prune: bool = False) -> InstancePlan:
    kinds = {k: KINDS[k] for k in KINDS_USED}
    return diff(desired, live, kinds=kinds, ownership=dict.fromkeys(kinds, "all"), prune=prune)
