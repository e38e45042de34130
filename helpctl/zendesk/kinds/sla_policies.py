"""SLA policies in Zendesk: ``/slas/policies``, one list (offset keys, never paged in
practice); order written through ``PUT slas/policies/reorder`` with ``sla_policy_ids``; the
filter in the SLA vocabulary, ids as numbers (``ticket_fields_<id>`` with option ids)."""

from __future__ import annotations

import re
from typing import Any

from helpctl.resources.common import CUSTOM_FIELD_PREFIX
from helpctl.resources.rules import VALUE_KINDS, is_special
from helpctl.resources.sla_filter import ENUMS
from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]

_FIELD_RE = re.compile(r"^ticket_fields_(\d+)$")
_NAMES = {field: {v: k for k, v in enum.items()} for field, enum in ENUMS.items()}


def _option_tag(names: RuleNames, field_id: str, value: Any) -> Any:
    for tag, opt_id in names.index.options.get(field_id, {}).items():
        if str(opt_id) == str(value):
            return tag
    return value


def _cond_in(cond: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    field, value = str(cond.get("field", "")), cond.get("value")
    match = _FIELD_RE.match(field)
    if match:
        title = names.index.name_of("ticket_fields", match[1])
        if title is not None:
            field = CUSTOM_FIELD_PREFIX + title
            value = _option_tag(names, match[1], value)
    elif field in _NAMES and isinstance(value, int):
        value = _NAMES[field].get(value, value)
    elif field in VALUE_KINDS and value is not None and not is_special(value):
        value = names.index.name_of(VALUE_KINDS[field], value) or value
    return {"field": field, "operator": cond.get("operator"), "value": value}


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _cond_out(cond: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    field, value = str(cond["field"]), cond.get("value")
    if field.startswith(CUSTOM_FIELD_PREFIX):
        field_id = names.ref("ticket_fields", field[len(CUSTOM_FIELD_PREFIX) :])
        field = f"ticket_fields_{field_id}"
        value = names.index.option_id(field_id, str(value)) or value
    elif field in ENUMS:
        value = ENUMS[field].get(str(value), value)
    elif field in VALUE_KINDS and isinstance(value, str) and not is_special(value):
        value = names.ref(VALUE_KINDS[field], value)
    return {"field": field, "operator": cond["operator"], "value": _number(value)}


def _filter_in(obj: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    conditions = obj.get("filter") or {}
    return {g: [_cond_in(c, names) for c in conditions.get(g) or []] for g in ("all", "any")}


def _filter_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    groups = {g: [_cond_out(c, names) for c in (value or {}).get(g) or []] for g in ("all", "any")}
    return {"filter": groups}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "sla_policies",
        "slas/policies",
        "sla_policies",
        "sla_policy",
        pagination="none",
        reorder="reorder",
        reorder_key="sla_policy_ids",
        position="position",
    ),
    payload=KindMap(
        plain=("title", "description", "policy_metrics"),
        readers={"filter": _filter_in},
        writers={"filter": _filter_out},
    ),
)
