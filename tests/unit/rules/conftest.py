"""The `directory` fixture of the rule-engine tests (the shared builders are in rules_fixtures)."""

from __future__ import annotations

import pytest
from rules_fixtures import build_directory

from helpctl.rules import Directory


@pytest.fixture
def directory() -> Directory:
    return build_directory()
