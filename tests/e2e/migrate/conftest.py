"""Fixtures of the migration end-to-end tests (helpers in migrate_e2e_helpers.py): a
file-backed sandbox per test, a target reading it back, and the real CLI entry point."""

from __future__ import annotations

from migrate_e2e_helpers import served, target

__all__ = ["served", "target"]
