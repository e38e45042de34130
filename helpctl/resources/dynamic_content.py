"""Dynamic content items: identity ``name``; the placeholder ``{{dc.x}}`` is derived from it."""

from __future__ import annotations

from pydantic import Field

from helpctl.resources.base import KindSpec
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "DynamicContent"]


class DynamicContent(ResourceModel):
    """One item with its text per locale code (``variants: {en-US: ..., es: ...}``)."""

    name: str
    default_locale: str
    variants: dict[str, str] = Field(min_length=1)


SPEC = KindSpec(
    name="dynamic_content",
    identity="name",
    model=DynamicContent,
    references=all_placeholder_refs,  # an item may embed another item's placeholder
    singular="item",
)
