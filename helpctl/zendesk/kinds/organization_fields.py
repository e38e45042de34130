"""Organization fields in Zendesk: ``/organization_fields`` (see ``_custom_fields``)."""

from __future__ import annotations

from helpctl.zendesk.kinds._custom_fields import custom_field_kind

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = custom_field_kind("organization_fields", "organization_field")
