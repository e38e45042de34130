"""Trigger categories in Zendesk: ``/trigger_categories``, string ids, updated with PATCH,
order written through the ``trigger_categories/jobs`` endpoint."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "trigger_categories",
        "trigger_categories",
        "trigger_categories",
        "trigger_category",
        update_verb="PATCH",
        reorder="category_jobs",
        position="position",
    ),
    payload=KindMap(plain=("name",)),
)
