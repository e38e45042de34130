"""Help Center user segments: who may see an article (identity ``name``; groups by name)."""

from collections.abc import Iterator
from typing import Any, Literal

from helpctl.resources.base import KindSpec, Reference, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "UserSegment"]


class UserSegment(ResourceModel):
    """One user segment: a user type, optionally narrowed by agent groups and tags."""

    name: str
    user_type: Literal["signed_in_users", "staff"]
    groups: list[str] | None = None
    tags: list[str] | None = None
    or_tags: list[str] | None = None


def _refs(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from all_placeholder_refs(attrs)
    for i, group in enumerate(attrs.get("groups") or []):
        yield Reference(f"groups[{i}]", "groups", group)


SPEC = KindSpec(
    name="user_segments",
    identity="name",
    model=UserSegment,
    depends_on=("groups",),
    references=_refs,
    defaults={"groups": [], "tags": [], "or_tags": []},
    singular="user_segment",
    export_order=200,
    unknown_ref=UnknownRef(
        "ref_unknown_user_segment",
        "user segment",
        "a user segment named here is neither in the config nor declared external",
    ),
)
