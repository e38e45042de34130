"""The recorded help center populates the sandbox, exports to files, re-applies to an empty
account and then plans empty; links between articles point at the new help center's articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from cli_run import Run
from recorded_guide import article_titles, populate, recorded

from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient

RECORDED_ARTICLE = 5547697715351


def _client(server: SandboxServer, account: str) -> ZendeskClient:
    email, token = server.credentials(account)
    return ZendeskClient.open(server.base_url(account), Auth.token(email, token), instance=account)


def _seed(db: Path) -> None:
    with (
        SandboxServer(str(db), accounts=("recorded", "fresh")) as server,
        _client(server, "recorded") as client,
    ):
        ids = populate(client)
        first = client.get(f"help_center/articles/{ids[RECORDED_ARTICLE]}")["article"]
        link = f'<p>Start with <a href="{first["html_url"]}#q-a">the templates</a>.</p>\n'
        body = {
            "title": "Knowledge templates",
            "body": link,
            "locale": "en-us",
            "permission_group_id": first["permission_group_id"],
        }
        made = client.post(
            f"help_center/sections/{first['section_id']}/articles", {"article": body}
        )
        fr = {"locale": "fr", "title": "Modèles", "body": link.replace("Start with", "Voir")}
        client.post(
            f"help_center/articles/{made['article']['id']}/translations", {"translation": fr}
        )


def _articles(db: Path, account: str) -> dict[str, dict[str, Any]]:
    with SandboxServer(str(db), accounts=(account,)) as server, _client(server, account) as client:
        found = client.get("help_center/articles", params={"include": "translations"})
        return {a["title"]: a for a in found["articles"]}


def _project(folder: Path, account: str, include: list[str], db: Path) -> None:
    inst = {"backend": "sandbox", "account": account, "path": str(db), "include": include}
    doc = {"version": 1, "instances": {account: inst}}
    (folder / "helpctl.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")


def test_recorded_help_center_round_trips_through_files(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    db = tmp_path / "sandbox.sqlite3"
    _seed(db)
    source = tmp_path / "source"
    source.mkdir()
    (source / "empty.yaml").write_text("{}\n", encoding="utf-8")
    _project(source, "recorded", ["empty.yaml"], db)
    out = tmp_path / "exported"
    exported = run_cli("export", str(source), "-i", "recorded", "--out", str(out))
    assert exported.exit_code == 0, exported.stdout + exported.stderr

    files = sorted(p.relative_to(out).as_posix() for p in (out / "articles").rglob("*.*"))
    # the recorded body does not survive HTML → Markdown → HTML: kept as HTML; the simple one
    # becomes Markdown, with its translation beside it
    assert any(f.endswith(".html") for f in files)
    assert any(f.endswith("knowledge-templates.md") for f in files)
    assert any(f.endswith("knowledge-templates.fr.md") for f in files)
    markdown = next((out / "articles").rglob("knowledge-templates.md")).read_text("utf-8")
    assert "](how-can-agents-leverage-knowledge-to-help-customers.html#q-a)" in markdown
    assert "zendesk" not in markdown and "127.0.0.1" not in markdown  # no host, no id

    entry = yaml.safe_load((out / "helpctl.yaml").read_text("utf-8"))["instances"]["recorded"]
    _project(out, "fresh", entry["include"], db)
    text = yaml.safe_load((out / "helpctl.yaml").read_text("utf-8"))
    text["instances"]["fresh"]["external"] = entry.get("external", {})
    text["instances"]["fresh"]["external"].pop("brands", None)
    (out / "helpctl.yaml").write_text(yaml.safe_dump(text), encoding="utf-8")
    assert run_cli("validate", str(out)).exit_code == 0
    applied = run_cli("apply", str(out), "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    plan = run_cli("plan", str(out))
    assert plan.exit_code == 0, plan.stdout + plan.stderr
    assert "no changes" in plan.stdout

    before, after = _articles(db, "recorded"), _articles(db, "fresh")
    assert set(after) == set(before) == {*article_titles(recorded()), "Knowledge templates"}
    target = after[article_titles(recorded())[0]]
    assert target["id"] != before[target["title"]]["id"]
    bodies = {t["locale"]: t["body"] for t in after["Knowledge templates"]["translations"]}
    path = urlsplit(target["html_url"]).path  # the port changes with each sandbox start
    for body in bodies.values():  # both locales link to the fresh account's article
        assert f'{path}#q-a"' in body
        assert f"/articles/{before[target['title']]['id']}" not in body
    assert set(bodies) == {"en-us", "fr"}
