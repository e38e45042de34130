"""Help Center sections (identity ``name``): in a category, optionally inside another section
(``parent``; nesting needs Guide Enterprise)."""

from collections.abc import Iterator
from typing import Any, Literal

from helpctl.resources.base import Issue, KindSpec, Reference, UnknownRef
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "HcSection"]


class HcSection(ResourceModel):
    """One section."""

    name: str
    category: str
    parent: str | None = None
    description: str | None = None
    position: int | None = None
    sorting: Literal["manual", "title", "created_at", "updated_at"] | None = None
    locale: str | None = None


def _refs(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from all_placeholder_refs(attrs)
    yield Reference("category", "hc_categories", attrs["category"])
    if attrs.get("parent"):
        yield Reference("parent", "hc_sections", attrs["parent"])


def _checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    if attrs.get("parent") == attrs.get("name"):
        yield ("hc_section_cycle", "parent", "a section cannot be its own parent")


SPEC = KindSpec(
    name="hc_sections",
    identity="name",
    model=HcSection,
    depends_on=("hc_categories",),
    references=_refs,
    defaults={
        "description": "",
        "position": 0,
        "parent": None,
        "sorting": "manual",
        "locale": "en-us",
    },
    immutable=("locale",),
    singular="section",
    export_order=230,
    unknown_ref=UnknownRef(
        "ref_unknown_hc_section",
        "help center section",
        "a help center section named here is neither in the config nor declared external",
    ),
    checks=_checks,
)
