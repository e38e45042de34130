"""Brands: identity ``name``; the default brand is a system object (never deleted)."""

from helpctl.resources.base import KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "Brand"]


class Brand(ResourceModel):
    """One brand as written in YAML (``brand_url`` is derived by Zendesk, so not accepted)."""

    name: str
    subdomain: str | None = None
    host_mapping: str | None = None
    active: bool | None = None
    signature_template: str | None = None


SPEC = KindSpec(
    name="brands",
    identity="name",
    model=Brand,
    references=all_placeholder_refs,
    defaults={"active": True, "host_mapping": None},
    singular="brand",
    export_order=10,
    unknown_ref=UnknownRef(
        "ref_unknown_brand",
        "brand",
        "a brand named here is neither in the config nor declared external",
    ),
)
