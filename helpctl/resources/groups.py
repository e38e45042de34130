"""Agent groups: identity ``name``."""

from __future__ import annotations

from helpctl.resources.base import KindSpec
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
)
