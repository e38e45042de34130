"""Dynamic content items: identity ``name``; the placeholder ``{{dc.x}}`` is derived from it."""

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "DynamicContent"]


class DynamicContent(ResourceModel):
    """One item with its text per locale code (``variants: {en-US: ..., es: ...}``)."""

    name: str
    default_locale: str
    variants: dict[str, str] = Field(min_length=1)


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    default = attrs.get("default_locale")
    if default is not None and default not in (attrs.get("variants") or {}):
        msg = f"default_locale `{default}` has no variant"
        yield "dc_default_locale_missing", "default_locale", msg


SPEC = KindSpec(
    name="dynamic_content",
    identity="name",
    model=DynamicContent,
    references=all_placeholder_refs,  # an item may embed another item's placeholder
    singular="item",
    export_order=50,
    unknown_ref=UnknownRef(
        "ref_unknown_dynamic_content",
        "dynamic content item",
        "a {{dc.x}} placeholder names no dynamic content item",
    ),
    checks=checks,
)
