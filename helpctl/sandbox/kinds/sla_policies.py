"""SLA policies: one unpaginated list in position order, a filter in the SLA vocabulary
(``/slas/policies/definitions``), targets per priority and metric, and ``reorder``."""

from __future__ import annotations

import re
from typing import Any

from helpctl.resources.kinds.sla_policies import METRICS, PRIORITIES
from helpctl.resources.sla_filter import ENUMS, filter_operators
from helpctl.sandbox.crud import Collection, Route, merge, reorder, routes
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details

__all__ = ["SANDBOX_KIND", "SLA_POLICIES"]

PATH = "slas/policies"
_DEFAULTS: dict[str, Any] = {
    "title": None,
    "description": None,
    "position": None,
    "filter": {"all": [], "any": []},
    "policy_metrics": [],
}
_WRITABLE = frozenset(_DEFAULTS)
_TICKET_FIELD = re.compile(r"^ticket_fields_(\d+)$")
#: Filter fields whose value is an object of a stored kind.
_REF_KINDS = {"brand_id": "brands", "group_id": "groups", "ticket_form_id": "ticket_forms"}


def _field_ops(field: str) -> tuple[str, ...] | None:
    if _TICKET_FIELD.match(field):
        return ("includes", "not_includes")
    if field.startswith("custom_fields."):  # helpctl's YAML name, never Zendesk's
        return None
    return filter_operators(field)


def _check_condition(call: Call, where: str, cond: Any, errors: Details) -> None:
    if not isinstance(cond, dict):
        errors.add("filter", f"{where}: must be an object", "InvalidValue")
        return
    field, value = str(cond.get("field")), cond.get("value")
    ops = _field_ops(field)
    if ops is None:
        errors.add("filter", f"{where}.field: {field} is not a valid field", "InvalidValue")
        return
    if cond.get("operator") not in ops:
        errors.add("filter", f"{where}.operator: not valid for {field}", "InvalidValue")
    if field in ENUMS and value not in ENUMS[field].values():
        errors.add("filter", f"{where}.value: {value} is not valid for {field}", "InvalidValue")
    if field in _REF_KINDS and value is not None:
        ref = int(value) if str(value).isdigit() else None
        if ref is None or call.ctx.store.get(call.ctx.name, _REF_KINDS[field], ref) is None:
            errors.add("filter", f"{where}.value: {field} {value} does not exist", "InvalidValue")


def _check_metric(where: str, metric: Any, errors: Details) -> None:
    if not isinstance(metric, dict):
        errors.add("policy_metrics", f"{where}: must be an object", "InvalidValue")
        return
    if metric.get("priority") not in PRIORITIES:
        errors.add("policy_metrics", f"{where}.priority: is not valid", "InvalidValue")
    if metric.get("metric") not in METRICS:
        errors.add("policy_metrics", f"{where}.metric: is not valid", "InvalidValue")
    target = metric.get("target")
    if not isinstance(target, int) or isinstance(target, bool) or target <= 0:
        errors.add("policy_metrics", f"{where}.target: must be a positive integer", "InvalidValue")
    if not isinstance(metric.get("business_hours", False), bool):
        errors.add("policy_metrics", f"{where}.business_hours: must be a boolean", "InvalidValue")


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    errors = Details()
    errors.require(doc, "title")
    conditions = doc.get("filter")
    if not isinstance(conditions, dict):
        errors.add("filter", "Filter: must be an object with all and any", "InvalidValue")
        conditions = {}
    doc["filter"] = {g: list(conditions.get(g) or []) for g in ("all", "any")}
    for group in ("all", "any"):
        for i, cond in enumerate(doc["filter"][group]):
            _check_condition(call, f"filter.{group}[{i}]", cond, errors)
    metrics = doc.get("policy_metrics") or []
    for i, metric in enumerate(metrics):
        _check_metric(f"policy_metrics[{i}]", metric, errors)
    errors.check()
    doc["policy_metrics"] = [{"business_hours": False, **m} for m in metrics]
    if not isinstance(doc.get("position"), int):  # "added as the last position"
        doc["position"] = call.ctx.store.count(call.ctx.name, PATH) + (0 if old else 1)
    return doc


SLA_POLICIES = Collection(PATH, "sla_policy", "sla_policies", _build, style="all", ordered=True)


def _routes() -> list[Route]:
    return [
        ("PUT", f"/{PATH}/reorder", reorder(PATH, "sla_policy_ids")),
        *routes(SLA_POLICIES),
    ]


SANDBOX_KIND = SandboxKind(SLA_POLICIES, _routes)
