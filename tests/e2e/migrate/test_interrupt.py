"""Ctrl-C during `helpctl migrate run` exits 130 with a consistent ledger: the next run
completes the migration and verify finds every ticket once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
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


def _imported(ledger: Path) -> int:
    return _state(ledger, "imported")


def _state(ledger: Path, state: str) -> int:
    if not ledger.exists():
        return 0
    with closing(sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=5)) as db:
        try:
            row = db.execute("SELECT COUNT(*) FROM records WHERE state=?", (state,)).fetchone()
        except sqlite3.OperationalError:
            return 0
    return int(row[0])


def _helpctl(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "helpctl", *args], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


@pytest.mark.slow
def test_ctrl_c_exits_130_and_the_next_run_finishes_exactly_once(tmp_path: Path) -> None:
    mapping = synthetic(tmp_path / "m", 2000, comments=2)
    with sandbox_process(tmp_path / "sandbox.sqlite3") as server:
        (mapping.parent / "helpctl.yaml").write_text(
            PROJECT.format(url=server.base_url, email=server.email)
        )
        env = {"MIGRATE_TEST_TOKEN": server.token}
        run = _helpctl("migrate", "run", str(mapping), "--quiet", env=env)
        deadline = time.monotonic() + 60
        while _imported(mapping.parent / "ledger.sqlite3") == 0 and time.monotonic() < deadline:
            assert run.poll() is None, run.communicate()
            time.sleep(0.01)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
        assert run.returncode == 130, err
        assert "interrupted" in err
        # the partial counts of this run are printed: read and sent so far
        counts = dict(re.findall(r"(read|sent) (\d+)", err))
        assert int(counts["read"]) >= int(counts["sent"]) > 0, err
        unsettled = _state(mapping.parent / "ledger.sqlite3", "sent")
        assert 0 < _imported(mapping.parent / "ledger.sqlite3") < 2000
        again = _helpctl("migrate", "run", str(mapping), env=env)
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        if unsettled:  # records whose jobs were in flight at Ctrl-C are reconciled first
            assert f"reconciling the last run's unsettled records: {unsettled}/{unsettled}" in err
        check = _helpctl("migrate", "verify", str(mapping), "--json", "--sample", "0.05", env=env)
        out, err = check.communicate(timeout=120)
        assert check.returncode == 0, out + err
        assert '"duplicate"' not in out and '"found": 2000' in out
