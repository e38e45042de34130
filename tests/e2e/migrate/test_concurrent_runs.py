"""Finding 1 of issue 10: two `migrate run` of one mapping at once created duplicates.

Two real processes against one sandbox server: the loser exits 1 naming the holder; with
`--wait` it waits, then runs and sends nothing new; a run whose ledger is lost (another machine)
adopts what is already on the target instead of creating it again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from migrate_e2e_helpers import sandbox_process, synthetic

PROJECT = """\
version: 1
instances:
  sandbox:
    backend: zendesk
    url: {url}
    auth: {{email: {email}, token: {{env: MIGRATE_TEST_TOKEN}}}}
"""
TICKETS = 600


def _helpctl(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "helpctl", *args], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _wait_for_lock(mapping: Path, first: subprocess.Popen[str]) -> None:
    sidecar = mapping.parent / "ledger.sqlite3.lock.json"
    deadline = time.monotonic() + 60
    while not sidecar.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _verify(mapping: Path, env: dict[str, str]) -> dict[str, object]:
    check = _helpctl("migrate", "verify", str(mapping), "--json", "--sample", "0", env=env)
    out, err = check.communicate(timeout=120)
    assert check.returncode == 0, out + err
    doc: dict[str, object] = json.loads(out)
    return doc


def _assert_once(doc: dict[str, object]) -> None:
    """Every ticket on the target exactly once: all found, no duplicate problem."""
    assert doc["tickets"]["found"] == TICKETS  # type: ignore[index]
    assert not [k for k in doc["problem_counts"] if "duplicate" in k]  # type: ignore[attr-defined]


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    mapping = synthetic(tmp_path / "m", TICKETS, comments=1)
    with sandbox_process(tmp_path / "sandbox.sqlite3") as server:
        (mapping.parent / "helpctl.yaml").write_text(
            PROJECT.format(url=server.base_url, email=server.email)
        )
        yield mapping, {"MIGRATE_TEST_TOKEN": server.token}


@pytest.mark.slow
def test_the_second_run_exits_1_naming_the_holder_and_nothing_is_duplicated(setup) -> None:  # type: ignore[no-untyped-def]
    mapping, env = setup
    first = _helpctl("migrate", "run", str(mapping), "--quiet", "--json", env=env)
    _wait_for_lock(mapping, first)
    second = _helpctl("migrate", "run", str(mapping), "--quiet", env=env)
    _, err = second.communicate(timeout=60)
    assert first.poll() is None  # the loser did not wait for the winner
    assert second.returncode == 1, err
    assert f"pid {first.pid}" in err and "since" in err and "--wait" in err
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert json.loads(out)["this_run"]["sent"] == TICKETS
    _assert_once(_verify(mapping, env))


@pytest.mark.slow
def test_wait_runs_after_the_holder_and_sends_nothing_new(setup) -> None:  # type: ignore[no-untyped-def]
    mapping, env = setup
    first = _helpctl("migrate", "run", str(mapping), "--quiet", env=env)
    _wait_for_lock(mapping, first)
    second = _helpctl("migrate", "run", str(mapping), "--quiet", "--json", "--wait", env=env)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    run = json.loads(out)["this_run"]
    assert run["sent"] == 0 and run["unchanged"] == TICKETS
    _assert_once(_verify(mapping, env))


@pytest.mark.slow
def test_a_run_with_another_ledger_adopts_what_is_on_the_target(setup) -> None:  # type: ignore[no-untyped-def]
    mapping, env = setup
    first = _helpctl("migrate", "run", str(mapping), "--quiet", env=env)
    assert first.wait(timeout=300) == 0
    (mapping.parent / "ledger.sqlite3").rename(mapping.parent / "elsewhere.sqlite3")
    for extra in ("-wal", "-shm"):
        (mapping.parent / f"ledger.sqlite3{extra}").unlink(missing_ok=True)
    again = _helpctl("migrate", "run", str(mapping), "--quiet", "--json", env=env)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    run = json.loads(out)["this_run"]
    assert run["sent"] == 0 and run["adopted"] == TICKETS
    _assert_once(_verify(mapping, env))
