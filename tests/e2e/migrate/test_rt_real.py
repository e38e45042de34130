"""The ``rt`` source against a real Request Tracker 5 (started by .ci/rt.sh; skipped without it):
the example's seed script writes a history through REST 2, the shipped example mapping
migrates it into a sandbox, and every ticket, comment, author, time and file on the sandbox is
compared with what RT itself reports, read here independently of the source."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from cli_run import Run
from migrate_e2e_helpers import ROOT

from helpctl.config.loader import load_project
from helpctl.providers.connect import Connections

EXAMPLE = ROOT / "examples" / "migrations"
STATUS = {
    "new": "new",
    "open": "open",
    "stalled": "hold",
    "resolved": "solved",
    "rejected": "closed",
}


def _rt_env() -> tuple[str, str, str]:
    url = os.environ.get("HELPCTL_TEST_RT_URL")
    if not url:
        pytest.skip("HELPCTL_TEST_RT_URL is not set (no Request Tracker; see .ci/rt.sh)")
    user = os.environ.get("HELPCTL_TEST_RT_USER", "root")
    return url, user, os.environ.get("HELPCTL_TEST_RT_PASSWORD", "password")


@pytest.fixture(scope="module")
def seeded() -> dict[str, Any]:
    """The example's seed script run once against the test RT: the range of ticket ids."""
    url, user, password = _rt_env()
    spec = importlib.util.spec_from_file_location("rt_seed", EXAMPLE / "rt" / "seed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rt_seed"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    found: dict[str, Any] = module.Seeder(url, user, password).run()
    return {**found, "url": url, "user": user, "password": password}


@pytest.fixture
def example(
    tmp_path: Path,
    seeded: dict[str, Any],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A copy of examples/migrations, config applied, the rt mapping aimed at the test RT and
    at the tickets this module seeded."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))
    mapping = folder / "rt" / "migration.yaml"
    text = mapping.read_text(encoding="utf-8").replace("http://127.0.0.1:8080", seeded["url"])
    text = text.replace("user: root", f"user: {seeded['user']}").replace(
        "max_bytes: 20MB                             #",
        f'query: "id >= {seeded["first_ticket"]} AND id <= {seeded["last_ticket"]}"\n'
        "  max_bytes: 20MB  #",
    )
    mapping.write_text(text, encoding="utf-8")
    monkeypatch.setenv("RT_PASSWORD", seeded["password"])
    applied = run_cli("apply", str(folder), "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    return mapping


class RtReader:
    """What RT says, read with plain REST 2 calls (not through the source under test)."""

    def __init__(self, url: str, user: str, password: str) -> None:
        self.api = url + "/REST/2.0/"
        self.http = httpx.Client(headers={"Referer": url + "/"}, timeout=120)
        self.http.post(url + "/NoAuth/Login.html", data={"user": user, "pass": password})
        self.emails: dict[str, str] = {}

    def get(self, path: str, **params: Any) -> Any:
        reply = self.http.get(self.api + path, params={"per_page": 100, **params})
        reply.raise_for_status()
        return reply.json()

    def email(self, name: str) -> str:
        if name not in self.emails:
            self.emails[name] = self.get(f"user/{name}")["EmailAddress"]
        return self.emails[name]

    def tickets(self, first: int, last: int) -> list[dict[str, Any]]:
        query = f"id >= {first} AND id <= {last}"
        items: list[dict[str, Any]] = self.get(
            "tickets", query=query, fields="Subject,Status,Created"
        )["items"]
        return items

    def messages(self, tid: str) -> list[dict[str, Any]]:
        """Create/Correspond/Comment transactions: author e-mail, time, public, text, files."""
        out = []
        for txn in self.get(f"ticket/{tid}/history", fields="Type,Creator,Created")["items"]:
            if txn["Type"] not in ("Create", "Correspond", "Comment"):
                continue
            parts = self.get(
                f"transaction/{txn['id']}/attachments",
                fields="Content,ContentType,Filename,ContentLength",
            )["items"]
            text = next(
                (
                    p.get("Content") or ""
                    for p in parts
                    if not p["Filename"] and p["ContentType"] in ("text/plain", "text/html")
                ),
                "",
            )
            out.append(
                {
                    "author": self.email(txn["Creator"]["id"]),
                    "created_at": _when(txn["Created"]),
                    "public": txn["Type"] != "Comment",
                    "text": text.strip(),
                    "files": sorted(
                        (p["Filename"], int(p["ContentLength"])) for p in parts if p["Filename"]
                    ),
                }
            )
        return out


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture
def sandbox(example: Path) -> Iterator[Any]:
    connections = Connections(load_project(example.parent.parent))
    yield connections.client("sandbox")
    connections.close()


@pytest.mark.slow
def test_the_seeded_rt_migrates_and_matches_what_rt_reports(
    example: Path, seeded: dict[str, Any], run_cli: Callable[..., Run]
) -> None:
    ran = run_cli("migrate", "run", str(example), "--json", "--quiet")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    assert ran.json()["this_run"]["quarantined"] == 0, ran.stdout
    again = run_cli("migrate", "run", str(example), "--json", "--quiet")
    assert again.exit_code == 0 and again.json()["this_run"]["sent"] == 0, again.stdout
    verified = run_cli("migrate", "verify", str(example), "--json")
    assert verified.exit_code == 0 and verified.json()["ok"] is True, verified.stdout

    rt = RtReader(seeded["url"], seeded["user"], seeded["password"])
    connections = Connections(load_project(example.parent.parent))
    try:
        _compare(rt, connections.client("sandbox"), seeded)
    finally:
        connections.close()


def _compare(rt: RtReader, zd: Any, seeded: dict[str, Any]) -> None:
    imported = {t["external_id"]: t for t in zd.iter_items("tickets", "tickets")}
    expected = rt.tickets(seeded["first_ticket"], seeded["last_ticket"])
    assert len(expected) == seeded["tickets"]
    emails: dict[int, str] = {}
    files_seen = 0
    for want in expected:
        got = imported[f"rt-{want['id']}"]
        assert got["subject"] == want["Subject"]
        assert got["status"] == STATUS[want["Status"]]
        assert _when(got["created_at"]) == _when(want["Created"])
        messages = rt.messages(str(want["id"]))
        comments = list(zd.iter_items(f"tickets/{got['id']}/comments", "comments"))
        assert len(comments) == len(messages), want["Subject"]
        for c, m in zip(comments, messages, strict=True):
            if c["author_id"] not in emails:
                emails[c["author_id"]] = zd.get(f"users/{c['author_id']}")["user"]["email"]
            assert emails[c["author_id"]] == m["author"]
            assert _when(c["created_at"]) == m["created_at"]
            assert c["public"] is m["public"]
            assert m["text"] and m["text"] in (c.get("html_body") or "") + (c.get("body") or "")
            files = sorted((a["file_name"], int(a["size"])) for a in c.get("attachments") or [])
            assert files == m["files"]
            files_seen += len(files)
    assert files_seen >= 5  # the seed's PDFs, log, PNG and Cyrillic-named files all arrived
