"""Fleet review end to end: a base change printed once for every instance (text, Markdown, a
saved plan shown again), `--kind`/`--only` targeting recorded in a saved plan, per-instance
progress lines, and the managed marker restored after someone removed it by hand."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fleet_helpers import Cli, Project, edit
from markdown_it import MarkdownIt

from helpctl.config.loader import load_project
from helpctl.providers.connect import Connections
from helpctl.zendesk.payloads import MARKER

ROOT = Path(__file__).resolve().parents[3]
OLD_UK = "Зазвичай ми відповідаємо протягом робочого дня."
NEW_UK = "Зазвичай ми відповідаємо протягом двох робочих днів."


def _steps(doc: dict[str, Any], instance: str) -> list[tuple[str, str, str]]:
    [row] = [r for r in doc["instances"] if r["instance"] == instance]
    return [(c["action"], c["kind"], c["key"]) for c in row.get("changes", [])]


def test_a_base_variant_change_is_shown_once_for_the_whole_fleet(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BAZARIO_CRM_TOKEN", "crm-token-for-tests")  # as configs/README.md asks
    repo = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", repo, ignore=shutil.ignore_patterns(".helpctl"))
    assert cli("apply", repo, "--all", "--yes").exit_code == 0
    edit(repo / "base" / "dynamic_content.yaml", OLD_UK, NEW_UK)

    text = cli("plan", repo, "--all", "--out", tmp_path / "plan.json")
    assert text.exit_code == 2, text.stderr
    out = text.stdout
    assert out.count("~ update dynamic_content 'auto_reply'") == 1
    assert "[on all 3 instances: latam, emea, india]" in out
    assert out.count(f"- …{OLD_UK}") == 1 and out.count(f"+ …{NEW_UK}") == 1

    md = cli("plan", repo, "--all", "--format", "markdown").stdout
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<table>" in html and "<details><summary><b>dynamic_content</b>: 1 change" in html
    assert f"+ …{NEW_UK}" in html

    # a saved plan renders the same way, offline
    shown = cli("show", tmp_path / "plan.json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("~ update dynamic_content 'auto_reply'") == 1
    assert f"+ …{NEW_UK}" in shown.stdout
    as_md = cli("show", tmp_path / "plan.json", "--format", "markdown").stdout
    assert "<details>" in as_md and "| latam | 0 | 1 | 0 | 0 | changes |" in as_md
    as_json = cli("show", tmp_path / "plan.json", "--format", "json").json()
    assert _steps(as_json, "india") == [("update", "dynamic_content", "auto_reply")]


def test_kind_and_only_limit_plan_and_a_saved_plan_keeps_the_limit(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    proj = project("fleet")
    assert cli("apply", proj, "-i", "north", "--yes").exit_code == 0
    support = proj / "base" / "support.yaml"
    edit(support, "  - name: Tier 2\n", "  - name: Tier 2\n  - name: Tier 3\n")
    edit(
        support,
        "value: Tier 1}\n  - title: Route accounts",
        "value: Tier 2}\n  - title: Route accounts",
    )
    whole = cli("plan", proj, "-i", "north", "--json").json()
    assert len(_steps(whole, "north")) == 2

    groups = cli("plan", proj, "-i", "north", "--kind", "groups", "--json").json()
    assert _steps(groups, "north") == [("create", "groups", "Tier 3")]
    assert groups["target"] == {"kinds": ["groups"], "only": []}

    saved = tmp_path / "only.json"
    only = cli("plan", proj, "-i", "north", "--only", "triggers/Route payments", "--out", saved)
    assert only.exit_code == 2
    assert "limited to --only 'triggers/Route payments'" in only.stdout
    assert "Tier 3" not in only.stdout
    assert cli("show", saved, "--format", "json").json()["target"]["only"] == [
        "triggers/Route payments"
    ]
    applied = cli("apply", proj, "--plan", saved)
    assert applied.exit_code == 0, applied.stderr + applied.stdout
    assert "limited to --only 'triggers/Route payments'" in applied.stderr
    # per-instance progress off a terminal: one line per change, with counts
    assert "[north] (1/1) ✓ update triggers 'Route payments'" in applied.stderr
    left = cli("plan", proj, "-i", "north", "--json").json()
    assert _steps(left, "north") == [("create", "groups", "Tier 3")]

    unknown = cli("plan", proj, "-i", "north", "--kind", "trigger")
    assert unknown.exit_code == 1 and "unknown kind trigger" in unknown.stderr


def _group(conns: Connections, name: str) -> dict[str, Any]:
    groups = conns.client("north").get("groups")["groups"]
    return next(g for g in groups if g["name"] == name)


def test_apply_restores_a_marker_removed_by_hand(cli: Cli, project: Project) -> None:
    proj = project("fleet")
    assert cli("apply", proj, "-i", "north", "--yes").exit_code == 0
    with Connections(load_project(proj)) as conns:
        group = _group(conns, "Tier 1")
        assert group["description"].endswith(MARKER)
        conns.client("north").put(f"groups/{group['id']}", {"group": {"description": ""}})

    planned = cli("plan", proj, "-i", "north", "--json").json()
    [change] = planned["instances"][0]["changes"]
    assert (change["action"], change["key"]) == ("update", "Tier 1")
    assert change["diffs"] == [{"path": "(managed marker)", "old": None, "new": "restored"}]
    text = cli("plan", proj, "-i", "north").stdout
    assert "+ (managed marker): restored" in text

    assert cli("apply", proj, "-i", "north", "--yes").exit_code == 0
    with Connections(load_project(proj)) as conns:
        assert _group(conns, "Tier 1")["description"].endswith(MARKER)
    assert cli("plan", proj, "-i", "north").exit_code == 0
