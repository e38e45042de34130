"""Custom ticket statuses: identity ``agent_label``; one ``default`` per status category.

Zendesk has no DELETE for a status: one is retired with ``active: false``, and a status a rule
names can be neither deleted nor deactivated (:mod:`helpctl.plan.safety`). The built-in
statuses (their labels are Zendesk placeholders such as ``{{zd.status_new}}``) are system
objects. Rules name a status by its agent label in ``custom_status_id`` conditions and actions.
"""

from collections.abc import Iterator
from typing import Any, Literal

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["CATEGORIES", "CREATABLE_CATEGORIES", "SPEC", "CustomStatus"]

#: Every status category; custom statuses can be created in all but ``new``.
CATEGORIES = ("new", "open", "pending", "hold", "solved")
CREATABLE_CATEGORIES = ("open", "pending", "hold", "solved")

#: Zendesk's limits per account and per category.
MAX_STATUSES, MAX_PER_CATEGORY = 300, 100


class CustomStatus(ResourceModel):
    """One custom ticket status as written in YAML (Zendesk's own field names)."""

    agent_label: str
    status_category: Literal["new", "open", "pending", "hold", "solved"]
    end_user_label: str | None = None
    description: str | None = None
    end_user_description: str | None = None
    active: bool | None = None
    default: bool | None = None


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in one status alone."""
    if not str(attrs.get("agent_label", "")).strip():
        yield "status_blank_label", "agent_label", "a custom status needs a non-blank agent_label"
    if attrs.get("default") and attrs.get("active") is False:
        yield (
            "status_default_inactive",
            "active",
            "the default status of a category is always active",
        )


SPEC = KindSpec(
    name="custom_statuses",
    identity="agent_label",
    model=CustomStatus,
    references=all_placeholder_refs,
    defaults={
        "active": True,
        "default": False,
        "description": "",
        "end_user_description": "",
    },
    immutable=("status_category",),
    singular="custom_status",
    export_order=36,
    unknown_ref=UnknownRef(
        "ref_unknown_status",
        "custom status",
        "a custom status (agent label) named here is neither in the config nor declared external",
    ),
    checks=checks,
    deletable=False,
    retired_by="active",
)
