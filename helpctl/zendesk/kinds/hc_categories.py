"""Help Center categories: ``/help_center/categories`` (offset pages whatever is asked, with
their translations); ``locale`` is the category's ``source_locale``."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "hc_categories",
        "help_center/categories",
        "categories",
        "category",
        pagination="offset",
        params=(("include", "translations"),),
    ),
    payload=KindMap(
        plain=("name", "description", "position", "locale"),
        readers={"locale": lambda obj, names: obj.get("source_locale") or obj.get("locale")},
    ),
)
