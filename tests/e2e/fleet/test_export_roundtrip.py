"""export on a rich account: the salto whole-account recording, served by respx.

The exported folder must validate offline and plan to no changes against the same account.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
import yaml
from fleet_helpers import Cli, Project

from helpctl.config.loader import load_project
from helpctl.providers.connect import Connections

BASE = "https://mybrand.zendesk.com/api/v2/"
RECORDING = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"


def _recorded_gets(zendesk_fixtures: Path) -> dict[str, Any]:
    """{path under /api/v2/: first recorded body} for every GET in the recording."""
    entries = json.loads((zendesk_fixtures / RECORDING).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for entry in entries:
        if entry.get("method", "GET") == "GET" and entry["url"].startswith("/api/v2/"):
            out.setdefault(entry["url"].removeprefix("/api/v2/"), entry["response"])
    articles = [a for p, r in out.items() if p.endswith("/articles") for a in r["articles"]]
    out["help_center/articles"] = {"articles": articles, "next_page": None}  # listed per category
    return out


def _show_many(recorded: dict[str, Any], kind: str) -> Any:
    """``<kind>/show_many?ids=``, answered from the recorded list of ``kind`` as Zendesk
    answers it: the records with those ids, unknown ids left out."""

    def answer(request: httpx.Request) -> httpx.Response:
        ids = set(request.url.params.get("ids", "").split(","))
        found = [r for r in recorded.get(kind, {}).get(kind, []) if str(r["id"]) in ids]
        return httpx.Response(200, json={kind: found, "next_page": None, "count": len(found)})

    return answer


def _serve_recording(router: respx.Router, zendesk_fixtures: Path) -> None:
    recorded = _recorded_gets(zendesk_fixtures)
    for path, body in recorded.items():
        router.get(path__regex=rf"(^|/){re.escape(path)}(\.json)?$").mock(
            return_value=httpx.Response(200, json=body)
        )
    for kind in ("users", "organizations"):
        router.get(path__regex=rf"/{kind}/show_many(\.json)?$").mock(
            side_effect=_show_many(recorded, kind)
        )
    # what the recording lacks is not on this account, as Zendesk answers an unknown path
    missing = {"error": "InvalidEndpoint", "description": "Not found"}
    router.route().mock(return_value=httpx.Response(404, json=missing))


@pytest.fixture
def recorded_account(zendesk_fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> respx.Router:
    monkeypatch.setenv("ZD_RECORDED_EMAIL", "admin@mybrand.example")
    monkeypatch.setenv("ZD_RECORDED_TOKEN", "recorded-token")
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        _serve_recording(router, zendesk_fixtures)
        yield router


def test_export_of_recorded_account_validates_and_plans_empty(
    cli: Cli, project: Project, recorded_account: respx.Router, tmp_path: Path
) -> None:
    out = tmp_path / "exported"
    exported = cli("export", project("recorded"), "-i", "recorded", "--out", out, "--json")
    assert exported.exit_code == 0, exported.stderr + exported.stdout
    assert exported.json()["counts"]["triggers"] > 0
    counts = exported.json()["counts"]
    assert (counts["user_fields"], counts["organization_fields"]) == (29, 8)
    assert exported.json()["unmanaged"]["targets"] > 0  # the export says what it left out
    assert "# Not managed by helpctl" in (out / "helpctl.yaml").read_text()
    validated = cli("validate", out)
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    plan_file = tmp_path / "plan.json"
    planned = cli("plan", out, "--json", "--out", plan_file)
    assert planned.exit_code == 0, planned.stdout
    assert "recorded-token" not in plan_file.read_text()  # never a secret in a saved plan
    writes = [c for c in recorded_account.calls if c.request.method != "GET"]
    assert writes == []


def test_export_is_deterministic(
    cli: Cli, project: Project, recorded_account: respx.Router, tmp_path: Path
) -> None:
    src = project("recorded")
    first, second = tmp_path / "one", tmp_path / "two"
    assert cli("export", src, "-i", "recorded", "--out", first).exit_code == 0
    assert cli("export", src, "-i", "recorded", "--out", second).exit_code == 0
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    for name in names:
        assert (first / name).read_text() == (second / name).read_text(), name


def test_export_of_a_sandbox_account_plans_empty_against_the_same_account(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    qs = project("quickstart")
    assert cli("apply", qs, "--yes").exit_code == 0
    out = tmp_path / "exported"
    assert cli("export", qs, "-i", "sandbox", "--out", out).exit_code == 0
    assert cli("validate", out).exit_code == 0
    planned = cli("plan", out, "--json")
    assert planned.exit_code == 0, planned.stdout


def test_export_of_chosen_kinds_writes_only_those_and_still_plans_empty(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    qs = project("quickstart")
    assert cli("apply", qs, "--yes").exit_code == 0
    out = tmp_path / "rules"
    kinds = ["--kind", "groups", "--kind", "macros"]
    result = cli("export", qs, "-i", "sandbox", "--out", out, *kinds)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["groups.yaml", "helpctl.yaml", "macros.yaml", "schema"]
    assert cli("plan", out).exit_code == 0


def test_the_recorded_account_re_applies_to_an_empty_sandbox_and_plans_empty(
    cli: Cli, project: Project, zendesk_fixtures: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Issue 11's round trip: every kind of the whole recorded account, exported to YAML, applied
    to an empty sandbox, then planned there: nothing left to do."""
    out = tmp_path / "exported"
    monkeypatch.setenv("ZD_RECORDED_EMAIL", "admin@mybrand.example")
    monkeypatch.setenv("ZD_RECORDED_TOKEN", "recorded-token")
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        _serve_recording(router, zendesk_fixtures)
        exported = cli("export", project("recorded"), "-i", "recorded", "--out", out, "--json")
    assert exported.exit_code == 0, exported.stderr
    counts = {k: n for k, n in exported.json()["counts"].items() if n}

    exported_note = (out / "helpctl.yaml").read_text()
    doc = yaml.safe_load(exported_note)
    recorded = doc["instances"]["recorded"]
    fresh = {k: v for k, v in recorded.items() if k not in ("backend", "subdomain", "auth", "url")}
    # what a new account needs first: the brands (the recording marks all three as default, so
    # the export declares them external) and the webhook credentials the export references
    brands = fresh["external"].pop("brands")
    (out / "brands.yaml").write_text(
        yaml.safe_dump({"brands": [{"name": b, "subdomain": b.lower()} for b in brands]})
    )
    fresh["include"] = ["brands.yaml", *fresh["include"]]
    doc["instances"] = {"fresh": {**fresh, "backend": "sandbox"}}
    (out / "helpctl.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    for name in re.findall(r"\benv:\s*([A-Z0-9_]+)", (out / "webhooks.yaml").read_text()):
        monkeypatch.setenv(name, f"value-of-{name.lower()}")
    # and the organizations its rules name: helpctl does not create them, an admin does
    orgs = _organizations_named(out)
    assert orgs == ["test org 123"]  # by name in the YAML, not the recorded account's id
    assert f"create these organizations first: {orgs[0]}" in exported_note
    with Connections(load_project(out)) as conns:
        admin = conns.client("fresh")
        for org in orgs:
            admin.post("organizations", {"organization": {"name": org}})

    applied = cli("apply", out, "--yes", "--json")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    (row,) = applied.json()["instances"]
    assert (row["outcome"], row["failed"]) == ("applied", 0)
    assert row["created"] >= sum(counts.values())
    again = cli("plan", out, "--json")
    assert again.exit_code == 0, again.stdout


def _organizations_named(project: Path) -> list[str]:
    """The organizations the exported rules name (``organization_id`` conditions)."""
    found: dict[str, None] = {}
    for kind in ("triggers", "automations", "views", "macros"):
        path = project / f"{kind}.yaml"
        rules = (yaml.safe_load(path.read_text()) or {}).get(kind, []) if path.exists() else []
        for rule in rules:
            conditions = rule.get("conditions") or {}
            for cond in [*conditions.get("all", []), *conditions.get("any", [])]:
                if cond["field"] == "organization_id":
                    found[str(cond["value"])] = None
    return list(found)
