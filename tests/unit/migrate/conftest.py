"""Fixtures of the migration tests: the shipped examples, loaded from the repository."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="session")
def homegrown_dir(repo_root: Path) -> Path:
    return repo_root / "examples" / "migrations" / "homegrown"


@pytest.fixture(scope="session")
def homegrown(homegrown_dir: Path) -> ModuleType:
    """The example's ``generate.py``, imported as a module."""
    spec = importlib.util.spec_from_file_location(
        "homegrown_generate", homegrown_dir / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
