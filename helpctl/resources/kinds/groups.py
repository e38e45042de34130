"""Agent groups: identity ``name``."""

from helpctl.resources.base import KindSpec, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "Group"]


class Group(ResourceModel):
    """One group; ``is_public: false`` makes it private."""

    name: str
    description: str | None = None
    is_public: bool | None = None


SPEC = KindSpec(
    name="groups",
    identity="name",
    model=Group,
    references=all_placeholder_refs,
    defaults={"description": "", "is_public": True},
    singular="group",
    export_order=20,
    marker_field="description",
    marker_empty="",
    unknown_ref=UnknownRef(
        "ref_unknown_group",
        "group",
        "a group named here is neither in the config nor declared external",
    ),
)
