"""User fields: identity ``key`` (rules write ``requester.custom_fields.<key>``); ``key`` and
``type`` cannot change after creation; dropdown options in order."""

from __future__ import annotations

from helpctl.resources.kinds._custom_fields import custom_field_spec

__all__ = ["SPEC"]

SPEC = custom_field_spec("user_fields", "user_field", "user field", export_order=32)
