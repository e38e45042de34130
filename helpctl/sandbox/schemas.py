"""The JSON type of every writable attribute, per object the sandbox accepts, as Zendesk checks
them: a group named ``5`` or ``[1]``, ``true`` where a number belongs, or a list of names where
ids belong is a 422 ``RecordInvalid`` naming the attribute, before any other check runs.

One table, keyed by the body's envelope key (``{"group": {...}}``); :meth:`Call.obj` applies it
to every object a handler reads, so a new collection only needs its row here. ``null`` is
accepted for every attribute (it clears it, or the collection's own checks call it blank);
attributes not listed are not checked (Zendesk ignores attributes it does not know).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["SCHEMAS", "type_errors"]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value: Any) -> bool:
    """An id: an integer, or its decimal text (Zendesk accepts both), within 64 bits."""
    if isinstance(value, str):
        return value.isascii() and value.isdigit() and len(value) <= 19 and int(value) < 2**63
    return _is_int(value) and value >= 0


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(check(v) for v in value)


#: type name -> (test, what the error message says a value must be)
TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "integer": (_is_int, "an integer"),
    "id": (_is_id, "an id"),
    "key": (lambda v: isinstance(v, str) or _is_int(v), "a string"),  # external ids
    "object": (lambda v: isinstance(v, dict), "an object"),
    "ids": (_list_of(_is_id), "an array of ids"),
    "strings": (_list_of(lambda v: isinstance(v, str)), "an array of strings"),
    "objects": (_list_of(lambda v: isinstance(v, dict)), "an array of objects"),
}

_RULE = {
    "title": "string",
    "raw_title": "string",
    "description": "string",
    "active": "boolean",
    "position": "integer",
    "actions": "objects",
    "conditions": "object",
    "all": "objects",
    "any": "objects",
    "restriction": "object",
}

SCHEMAS: dict[str, dict[str, str]] = {
    "schedule": {"name": "string", "time_zone": "string"},
    "workweek": {"intervals": "objects"},
    "holiday": {"name": "string", "start_date": "string", "end_date": "string"},
    "sla_policy": {
        "title": "string",
        "description": "string",
        "position": "integer",
        "filter": "object",
        "policy_metrics": "objects",
    },
    "brand": {
        "name": "string",
        "subdomain": "string",
        "host_mapping": "string",
        "has_help_center": "boolean",
        "active": "boolean",
        "signature_template": "string",
    },
    "group": {
        "name": "string",
        "description": "string",
        "is_public": "boolean",
        "default": "boolean",
    },
    "ticket_field": {
        "type": "string",
        "title": "string",
        "raw_title": "string",
        "description": "string",
        "raw_description": "string",
        "position": "integer",
        "active": "boolean",
        "required": "boolean",
        "collapsed_for_agents": "boolean",
        "regexp_for_validation": "string",
        "title_in_portal": "string",
        "raw_title_in_portal": "string",
        "visible_in_portal": "boolean",
        "editable_in_portal": "boolean",
        "required_in_portal": "boolean",
        "tag": "string",
        "key": "string",
        "agent_description": "string",
        "sub_type_id": "integer",
        "relationship_target_type": "string",
        "relationship_filter": "object",
        "custom_field_options": "objects",
    },
    "custom_field_option": {
        "id": "integer",
        "name": "string",
        "raw_name": "string",
        "value": "string",
        "default": "boolean",
        "position": "integer",
    },
    "ticket_form": {
        "name": "string",
        "raw_name": "string",
        "display_name": "string",
        "raw_display_name": "string",
        "end_user_visible": "boolean",
        "position": "integer",
        "ticket_field_ids": "ids",
        "active": "boolean",
        "default": "boolean",
        "in_all_brands": "boolean",
        "restricted_brand_ids": "ids",
        "end_user_conditions": "objects",
        "agent_conditions": "objects",
    },
    "trigger_category": {"name": "string", "position": "integer"},
    # help center (issue 12)
    "user_segment": {
        "name": "string",
        "user_type": "string",
        "group_ids": "ids",
        "tags": "strings",
        "or_tags": "strings",
    },
    "permission_group": {"name": "string", "edit": "ids", "publish": "ids"},
    "category": {
        "name": "string",
        "description": "string",
        "position": "integer",
        "locale": "string",
    },
    "section": {
        "name": "string",
        "description": "string",
        "position": "integer",
        "locale": "string",
        "sorting": "string",
        "category_id": "id",
        "parent_section_id": "id",
    },
    "article": {
        "title": "string",
        "body": "string",
        "locale": "string",
        "position": "integer",
        "promoted": "boolean",
        "comments_disabled": "boolean",
        "draft": "boolean",
        "label_names": "strings",
        "section_id": "id",
        "user_segment_id": "id",
        "permission_group_id": "id",
    },
    "translation": {"locale": "string", "title": "string", "body": "string", "draft": "boolean"},
    "job": {"action": "string", "items": "object"},
    "trigger": {**_RULE, "category_id": "id", "category": "object"},
    "automation": _RULE,
    "macro": _RULE,
    "view": {**_RULE, "output": "object", "watchable": "boolean"},
    "item": {"name": "string", "default_locale_id": "integer", "variants": "objects"},
    "variant": {
        "content": "string",
        "locale_id": "integer",
        "active": "boolean",
        "default": "boolean",
    },
    "webhook": {
        "name": "string",
        "description": "string",
        "status": "string",
        "subscriptions": "strings",
        "endpoint": "string",
        "http_method": "string",
        "request_format": "string",
        "authentication": "object",
        "custom_headers": "object",
    },
    "custom_status": {
        "status_category": "string",
        "agent_label": "string",
        "end_user_label": "string",
        "description": "string",
        "end_user_description": "string",
        "active": "boolean",
    },
    "user": {
        "name": "string",
        "email": "string",
        "time_zone": "string",
        "phone": "string",
        "locale_id": "integer",
        "organization_id": "id",
        "role": "string",
        "verified": "boolean",
        "external_id": "key",
        "tags": "strings",
        "alias": "string",
        "signature": "string",
        "details": "string",
        "notes": "string",
        "custom_role_id": "id",
        "moderator": "boolean",
        "ticket_restriction": "string",
        "only_private_comments": "boolean",
        "restricted_agent": "boolean",
        "suspended": "boolean",
        "default_group_id": "id",
        "user_fields": "object",
    },
    "organization": {
        "name": "string",
        "shared_tickets": "boolean",
        "shared_comments": "boolean",
        "external_id": "key",
        "domain_names": "strings",
        "details": "string",
        "notes": "string",
        "group_id": "id",
        "tags": "strings",
        "organization_fields": "object",
    },
    "ticket": {
        "subject": "string",
        "description": "string",
        "comment": "object",
        "comments": "objects",
        "requester_id": "id",
        "submitter_id": "id",
        "assignee_id": "id",
        "group_id": "id",
        "organization_id": "id",
        "brand_id": "id",
        "ticket_form_id": "id",
        "problem_id": "id",
        "status": "string",
        "priority": "string",
        "type": "string",
        "recipient": "string",
        "external_id": "key",
        "tags": "strings",
        "custom_fields": "objects",
        "fields": "objects",
        "collaborator_ids": "ids",
        "follower_ids": "ids",
        "email_cc_ids": "ids",
        "created_at": "string",
        "updated_at": "string",
        "solved_at": "string",
        "due_at": "string",
    },
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def type_errors(key: str, obj: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(attribute, description)`` for every listed attribute of ``obj`` (sent under ``key``)
    whose value has the wrong JSON type; empty for a key without a schema."""
    schema = SCHEMAS.get(key, {})
    out = []
    for name, kind in schema.items():
        value = obj.get(name)
        if value is None:
            continue
        check, wanted = TYPES[kind]
        if not check(value):
            label = name.replace("_", " ").capitalize()
            out.append((name, f"{label}: must be {wanted}, not {_describe(value)}"))
    return out
