"""Trigger categories: identity ``name``; their order is the firing order of their triggers."""

from helpctl.resources.base import KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "TriggerCategory"]


class TriggerCategory(ResourceModel):
    """One trigger category."""

    name: str


SPEC = KindSpec(
    name="trigger_categories",
    identity="name",
    model=TriggerCategory,
    references=all_placeholder_refs,
    ordered=True,
    singular="trigger_category",
    export_order=60,
    unknown_ref=UnknownRef(
        "ref_unknown_category",
        "trigger category",
        "a trigger category is neither in the config nor declared external",
    ),
)
