"""Helpers of the migration end-to-end tests (fixtures live in conftest.py, which imports
them): paths, the synthetic corpus, a sandbox in a child process, running the real CLI."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.imports import ZendeskImportTarget

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "migrate_runner"


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_module() -> ModuleType:
    """``bench/corpus.py`` (the synthetic history generator shared with the benchmarks)."""
    return _bench_module("corpus")


def sandbox_process(path: Path, faults: str | None = None) -> Any:
    """``bench/sandbox_proc.SandboxProcess``: a sandbox in a child process (a context manager
    with ``base_url``, ``email``, ``token``); faults may be a spec string or None."""
    return _bench_module("sandbox_proc").SandboxProcess(path, faults)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path / "sandbox.sqlite3") as server:
        yield server


@pytest.fixture
def target(served: SandboxServer) -> Iterator[ZendeskImportTarget]:
    email, token = served.credentials()
    with httpx.Client(timeout=30) as http:
        client = ZendeskClient(http, base_url=served.base_url(), auth=Auth.token(email, token))
        found = ZendeskImportTarget(client)
        yield found
        found.close()


def synthetic(folder: Path, tickets: int, comments: int = 3) -> Path:
    """The synthetic mapping fixture beside a generated corpus; returns the mapping path."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "synthetic" / "migration.yaml", folder / "migration.yaml")
    corpus_module().write_corpus(folder / "tickets.jsonl", tickets, comments=comments)
    return folder / "migration.yaml"


def entry_env(server: SandboxServer) -> dict[str, str]:
    email, token = server.credentials()
    return {"MIGRATE_URL": server.base_url(), "MIGRATE_EMAIL": email, "MIGRATE_TOKEN": token}
