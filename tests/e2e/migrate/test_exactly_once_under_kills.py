"""Exactly once: a migration SIGKILLed at random instants and resumed each time ends with every
ticket on the target once, none missing, comments intact — also under injected faults.

Runtime is kept under a minute: 20 kill points over a 400-ticket corpus (4 batches of 100 per
bucket) rather than the issue's 2,000 tickets; ``bench/resume.py`` runs the full 2,000.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import entry_env, synthetic

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source
from helpctl.migrate.target import Target
from helpctl.migrate.verify import verify
from helpctl.sandbox.runner import SandboxServer

ENTRY = Path(__file__).with_name("migrate_entry.py")
KILLS = 20
TICKETS = 400


def _start(mapping: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ENTRY), str(mapping)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_and_resume(mapping: Path, env: dict[str, str], seed: int) -> list[float]:
    rng = random.Random(seed)
    kills = []
    for _ in range(KILLS):
        proc = _start(mapping, env)
        delay = rng.uniform(0.3, 1.6)  # past the imports (~0.3 s), within a run's length
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()  # SIGKILL: no cleanup of any kind
            kills.append(round(delay, 2))
        proc.wait()
    final = _start(mapping, env)
    _, err = final.communicate(timeout=120)
    assert final.returncode == 0, err.decode()
    return kills


def _assert_exactly_once(mapping_path: Path, target: Target) -> None:
    per_external = Counter(t.get("external_id") for t in target.export_tickets(0))
    expected = {f"syn-T{i:07d}" for i in range(TICKETS)}
    duplicates = {k: n for k, n in per_external.items() if n > 1}
    assert duplicates == {}
    assert expected - set(per_external) == set()
    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    with Ledger(mapping.ledger_path) as ledger:
        report = verify(source, mapping, target, ledger)
    assert report.ok, report.as_dict()["problems"][:5]
    assert report.found == TICKETS and report.comments_checked == TICKETS * 3


@pytest.mark.slow
def test_killed_twenty_times_every_ticket_arrives_exactly_once(
    tmp_path: Path, served: SandboxServer, target: Target
) -> None:
    mapping = synthetic(tmp_path / "m", TICKETS)
    kills = _kill_and_resume(mapping, entry_env(served), seed=1)
    assert len(kills) >= KILLS // 2, f"too few runs were actually killed: {kills}"
    _assert_exactly_once(mapping, target)


@pytest.mark.slow
def test_killed_under_429_500_and_reset_faults_still_exactly_once(
    tmp_path: Path, served: SandboxServer, target: Target
) -> None:
    mapping = synthetic(tmp_path / "m", TICKETS)
    served.set_faults(None, "429:0.1,500:0.05,reset:0.02")
    kills = _kill_and_resume(mapping, entry_env(served), seed=2)
    served.set_faults(None, None)
    assert len(kills) >= KILLS // 2, f"too few runs were actually killed: {kills}"
    _assert_exactly_once(mapping, target)
