"""Organization fields: identity ``key`` (rules write ``organization.custom_fields.<key>``);
``key`` and ``type`` cannot change after creation; dropdown options in order."""

from __future__ import annotations

from helpctl.resources.kinds._custom_fields import custom_field_spec

__all__ = ["SPEC"]

SPEC = custom_field_spec(
    "organization_fields", "organization_field", "organization field", export_order=34
)
