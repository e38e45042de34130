"""Guide permission groups: who may edit and publish articles (identity ``name``; the
``edit``/``publish`` lists name user segments). Account-level, shared by every brand."""

from collections.abc import Iterator
from typing import Any

from helpctl.resources.base import KindSpec, Reference, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "PermissionGroup"]


class PermissionGroup(ResourceModel):
    """One permission group."""

    name: str
    edit: list[str] | None = None
    publish: list[str] | None = None


def _refs(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from all_placeholder_refs(attrs)
    for key in ("edit", "publish"):
        for i, segment in enumerate(attrs.get(key) or []):
            yield Reference(f"{key}[{i}]", "user_segments", segment)


SPEC = KindSpec(
    name="permission_groups",
    identity="name",
    model=PermissionGroup,
    depends_on=("user_segments",),
    references=_refs,
    defaults={"edit": [], "publish": []},
    singular="permission_group",
    export_order=210,
    unknown_ref=UnknownRef(
        "ref_unknown_permission_group",
        "permission group",
        "a permission group named here is neither in the config nor declared external",
    ),
)
