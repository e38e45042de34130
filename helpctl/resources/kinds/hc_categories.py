"""Help Center categories (identity ``name``), in the help center's source locale."""

from helpctl.resources.base import KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "HcCategory"]


class HcCategory(ResourceModel):
    """One category: name, description and position (lower first)."""

    name: str
    description: str | None = None
    position: int | None = None
    locale: str | None = None


SPEC = KindSpec(
    name="hc_categories",
    identity="name",
    model=HcCategory,
    references=all_placeholder_refs,
    defaults={"description": "", "position": 0, "locale": "en-us"},
    immutable=("locale",),
    singular="category",
    export_order=220,
    unknown_ref=UnknownRef(
        "ref_unknown_hc_category",
        "help center category",
        "a help center category named here is neither in the config nor declared external",
    ),
)
