"""Where each resource kind lives in Zendesk's REST API, as one table.

The provider never spells a path or an envelope key itself: it reads the kind's
:class:`Endpoint`. The facts come from the API reference (§5, §7–§14, §18):

- pagination: cursor (``page[size]=100``) where Zendesk supports it; ticket fields unpaginated
  (one request returns every field *in position order*, whereas cursor pages come ordered by
  id); ticket forms are not paginated at all;
- envelopes: plural/singular keys, dynamic content's ``items``/``item``;
- verbs: trigger categories are updated with PATCH, everything else with PUT;
- order: how a kind's order is written (a ``reorder`` endpoint taking every id, ``update_many``
  positions, the trigger-category jobs endpoint, or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from helpctl.errors import ConfigError
from helpctl.zendesk.pagination import Pagination

__all__ = ["ENDPOINTS", "LOCALES", "Endpoint", "ReorderStyle", "endpoint"]

ReorderStyle = Literal["none", "reorder", "update_many", "category_jobs", "triggers"]


@dataclass(frozen=True)
class Endpoint:
    """The REST facts of one kind.

    ``path`` is the collection (``triggers``); an object is ``{path}/{id}``. ``reorder`` says how
    order is written; ``reorder_key`` is the body key of a ``reorder`` endpoint
    (``ticket_form_ids``). ``position`` is the object key that holds its order when listing.
    """

    kind: str
    path: str
    plural: str
    singular: str
    pagination: Pagination = "cursor"
    update_verb: Literal["PUT", "PATCH"] = "PUT"
    reorder: ReorderStyle = "none"
    reorder_key: str = ""
    position: str | None = None

    def item(self, live_id: str | int) -> str:
        return f"{self.path}/{live_id}"


ENDPOINTS: dict[str, Endpoint] = {
    e.kind: e
    for e in (
        Endpoint("brands", "brands", "brands", "brand"),
        Endpoint("groups", "groups", "groups", "group"),
        Endpoint(
            "ticket_fields",
            "ticket_fields",
            "ticket_fields",
            "ticket_field",
            pagination="none",
            reorder="reorder",
            reorder_key="ticket_field_ids",
            position="position",
        ),
        Endpoint(
            "ticket_forms",
            "ticket_forms",
            "ticket_forms",
            "ticket_form",
            pagination="none",
            reorder="reorder",
            reorder_key="ticket_form_ids",
            position="position",
        ),
        Endpoint("dynamic_content", "dynamic_content/items", "items", "item"),
        Endpoint(
            "trigger_categories",
            "trigger_categories",
            "trigger_categories",
            "trigger_category",
            update_verb="PATCH",
            reorder="category_jobs",
            position="position",
        ),
        Endpoint(
            "triggers",
            "triggers",
            "triggers",
            "trigger",
            reorder="triggers",
            position="position",
        ),
        Endpoint(
            "automations",
            "automations",
            "automations",
            "automation",
            reorder="update_many",
            position="position",
        ),
        Endpoint("macros", "macros", "macros", "macro", reorder="update_many", position="position"),
        Endpoint("views", "views", "views", "view", reorder="update_many", position="position"),
    )
}

#: The account's locales (dynamic content variants name them by code): one unpaginated list.
LOCALES = Endpoint("locales", "locales", "locales", "locale", pagination="none")


def endpoint(kind: str) -> Endpoint:
    """The endpoint of ``kind``; a kind Zendesk support is not built for is a clear error."""
    try:
        return ENDPOINTS[kind]
    except KeyError:
        raise ConfigError(
            f"resource kind {kind!r} is not supported by the Zendesk backend",
            hint="supported kinds: " + ", ".join(ENDPOINTS),
        ) from None
