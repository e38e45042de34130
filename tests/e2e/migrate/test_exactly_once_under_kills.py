"""Exactly once: a migration SIGKILLed at 20 random points and resumed each time ends with every
ticket on the target once, none missing, comments intact — also under injected faults.

Kill points are drawn over the migration's progress: for each, the run is killed once the
ledger shows at least that many tickets sent or imported (and the run has written something),
plus a random 0–50 ms, so kills land mid-work: while users are upserted, a job is posted, polled or
recorded, or while a previous kill is being reconciled. 2,500 tickets × 2 comments keep the
test near a minute (with up to 8 jobs of 100 in flight, a run moves hundreds of tickets between
two kill points: with 1,000 the migration ended after a dozen kills);
``bench/resume.py`` does the same for 2,000 (or any size) and prints every kill point.

The sandbox runs in its own process and each run is forked from this (thread-free) process, so
a SIGKILL hits only the run, and no run pays interpreter start-up.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from multiprocessing.process import BaseProcess
from pathlib import Path

import httpx
import migrate_entry
import pytest
from migrate_e2e_helpers import sandbox_process, synthetic

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source
from helpctl.migrate.verify import verify
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.imports import ZendeskImportTarget

KILLS = 20
TICKETS = 2500
COMMENTS = 2
_FORK = multiprocessing.get_context("fork")


def _start(mapping: Path, env: dict[str, str]) -> BaseProcess:
    proc = _FORK.Process(target=migrate_entry.child, args=(str(mapping), env))
    proc.start()
    return proc


def _ledger(path: Path) -> Counter[str]:
    """Records per state (read-only; empty before the first run creates the ledger)."""
    if not path.exists():
        return Counter()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as db:
        try:
            return Counter(dict(db.execute("SELECT state, COUNT(*) FROM records GROUP BY state")))
        except sqlite3.OperationalError:
            return Counter()


def _kill_and_resume(mapping: Path, env: dict[str, str], seed: int) -> list[int]:
    rng = random.Random(seed)
    ledger = mapping.parent / "ledger.sqlite3"
    points = sorted(rng.randrange(TICKETS) for _ in range(KILLS))
    killed = []
    for point in points:
        before = _ledger(ledger)
        proc = _start(mapping, env)
        while proc.is_alive():
            now = _ledger(ledger)
            if now != before and now["imported"] + now["sent"] >= point:
                break
            time.sleep(0.003)
        proc.join(timeout=rng.uniform(0.0, 0.05))
        if proc.is_alive():
            proc.kill()  # SIGKILL: no cleanup of any kind
            killed.append(point)
        proc.join()
    final = _start(mapping, env)
    final.join(timeout=180)
    assert final.exitcode == 0
    return killed


@pytest.fixture
def sandbox_env(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    faults = getattr(request, "param", None)
    with sandbox_process(tmp_path / "sandbox.sqlite3", faults) as server:
        yield {"MIGRATE_URL": server.base_url, "MIGRATE_EMAIL": server.email,
               "MIGRATE_TOKEN": server.token}  # fmt: skip


def _no_wait(_seconds: float) -> None:
    return None


def _assert_exactly_once(mapping_path: Path, env: dict[str, str]) -> None:
    auth = Auth.token(env["MIGRATE_EMAIL"], env["MIGRATE_TOKEN"])
    with httpx.Client(timeout=30) as http:
        # Reading back under the same faults: retry at once rather than back off (test time).
        client = ZendeskClient(http, base_url=env["MIGRATE_URL"], auth=auth, sleep=_no_wait)
        target = ZendeskImportTarget(client)
        per_external = Counter(t.get("external_id") for t in target.export_tickets(0))
        assert {k: n for k, n in per_external.items() if n > 1} == {}
        assert {f"syn-T{i:07d}" for i in range(TICKETS)} - set(per_external) == set()
        mapping = load_mapping(mapping_path)
        source = open_source(mapping.source_spec, mapping.base_dir)
        with Ledger(mapping.ledger_path) as ledger:
            report = verify(source, mapping, target, ledger)
        target.close()
    assert report.ok, report.as_dict()["problems"][:5]
    assert report.found == TICKETS and report.comments_checked == TICKETS * COMMENTS


@pytest.mark.slow
def test_killed_at_twenty_points_every_ticket_arrives_exactly_once(
    tmp_path: Path, sandbox_env: dict[str, str]
) -> None:
    mapping = synthetic(tmp_path / "m", TICKETS, COMMENTS)
    killed = _kill_and_resume(mapping, sandbox_env, seed=1)
    assert len(killed) >= KILLS * 3 // 4, f"too few runs were killed mid-work: {killed}"
    _assert_exactly_once(mapping, sandbox_env)


# The fault mix; Retry-After 0 (the sandbox's default is 1 s) only keeps the test short.
@pytest.mark.slow
@pytest.mark.parametrize(
    "sandbox_env", ["429:0.1,500:0.05,reset:0.02,retry_after:0"], indirect=True
)
def test_killed_under_429_500_and_reset_faults_still_exactly_once(
    tmp_path: Path, sandbox_env: dict[str, str]
) -> None:
    mapping = synthetic(tmp_path / "m", TICKETS, COMMENTS)
    env = {**sandbox_env, "MIGRATE_MAX_PAUSE": "0.02"}  # same retries, without back-off pauses
    killed = _kill_and_resume(mapping, env, seed=2)
    assert len(killed) >= KILLS * 3 // 4, f"too few runs were killed mid-work: {killed}"
    _assert_exactly_once(mapping, sandbox_env)
