"""One bad record never stops a migration: it is quarantined with its reason, the rest map."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import PLACEHOLDER_KEY, load_mapping
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
        ("future-comment", "dated in the future"),
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


@pytest.fixture(scope="module")
def lenient() -> dict[str, MappedTicket | Quarantined]:
    mapping = load_mapping(FIXTURE / "lenient.yaml")
    source = open_source(mapping.source_spec, mapping.base_dir)
    return {t.source_id: mapping.map_ticket(t) for t in source.tickets()}


def test_configured_placeholder_takes_unknown_authors_instead_of_quarantine(
    lenient: dict[str, MappedTicket | Quarantined],
) -> None:
    ticket = lenient["unknown-author"]
    assert isinstance(ticket, MappedTicket)
    assert ticket.comments[1].author == PLACEHOLDER_KEY
    assert ticket.users[PLACEHOLDER_KEY].email == "former-user@example.invalid"


def test_configured_subject_fallback_uses_the_first_line_of_the_first_comment(
    lenient: dict[str, MappedTicket | Quarantined],
) -> None:
    ticket = lenient["missing-subject"]
    assert isinstance(ticket, MappedTicket)
    assert ticket.subject == ticket.comments[0].body.splitlines()[0]


def test_attachment_over_the_limit_is_kept_as_a_link_without_its_bytes(
    lenient: dict[str, MappedTicket | Quarantined],
) -> None:
    ticket = lenient["big-attachment"]
    assert isinstance(ticket, MappedTicket)
    (attachment,) = ticket.comments[0].attachments
    assert attachment.name == "dump.bin" and attachment.size == 5000
    assert attachment.data is None and attachment.path is None


def test_records_broken_in_the_source_stay_quarantined_under_lenient_rules(
    lenient: dict[str, MappedTicket | Quarantined],
) -> None:
    for key in ("empty-body", "invalid-timestamp", "undecodable", "future-comment"):
        assert isinstance(lenient[key], Quarantined)
