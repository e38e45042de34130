"""SLA policies: identity ``title``; a filter, targets per priority and metric; ordered (the
first policy whose filter matches a ticket applies).

```yaml
sla_policies:
  - title: Spain standard
    filter:
      all: [{field: brand_id, operator: is, value: Shop ES}]
    policy_metrics:
      - {priority: urgent, metric: first_reply_time, target: 30, business_hours: true}
```

The filter speaks Zendesk's SLA vocabulary (``/slas/policies/definitions``), which differs
from the trigger one: ``ticket_type_id`` and ``requester_role`` are written by name
(``incident``, ``agent``), brands, groups and forms by name, a dropdown as
``custom_fields.<Field title>`` with option values. A target is in minutes; with
``business_hours: true`` it counts only the business hours of the ticket's schedule.
"""

from collections.abc import Iterator
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from helpctl.config.factories import empty_list
from helpctl.resources.base import Issue, KindSpec, Reference
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs
from helpctl.resources.rules import Conditions, condition_refs
from helpctl.resources.sla_filter import filter_issues

__all__ = ["METRICS", "PRIORITIES", "SPEC", "PolicyMetric", "SlaPolicy"]

Priority = Literal["low", "normal", "high", "urgent"]
Metric = Literal[
    "first_reply_time",
    "next_reply_time",
    "periodic_update_time",
    "requester_wait_time",
    "agent_work_time",
    "pausable_update_time",
]
PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
METRICS: tuple[str, ...] = Metric.__args__  # type: ignore[attr-defined]


class PolicyMetric(ConfigModel):
    """One target: ``target`` minutes for ``metric`` on tickets of ``priority``."""

    always_dump = ("business_hours",)

    priority: Priority
    metric: Metric
    target: int
    business_hours: bool = False


class SlaPolicy(ResourceModel):
    """One SLA policy; ``policy_metrics`` are kept sorted by priority, then metric (Zendesk's
    metric order)."""

    title: str
    description: str | None = None
    filter: Conditions = Field(default_factory=Conditions)
    policy_metrics: list[PolicyMetric] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _sorted_metrics(self) -> Self:
        self.policy_metrics.sort(
            key=lambda m: (PRIORITIES.index(m.priority), METRICS.index(m.metric))
        )
        return self


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from condition_refs(attrs.get("filter"), "filter")
    yield from all_placeholder_refs(attrs)


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in one policy: filter fields, operators and values outside the SLA
    vocabulary, a target that is not a positive number of minutes, a metric set twice."""
    yield from filter_issues(attrs.get("filter") or {})
    seen: set[tuple[str, str]] = set()
    for i, metric in enumerate(attrs.get("policy_metrics") or []):
        pair = (str(metric.get("priority")), str(metric.get("metric")))
        if int(metric.get("target") or 0) <= 0:
            msg = f"target `{metric.get('target')}` must be a positive number of minutes"
            yield "sla_bad_target", f"policy_metrics[{i}].target", msg
        if pair in seen:
            msg = f"{pair[1]} is set twice for {pair[0]} priority"
            yield "sla_duplicate_metric", f"policy_metrics[{i}]", msg
        seen.add(pair)


SPEC = KindSpec(
    name="sla_policies",
    identity="title",
    model=SlaPolicy,
    depends_on=("brands", "groups", "ticket_fields", "ticket_forms"),
    ordered=True,
    references=references,
    defaults={"description": None},
    singular="sla_policy",
    export_order=110,
    marker_field="description",
    checks=checks,
)
