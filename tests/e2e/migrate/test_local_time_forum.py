"""The shipped local-time forum example (cp1251, ";", ``dd.mm.yyyy HH:MM`` Moscow time, HTML
bodies with links) imported into the sandbox through the real CLI: every comment lands at the
instant the zone's history gives (Moscow was UTC+4 from 2011 to 2014, UTC+3 in winter and UTC+4
in summer before), links keep their targets; without a configured zone nothing is imported."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run
from migrate_e2e_helpers import ROOT

from helpctl.migrate.session import Migration
from helpctl.providers.connect import Connections

EXAMPLE = ROOT / "examples" / "migrations"

#: post id → the instant it was written, worked out by hand from Moscow's offset on its date.
INSTANTS = {
    "501": ["2011-11-04T14:49:00Z", "2011-11-04T15:05:00Z", "2011-11-05T05:12:00Z"],  # UTC+4
    "502": ["2010-01-15T07:00:00Z", "2010-01-15T08:30:00Z"],  # winter 2010: UTC+3
    "503": ["2010-07-20T06:00:00Z", "2010-07-20T19:59:00Z"],  # summer 2010: UTC+4 (MSD)
    "504": ["2015-12-01T09:30:00Z"],  # since October 2014: UTC+3
}


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    """A fresh copy of examples/migrations (the project and the local-time forum)."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))
    return folder / "forum" / "local-time" / "migration.yaml"


def _imported(mapping: Path) -> dict[str, tuple[dict[str, object], list[dict[str, object]]]]:
    """external id → (ticket, its comments) as the sandbox holds them."""
    out = {}
    with Migration(mapping, connect=Connections) as mig:
        client: Any = mig.client(mig.mapping.target_instance)
        for sid in INSTANTS:
            found = client.get("tickets", params={"external_id": f"msk-forum-{sid}"})["tickets"]
            assert len(found) == 1, sid
            ticket = found[0]
            comments = list(client.iter_items(f"tickets/{ticket['id']}/comments", "comments"))
            out[sid] = (ticket, comments)
    return out


@pytest.mark.slow
def test_moscow_local_times_import_at_the_right_instant_and_links_survive(
    mapping: Path, run_cli: Callable[..., Run]
) -> None:
    planned = run_cli("migrate", "plan", str(mapping))
    assert "timestamps in posts (posts.csv): format ['%d.%m.%Y %H:%M'], timezone Europe/Moscow" in (
        planned.stdout
    )
    assert "'04.11.2011 18:49' → 2011-11-04T14:49:00Z = 2011-11-04T18:49:00+04:00" in planned.stdout
    ran = run_cli("migrate", "run", str(mapping), "--json", "--quiet")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    verified = run_cli("migrate", "verify", str(mapping), "--json")
    assert verified.exit_code == 0, verified.stdout
    imported = _imported(mapping)
    for sid, instants in INSTANTS.items():
        ticket, comments = imported[sid]
        assert [c["created_at"] for c in comments] == instants, sid
        assert ticket["created_at"] == instants[0], sid
    answer = str(imported["501"][1][1]["body"])
    assert "Проверьте настройки DNS: пример (http://example.ru/help/dns)." in answer
    assert "- NS-записи; проверьте обе\n- A-запись сайта" in answer
    assert "до суток.\nЕсли не поможет" in answer
    steps = str(imported["502"][1][1]["body"])
    assert "1. Добавьте MX-записи по инструкции (https://example.ru/help/mx);" in steps


def test_without_a_timezone_every_thread_is_quarantined_not_read_as_utc(
    mapping: Path, run_cli: Callable[..., Run]
) -> None:
    text = mapping.read_text(encoding="utf-8")
    naive = text.replace(", timezone: Europe/Moscow}", "}")
    assert naive != text
    mapping.write_text(naive, encoding="utf-8")
    planned = run_cli("migrate", "plan", str(mapping), "--json")
    assert planned.exit_code == 0, planned.stdout + planned.stderr
    doc = planned.json()
    assert doc["to_send"] == 0 and doc["quarantined"]["count"] == len(INSTANTS)
    for record in doc["quarantined"]["records"]:
        assert any(r.startswith("timestamp_without_zone:") for r in record["reasons"]), record
    examples = doc["timestamps"][0]["examples"]
    assert examples[0]["raw"] == "04.11.2011 18:49"
    assert examples[0]["problem"] == "without_zone" and examples[0]["utc"] is None
    ran = run_cli("migrate", "run", str(mapping), "--json", "--quiet")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    status = run_cli("migrate", "status", str(mapping), "--json").json()
    assert status["counts"].get("imported", 0) == 0
    assert len(status["quarantined"]) == len(INSTANTS)
