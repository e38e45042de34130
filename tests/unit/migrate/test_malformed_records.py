"""Issue 10, findings 5 and 6: a malformed record is quarantined with its position and the run
goes on; a broken file structure stops it naming the line; a repeated source id gives one
ticket."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from fake_target import FakeTarget

from helpctl.errors import SourceError
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.records import map_unique
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "malformed"

EXPECTED = {  # ledger key → (position, reason)
    "comments-not-a-list": ("tickets.jsonl:2", "wrong shape"),
    "users-a-list": ("tickets.jsonl:3", "wrong shape"),
    "comment-a-number": ("tickets.jsonl:4", "wrong shape"),
    "line-5": ("tickets.jsonl:5", "required key 'source_id' is missing"),
    "line-6": ("tickets.jsonl:6", "must be a JSON object, not list"),
    "line-7": ("tickets.jsonl:7", "must be a JSON object, not str"),
    "line-8": ("tickets.jsonl:8", "not valid JSON"),
    "deep-object": ("tickets.jsonl:9", "nested deeper than 32 levels"),
    "line-10": ("tickets.jsonl:10", "nested deeper than 32 levels"),
    "dup-1#dup2": ("record 13", "duplicate_source_id"),
}


def _mapped() -> dict[str, MappedTicket | Quarantined]:
    mapping = load_mapping(FIXTURE / "migration.yaml")
    source = open_source(mapping.source_spec, mapping.base_dir)
    return {m.source_id: m for _, m in map_unique(source.tickets(), mapping.map_ticket)}


def test_each_malformed_jsonl_record_is_quarantined_with_its_position() -> None:
    results = _mapped()
    for key, (where, reason) in EXPECTED.items():
        found = results[key]
        assert isinstance(found, Quarantined), key
        assert any(where in r and reason in r for r in found.reasons), (key, found.reasons)
    good = sorted(k for k, v in results.items() if isinstance(v, MappedTicket))
    assert good == ["dup-1", "good-1", "good-2", "good-3"]
    first = results["dup-1"]
    assert isinstance(first, MappedTicket) and first.comments[0].body == "first"


def test_the_run_goes_on_and_a_repeated_source_id_gives_one_ticket(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    shutil.copytree(FIXTURE, folder)
    mapping = load_mapping(folder / "migration.yaml")
    target = FakeTarget()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        report = run(open_source(mapping.source_spec, folder), mapping, target, ledger)
        again = run(open_source(mapping.source_spec, folder), mapping, target, ledger)
        dup = ledger.entry("dup-1#dup2")
    assert report.counts["imported"] == 4 and report.counts["quarantined"] == len(EXPECTED)
    assert target.external_ids() == ["mal-dup-1", "mal-good-1", "mal-good-2", "mal-good-3"]
    assert dup is not None and dup.state == "quarantined"
    assert again.this_run["sent"] == 0 and again.counts == report.counts


def _csv_folder(tmp_path: Path, rows: list[list[str]]) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    shutil.copy(FIXTURE / "csv.yaml", folder / "csv.yaml")
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ticket_id", "message_id", "body", "author_id", "created_at", "subject"])
        writer.writerows(rows)
    return folder


def _row(ticket: str, body: str = "Hello") -> list[str]:
    return [ticket, f"{ticket}-m", body, "u1", "2024-01-02T10:00:00Z", "Help"]


def test_a_csv_field_over_the_modules_limit_quarantines_its_row(tmp_path: Path) -> None:
    huge = "x" * (csv.field_size_limit() + 10)
    folder = _csv_folder(tmp_path, [_row("1"), _row("2", huge), _row("3")])
    mapping = load_mapping(folder / "csv.yaml")
    source = open_source(mapping.source_spec, folder)
    results = {t.source_id: t for t in source.tickets()}
    assert sorted(results) == ["1", "3", "line-3"]
    assert results["1"].problems == [] and results["3"].problems == []
    (reason,) = results["line-3"].problems
    assert reason.startswith("messages.csv:3:") and "field larger than field limit" in reason
    assert isinstance(mapping.map_ticket(results["line-3"]), Quarantined)


def test_an_unterminated_quote_stops_the_run_naming_its_line(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, [_row("1"), _row("2")])
    with (folder / "messages.csv").open("a", encoding="utf-8") as fh:
        fh.write('3,3-m,"this quote is never closed,u1,2024-01-02T10:00:00Z,Help\n')
        fh.write("4,4-m,Hello,u1,2024-01-02T10:00:00Z,Help\n")
    mapping = load_mapping(folder / "csv.yaml")
    source = open_source(mapping.source_spec, folder)
    with pytest.raises(SourceError, match=r"messages\.csv:4: a quoted field .* never closed"):
        list(source.tickets())
