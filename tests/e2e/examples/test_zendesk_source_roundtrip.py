"""The zendesk source against the sandbox's real API: migrate the forum example into one
sandbox account, then read that account back as the source of a consolidation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from helpctl.cli.app import app
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "consolidate"


@pytest.fixture
def old_account(repo_root: Path, tmp_path: Path) -> Iterator[ZendeskClient]:
    """A sandbox holding the forum example's tickets, and a client signed in to it."""
    project = tmp_path / "migrations"
    shutil.copytree(repo_root / "examples" / "migrations", project,
                    ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))  # fmt: skip
    runner = CliRunner()
    assert runner.invoke(app, ["apply", str(project), "--yes"]).exit_code == 0
    ran = runner.invoke(app, ["migrate", "run", str(project / "forum" / "migration.yaml")])
    assert ran.exit_code == 0, ran.output
    state = project / ".helpctl" / "sandbox.sqlite3"
    with SandboxServer(state, accounts=("sandbox",)) as server, httpx.Client() as http:
        auth = Auth.token(*server.credentials())
        yield ZendeskClient(http, base_url=server.base_url(), auth=auth, instance="old")


def test_tickets_of_another_account_are_read_back_and_map(old_account: ZendeskClient) -> None:
    mapping = load_mapping(FIXTURE / "migration.yaml")
    source = open_source(
        mapping.source_spec, mapping.base_dir, client_factory=lambda _: old_account
    )
    tickets = list(source.tickets())
    assert len(tickets) == 8
    assert sum(len(t.comments) for t in tickets) == 22
    mapped = [mapping.map_ticket(t) for t in tickets]
    assert all(isinstance(m, MappedTicket) for m in mapped)
    by_subject = {m.subject: m for m in mapped if isinstance(m, MappedTicket)}
    solved = by_subject["Как изменить адрес доставки?"]
    assert solved.status == "solved" and solved.brand == "Acme"
    assert solved.fields["Contact reason"] == "reason_delivery"
    assert {"consolidated", "delivery"} <= set(solved.tags)
    assert any(u.role == "agent" for u in solved.users.values())
