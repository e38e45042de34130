"""The account configuration helpctl does not manage, so an export can say what it left out.

:data:`ACCOUNT_KINDS` lists the configuration endpoints of a Zendesk account (those of the
recorded whole account in ``../shared/fixtures/zendesk/salto/``) with the helpctl-style name
an export reports them under. Whatever a kind of :data:`~helpctl.zendesk.kinds.ZENDESK_KINDS`
reads (same path) is managed and drops out by itself, so adding a kind needs no edit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpctl.errors import NotFound, PermissionDenied
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.kinds import ZENDESK_KINDS
from helpctl.zendesk.pagination import Pagination

__all__ = ["ACCOUNT_KINDS", "AccountKind", "count_unmanaged", "unmanaged_kinds"]


@dataclass(frozen=True)
class AccountKind:
    """One list endpoint of account configuration: its name in reports, path and envelope key."""

    name: str
    path: str
    key: str
    pagination: Pagination = "none"


ACCOUNT_KINDS: tuple[AccountKind, ...] = (
    AccountKind("webhooks", "webhooks", "webhooks", "cursor"),
    AccountKind("targets", "targets", "targets"),
    AccountKind("custom_statuses", "custom_statuses", "custom_statuses"),
    AccountKind("schedules", "business_hours/schedules", "schedules"),
    AccountKind("sla_policies", "slas/policies", "sla_policies"),
    AccountKind("macro_categories", "macros/categories", "categories"),
    AccountKind("custom_roles", "custom_roles", "custom_roles"),
    AccountKind("routing_attributes", "routing/attributes", "attributes"),
    AccountKind("sharing_agreements", "sharing_agreements", "sharing_agreements"),
    AccountKind("workspaces", "workspaces", "workspaces"),
    AccountKind("resource_collections", "resource_collections", "resource_collections"),
    AccountKind("apps", "apps/installations", "installations"),
    AccountKind("oauth_clients", "oauth/clients", "clients"),
    AccountKind("help_center_categories", "help_center/categories", "categories", "offset"),
    AccountKind("help_center_sections", "help_center/sections", "sections", "offset"),
    AccountKind("help_center_articles", "help_center/articles", "articles", "offset"),
    AccountKind("help_center_user_segments", "help_center/user_segments", "user_segments"),
)


def unmanaged_kinds() -> tuple[AccountKind, ...]:
    """The account kinds no helpctl kind reads."""
    managed = {entry.endpoint.path for entry in ZENDESK_KINDS.values()} | set(ZENDESK_KINDS)
    return tuple(k for k in ACCOUNT_KINDS if k.path not in managed and k.name not in managed)


def count_unmanaged(client: ZendeskClient) -> dict[str, int]:
    """How many objects the account holds of each kind helpctl does not manage (kinds with none
    left out, and kinds the account does not answer: a feature off, a plan without it)."""
    counts: dict[str, int] = {}
    for kind in unmanaged_kinds():
        try:
            n = sum(1 for _ in client.iter_items(kind.path, kind.key, pagination=kind.pagination))
        except (NotFound, PermissionDenied):
            continue
        if n:
            counts[kind.name] = n
    return counts
