"""Support addresses (Zendesk's ``recipient_addresses``): identity ``email``, which Zendesk cannot
change in place; each belongs to a brand, named by its name.

The forwarding, SPF, CNAME and domain verification statuses are Zendesk's to set (it checks the
mail setup); they are read-only, so the model does not accept them and they are never diffed.
"""

import re
from collections.abc import Iterator
from typing import Any

from helpctl.resources.base import Issue, KindSpec, Reference
from helpctl.resources.common import ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "SupportAddress"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SupportAddress(ResourceModel):
    """One support address: ``brand`` by name; ``default`` only on a verified address."""

    email: str
    name: str | None = None
    brand: str | None = None
    default: bool | None = None


def _references(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from all_placeholder_refs(attrs)
    if attrs.get("brand"):
        yield Reference("brand", "brands", str(attrs["brand"]))


def _checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    if not _EMAIL.match(str(attrs.get("email", key))):
        yield "address_bad_email", "email", f"`{key}` is not an email address"


SPEC = KindSpec(
    name="support_addresses",
    identity="email",
    model=SupportAddress,
    depends_on=("brands",),
    references=_references,
    defaults={"default": False},
    immutable=("email",),
    singular="support_address",
    export_order=14,
    checks=_checks,
)
