"""Finding 6: verify reads comments in bulk from the ticket event stream (one request per 1,000
events) rather than one request per ticket, and still catches a changed comment."""

from __future__ import annotations

from pathlib import Path

from migrate_e2e_helpers import synthetic

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source
from helpctl.migrate.verify import VerifyReport, verify
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.imports import ZendeskImportTarget

TICKETS = 250


def _verify(mapping_path: Path, target: ZendeskImportTarget) -> tuple[VerifyReport, int]:
    mapping = load_mapping(mapping_path)
    with Ledger(mapping.ledger_path) as ledger:
        before = target.requests_made()
        source = open_source(mapping.source_spec, mapping.base_dir)
        report = verify(source, mapping, target, ledger, scan=False)
        return report, target.requests_made() - before


def test_verify_reads_comments_from_the_event_stream_not_per_ticket(
    tmp_path: Path, target: ZendeskImportTarget, served: SandboxServer
) -> None:
    mapping_path = synthetic(tmp_path / "m", TICKETS, comments=3)
    mapping = load_mapping(mapping_path)
    with Ledger(mapping.ledger_path) as ledger:
        source = open_source(mapping.source_spec, mapping.base_dir)
        assert run(source, mapping, target, ledger).ok
    report, requests = _verify(mapping_path, target)
    assert report.ok, report.problems
    assert report.tickets_with_comments_checked == TICKETS
    assert requests <= 5, requests  # 3 show_many + 1 event page (+ slack), not 250+
    store, account = served.app.store, served.app.default or "default"
    some = next(iter(target.tickets_by_id(list(range(1, 400)))))
    first = target.comments(int(some["id"]))[0]
    row = store.get(account, "comments", int(first["id"]))
    assert row is not None
    changed = {**row.doc(), "body": "Tampered with", "html_body": "<p>Tampered with</p>"}
    store.put(account, "comments", row.id, changed, parent=row.parent, position=row.position)
    report, _ = _verify(mapping_path, target)
    assert [p["check"] for p in report.problems] == ["comment_body"]
