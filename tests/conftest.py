"""Fixtures shared by every test area."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import Run, cli_runner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (recorded Zendesk replies, legacy exports); CI has it beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def zendesk_fixtures(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "zendesk"


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Run]:
    """Call the real entry point (`helpctl.cli.app.main`) with argv: exit code, stdout, stderr."""
    return cli_runner(capsys, monkeypatch)
