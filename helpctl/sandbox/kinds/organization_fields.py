"""Organization fields (see ``_custom_fields``)."""

from __future__ import annotations

from helpctl.sandbox.kinds._custom_fields import custom_field_kind

__all__ = ["SANDBOX_KIND"]

SANDBOX_KIND = custom_field_kind("organization_fields", "organization_field")
