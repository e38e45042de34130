"""The sql source on the homegrown example: generated database → tickets → mapped tickets."""

from __future__ import annotations

import itertools
import sqlite3
import tracemalloc
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from sqlalchemy import create_engine

from helpctl.migrate.deleted_users import STAND_IN_PREFIX
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import PLACEHOLDER_KEY, Mapping, load_mapping
from helpctl.migrate.sources import open_source


def generate(module: ModuleType, path: Path, tickets: int, messages: int = 5) -> Path:
    module.generate(create_engine(f"sqlite:///{path}"), tickets, messages, seed=7)
    return path


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, homegrown: ModuleType) -> Path:
    return generate(homegrown, tmp_path_factory.mktemp("hg") / "homegrown.sqlite3", 500)


@pytest.fixture(scope="module")
def mapping(homegrown_dir: Path) -> Mapping:
    return load_mapping(homegrown_dir / "migration.yaml")


@pytest.fixture(scope="module")
def mapped(database: Path, mapping: Mapping) -> list[MappedTicket]:
    source = open_source({**mapping.source_spec, "url": f"sqlite:///{database}"}, mapping.base_dir)
    out = []
    for legacy in source.tickets():
        result = mapping.map_ticket(legacy)
        assert isinstance(result, MappedTicket), result
        out.append(result)
    return out


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return list(conn.execute(sql))


def test_every_ticket_streams_out_with_its_messages_in_order(
    database: Path, mapped: list[MappedTicket]
) -> None:
    assert len(mapped) == query(database, "SELECT COUNT(*) FROM tickets")[0][0] == 500
    per_ticket = dict(query(database, "SELECT ticket_id, COUNT(*) FROM messages GROUP BY 1"))
    for ticket in mapped:
        assert len(ticket.comments) == per_ticket[int(ticket.source_id)]
        times = [c.created_at for c in ticket.comments]
        assert times == sorted(times)


def test_all_113_topics_are_mapped_to_a_contact_reason_tag_and_group(
    homegrown_dir: Path, database: Path, mapped: list[MappedTicket]
) -> None:
    table = yaml.safe_load((homegrown_dir / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    codes = {row[0] for row in query(database, "SELECT code FROM topics")}
    assert len(codes) == 113 and codes <= set(table)
    for ticket in mapped:
        entry = table[ticket.topic]
        assert ticket.fields["Contact reason"] == entry["value"]
        assert ticket.group == entry["group"]
        assert set(entry["tags"]) <= set(ticket.tags)


def test_internal_notes_stay_private_and_staff_become_agents(
    database: Path, mapped: list[MappedTicket]
) -> None:
    internal = {str(r[0]) for r in query(database, "SELECT id FROM messages WHERE is_internal=1")}
    staff = {str(r[0]) for r in query(database, "SELECT id FROM users WHERE kind='staff'")}
    for ticket in mapped:
        for comment in ticket.comments:
            assert comment.public == (comment.source_id not in internal)
            if comment.author in staff:
                assert ticket.users[comment.author].role == "agent"
        assert ticket.assignee in staff


def test_deleted_customers_are_stood_in_for_under_their_own_name(
    database: Path, mapped: list[MappedTicket]
) -> None:
    names = dict(query(database, "SELECT id, name FROM users WHERE deleted=1"))
    deleted = {str(k) for k in names}
    orphaned = [t for t in mapped if t.source_id in {
        str(r[0]) for r in query(database, "SELECT id FROM tickets WHERE customer_id IN "
                                           "(SELECT id FROM users WHERE deleted=1)")}]  # fmt: skip
    assert orphaned
    for ticket in orphaned:
        assert not deleted & set(ticket.users)
        requester = ticket.users[ticket.requester]
        if ticket.requester == PLACEHOLDER_KEY:  # the source lost the name too
            continue
        person = ticket.requester.removeprefix(STAND_IN_PREFIX)
        assert person in deleted and requester.name == str(names[int(person)]).strip()
        assert requester.role == "end-user" and requester.email != requester.name


def test_statuses_and_priorities_follow_the_maps(
    database: Path, mapped: list[MappedTicket], mapping: Mapping
) -> None:
    rows = dict(query(database, "SELECT id, state FROM tickets"))
    statuses = mapping.spec.tickets.status
    for ticket in mapped:
        assert ticket.status == statuses[str(rows[int(ticket.source_id)])]
        assert ticket.archive == (ticket.status == "closed")
        assert ticket.priority in {"low", "normal", "high", "urgent"}


def test_attachments_come_with_their_bytes(database: Path, mapped: list[MappedTicket]) -> None:
    sizes = dict(query(database, "SELECT message_id, size FROM attachments"))
    found = {c.source_id: c.attachments for t in mapped for c in t.comments if c.attachments}
    assert set(found) == {str(k) for k in sizes}
    for message_id, files in found.items():
        assert len(files[0].read()) == sizes[int(message_id)]


def test_watermark_reads_only_tickets_changed_since(database: Path, mapping: Mapping) -> None:
    spec = {**mapping.source_spec, "url": f"sqlite:///{database}"}
    full = open_source(spec, mapping.base_dir)
    assert sum(1 for _ in full.tickets()) == 500
    since = query(database, "SELECT updated_at FROM tickets ORDER BY id LIMIT 1 OFFSET 399")[0][0]
    delta = open_source({**spec, "watermark": {"column": "updated_at", "since": since}}, Path("."))
    assert [t.source_id for t in delta.tickets()] == [str(i) for i in range(401, 501)]
    assert delta.count() == 100


def test_a_large_database_is_streamed_not_loaded(
    tmp_path: Path, homegrown: ModuleType, mapping: Mapping
) -> None:
    database = generate(homegrown, tmp_path / "big.sqlite3", 20_000, messages=1)
    source = open_source({**mapping.source_spec, "url": f"sqlite:///{database}"}, Path("."))
    tracemalloc.start()  # tracing is slow: read a tenth, what matters is that it is not all
    try:
        first = [t.source_id for t in itertools.islice(source.tickets(), 2_000)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first == [str(i) for i in range(1, 2_001)]
    assert peak < 4 * 1024 * 1024  # about one batch of 500 tickets, not 20,000


def test_damaged_rows_are_quarantined_and_good_ones_map(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "sql"
    with sqlite3.connect(tmp_path / "broken.sqlite3") as conn:
        conn.executescript((fixture / "broken.sql").read_text(encoding="utf-8"))
    mapping = load_mapping(fixture / "migration.yaml")
    source = open_source(mapping.source_spec, tmp_path)
    results = {t.source_id: mapping.map_ticket(t) for t in source.tickets()}
    good = results["1"]
    assert isinstance(good, MappedTicket)
    assert [c.public for c in good.comments] == [True, False]
    assert good.users["2"].role == "agent" and good.comments[0].body == "Привет"
    reasons = {k: r.reasons for k, r in results.items() if isinstance(r, Quarantined)}
    assert set(reasons) == {"2", "3", "4"}
    assert "undecodable" in reasons["2"][0]
    assert "invalid timestamp" in reasons["3"][0]
    assert "unknown author '99'" in reasons["4"][0]
