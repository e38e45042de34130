"""One bad record never stops a migration: it is quarantined with its reason, the rest map."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "bad-records"


@pytest.fixture(scope="module")
def results() -> dict[str, MappedTicket | Quarantined]:
    mapping = load_mapping(FIXTURE / "migration.yaml")
    source = open_source(mapping.source_spec, mapping.base_dir)
    return {t.source_id: mapping.map_ticket(t) for t in source.tickets()}


@pytest.mark.parametrize(
    ("source_id", "reason"),
    [
        ("missing-subject", "missing subject"),
        ("empty-body", "empty body"),
        ("unknown-author", "unknown author 'ghost'"),
        ("invalid-timestamp", "invalid timestamp"),
        ("big-attachment", "over the limit"),
        ("undecodable", "undecodable bytes"),
    ],
)
def test_bad_record_is_quarantined_with_its_reason(
    results: dict[str, MappedTicket | Quarantined], source_id: str, reason: str
) -> None:
    result = results[source_id]
    assert isinstance(result, Quarantined)
    assert any(reason in r for r in result.reasons), result.reasons


def test_good_records_around_bad_ones_map_fine(
    results: dict[str, MappedTicket | Quarantined],
) -> None:
    good = {k: v for k, v in results.items() if k.startswith("good-")}
    assert len(good) == 3
    for ticket in good.values():
        assert isinstance(ticket, MappedTicket)
        assert ticket.external_id == f"bad-{ticket.source_id}"
        assert ticket.requester in ticket.users
        assert all(c.author in ticket.users for c in ticket.comments)


def test_agent_hint_from_the_source_makes_an_agent(
    results: dict[str, MappedTicket | Quarantined],
) -> None:
    ticket = results["good-1"]
    assert isinstance(ticket, MappedTicket)
    assert ticket.users["a1"].role == "agent"
    assert ticket.users["u1"].role == "end-user"
    assert ticket.users["u1"].email == "ann@example.com"
