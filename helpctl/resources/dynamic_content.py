"""Dynamic content items: identity ``name``; the placeholder ``{{dc.x}}`` is derived from it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.resources.base import KindSpec, Reference
from helpctl.resources.common import ResourceModel, placeholder_refs

__all__ = ["SPEC", "DynamicContent"]


class DynamicContent(ResourceModel):
    """One item with its text per locale code (``variants: {en-US: ..., es: ...}``)."""

    name: str
    default_locale: str
    variants: dict[str, str] = Field(min_length=1)


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    # An item may embed another item's placeholder.
    yield from placeholder_refs(attrs.get("variants"), "variants")


SPEC = KindSpec(
    name="dynamic_content",
    identity="name",
    model=DynamicContent,
    references=references,
    singular="item",
)
