"""Webhooks and custom statuses end to end against a sandbox: the credential is set on create,
compared by fingerprint, rotated on purpose, and never shown by any command or file."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from fleet_helpers import Cli, Project, edit

CANARY = "canary-webhook-Qx81-do-not-leak"
ROTATED = "canary-rotated-Vb27-do-not-leak"


def _credentials(root: Path) -> list[dict[str, str]]:
    """The credentials the sandbox received, read from its database."""
    db = sqlite3.connect(root / ".helpctl" / "sandbox.sqlite3")
    try:
        rows = db.execute("SELECT body FROM objects WHERE kind = 'webhook_credentials'")
        return [json.loads(body) for (body,) in rows]
    finally:
        db.close()


def _files(root: Path) -> str:
    return "\n".join(
        p.read_text(errors="replace")
        for p in root.rglob("*")
        if p.is_file() and ".helpctl" not in p.parts
    )


def test_a_webhook_credential_is_set_rotated_and_never_shown(
    cli: Cli,
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    root = project("webhooks")
    seen: list[str] = []

    def run(*args: object) -> int:
        result = cli(*args)
        seen.extend([result.stdout, result.stderr])
        return result.exit_code

    # Without the variable: validate and plan work; the create fails naming the variable.
    monkeypatch.delenv("CRM_TOKEN", raising=False)
    assert run("validate", root) == 0
    assert run("plan", root) == 2
    assert run("apply", root, "--yes") == 3
    assert "CRM_TOKEN" in seen[-1] + seen[-2]

    monkeypatch.setenv("CRM_TOKEN", CANARY)
    assert run("--debug", "apply", root, "--yes") == 0
    assert _credentials(root) == [{"token": CANARY}]
    assert run("plan", root, "--json") == 0, seen[-2:]  # the same credential: nothing to do

    # Rotation is one step: change the secret, apply.
    monkeypatch.setenv("CRM_TOKEN", ROTATED)
    saved = tmp_path / "rotate.json"
    assert run("plan", root, "--out", saved) == 2
    assert "(rotated)" in seen[-2]
    assert run("apply", root, "--plan", saved, "--yes") == 0
    assert _credentials(root) == [{"token": ROTATED}]
    assert run("plan", root) == 0, seen[-2:]
    assert run("drift", root) == 0, seen[-2:]
    exported = tmp_path / "exported"
    assert run("export", root, "-i", "shop", "--out", exported) == 0
    assert "WEBHOOK_CRM_TOKEN" in (exported / "webhooks.yaml").read_text()

    everything = "\n".join([*seen, _files(tmp_path), caplog.text])
    for secret in (CANARY, ROTATED):
        assert secret not in everything


def test_statuses_and_webhooks_rules_use_cannot_be_removed_even_with_force(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_TOKEN", CANARY)
    root = project("webhooks")
    assert cli("apply", root, "--yes").exit_code == 0
    config = root / "config" / "account.yaml"
    # The trigger and view stay in the account (no longer managed here) while the config
    # retires the status and drops the webhook.
    edit(root / "helpctl.yaml", "triggers: all, views: all", "triggers: none, views: none")
    text = config.read_text()
    config.write_text(
        text[: text.index("webhooks:")].replace(
            "description: A partner is working on it", "active: false"
        )
    )
    refused = cli("plan", root, "--force", "--prune")
    assert refused.exit_code == 1, refused.stdout
    out = refused.stdout + refused.stderr
    assert "delete webhooks 'CRM'" in out
    assert "deactivate custom_statuses 'Waiting for partner'" in out


def test_a_status_is_retired_not_deleted(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_TOKEN", CANARY)
    root = project("webhooks")
    config = root / "config" / "account.yaml"
    text = config.read_text()
    config.write_text(text[: text.index("webhooks:")])  # the status alone
    edit(
        root / "helpctl.yaml",
        "{webhooks: all, custom_statuses: all, triggers: all, views: all}",
        "{custom_statuses: all}",
    )
    assert cli("apply", root, "--yes").exit_code == 0
    config.write_text("custom_statuses: []\n")
    refused = cli("plan", root, "--prune")
    assert refused.exit_code == 1
    assert "cannot be deleted in Zendesk" in refused.stdout + refused.stderr
    config.write_text(text[: text.index("webhooks:")] + "    active: false\n")
    assert cli("apply", root, "--yes").exit_code == 0
    assert cli("plan", root, "--prune").exit_code == 0


def test_a_status_made_default_converges(
    cli: Cli, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_TOKEN", CANARY)
    root = project("webhooks")
    edit(root / "config" / "account.yaml", "    status_category: hold\n",
         "    status_category: hold\n    default: true\n")  # fmt: skip
    assert cli("apply", root, "--yes").exit_code == 0
    again = cli("plan", root)
    assert again.exit_code == 0, again.stdout
