"""Brands: identity ``name``; the default brand is a system object (never deleted)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from helpctl.resources.base import KindSpec, Reference
from helpctl.resources.common import ResourceModel, placeholder_refs

__all__ = ["SPEC", "Brand"]


class Brand(ResourceModel):
    """One brand as written in YAML (``brand_url`` is derived by Zendesk, so not accepted)."""

    name: str
    subdomain: str | None = None
    host_mapping: str | None = None
    active: bool | None = None
    signature_template: str | None = None


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from placeholder_refs(attrs.get("signature_template"), "signature_template")


SPEC = KindSpec(
    name="brands",
    identity="name",
    model=Brand,
    references=references,
    defaults={"active": True, "host_mapping": None},
    singular="brand",
)
