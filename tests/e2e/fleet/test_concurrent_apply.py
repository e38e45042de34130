"""Two applies at once (issue 10, finding 2): two CI pipelines ran `apply --all --yes` together
and created the same field, macros and triggers twice.

- Runs from different checkouts share no lock file (as two CI machines): the live identity
  lookups around every create leave one object per identity, in every trial.
- Runs from one project folder: the second is refused with who holds the lock, or waits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from fleet_helpers import Cli

from helpctl.fleet.locks import apply_lock_path, instance_locks
from helpctl.locks import note_path
from helpctl.resources import KINDS
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.endpoints import endpoint

ROOT = Path(__file__).resolve().parents[3]
QUICKSTART = ROOT / "examples" / "quickstart"
TRIALS = 3

PROJECT = """\
version: 1
instances:
  shared:
    backend: zendesk
    url: {url}
    auth: {{email: {email}, token: {{env: RACE_TEST_TOKEN}}}}
    include: [config/]
    vars:
      market: Swapmeet
      support_hours: "Mon-Fri 9:00-18:00"
"""


def _checkout(folder: Path, url: str, email: str) -> Path:
    """A copy of the quickstart config aimed at one sandbox account (one CI machine)."""
    shutil.copytree(QUICKSTART / "config", folder / "config")
    (folder / "helpctl.yaml").write_text(PROJECT.format(url=url, email=email), encoding="utf-8")
    return folder


def _apply(project: Path, token: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "helpctl", "apply", str(project), "--all", "--yes"],
        env={**os.environ, "RACE_TEST_TOKEN": token},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _duplicates(server: SandboxServer, account: str) -> dict[str, list[str]]:
    """Per kind, every identity held by more than one live object."""
    email, token = server.credentials(account)
    out: dict[str, list[str]] = {}
    with httpx.Client(timeout=30) as http:
        client = ZendeskClient(
            http, base_url=server.base_url(account), auth=Auth.token(email, token)
        )
        for kind, spec in KINDS.items():
            ep = endpoint(kind)
            names = Counter(
                str(obj.get(f"raw_{spec.identity}") or obj.get(spec.identity))
                for obj in client.iter_items(ep.path, ep.plural, pagination=ep.pagination)
            )
            twice = sorted(name for name, n in names.items() if n > 1)
            if twice:
                out[kind] = twice
    return out


def test_two_applies_from_two_machines_at_once_leave_no_duplicate(tmp_path: Path) -> None:
    accounts = tuple(f"race{n}" for n in range(TRIALS))
    with SandboxServer(tmp_path / "race.sqlite3", accounts=accounts) as server:
        for account in accounts:
            email, token = server.credentials(account)
            url = server.base_url(account)
            first = _checkout(tmp_path / account / "ci-a", url, email)
            second = _checkout(tmp_path / account / "ci-b", url, email)
            runs = [_apply(first, token), _apply(second, token)]
            outputs = [run.communicate(timeout=300) for run in runs]
            codes = [run.returncode for run in runs]
            assert codes == [0, 0], outputs
            assert _duplicates(server, account) == {}, f"trial {account}"
            # and the next plan sees nothing to do and no duplicate identity
            again = _apply(first, token).communicate(timeout=300)
            assert "live_duplicate_identity" not in again[0] + again[1]


def test_an_apply_while_another_local_apply_holds_the_instance_is_refused_naming_it(
    cli: Cli, tmp_path: Path
) -> None:
    project = tmp_path / "desk"
    shutil.copytree(QUICKSTART, project, ignore=shutil.ignore_patterns(".helpctl"))
    with instance_locks(project, ["sandbox"]):
        refused = cli("apply", project, "--all", "--yes")
    assert refused.exit_code == 1
    assert f"pid {os.getpid()} on host" in refused.stderr
    assert "--wait" in refused.stderr
    assert not note_path(apply_lock_path(project, "sandbox")).exists()


def test_apply_with_wait_queues_behind_the_holder(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "desk"
    shutil.copytree(QUICKSTART, project, ignore=shutil.ignore_patterns(".helpctl"))
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with instance_locks(project, ["sandbox"]):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(30)
    threading.Timer(1.0, release.set).start()
    started = time.monotonic()
    applied = cli("apply", project, "--all", "--yes", "--wait")
    thread.join()
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    assert time.monotonic() - started >= 0.9, "it waited for the holder"


def test_plan_refuses_an_instance_where_two_live_objects_share_a_configured_title(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SandboxServer(tmp_path / "dup.sqlite3", accounts=("dup",)) as server:
        email, token = server.credentials("dup")
        project = _checkout(tmp_path / "ci", server.base_url("dup"), email)
        monkeypatch.setenv("RACE_TEST_TOKEN", token)
        with httpx.Client(timeout=30) as http:
            client = ZendeskClient(
                http, base_url=server.base_url("dup"), auth=Auth.token(email, token)
            )
            made = [
                client.post(
                    "macros",
                    {"macro": {"title": "Accounts::Password reset steps",
                               "actions": [{"field": "status", "value": "open"}]}},
                )["macro"]["id"]
                for _ in range(2)
            ]  # fmt: skip
        planned = cli("plan", project, "--all")
    assert planned.exit_code == 1, planned.stdout + planned.stderr
    text = planned.stdout + planned.stderr
    assert "live_duplicate_identity" in text
    assert f"ids {made[0]}, {made[1]}" in text
