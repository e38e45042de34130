"""The one-row-per-message CSV source on the real Mendeley help-desk export."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from helpctl.errors import SourceError
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.mapping import Mapping, load_mapping
from helpctl.migrate.sources import open_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "migrate"
CSV_NAME = "sample_utterances_first_issues.csv"


@pytest.fixture(scope="module")
def export(shared_dir: Path) -> Path:
    return shared_dir / "legacy-data" / "helpdesk-tickets-mendeley" / CSV_NAME


@pytest.fixture(scope="module")
def mapping() -> Mapping:
    return load_mapping(FIXTURES / "mendeley" / "migration.yaml")


@pytest.fixture(scope="module")
def expected(export: Path) -> dict[str, dict[str, tuple[bool, str]]]:
    """ticket → message → (public, author role), read straight from the file."""
    out: dict[str, dict[str, tuple[bool, str]]] = defaultdict(dict)
    with export.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ticket, message = str(int(float(row["issueid"]))), str(int(float(row["id"])))
            out[ticket][message] = (float(row["is_private"]) == 0.0, row["author_role"])
    return out


@pytest.fixture(scope="module")
def mapped(export: Path, mapping: Mapping) -> list[MappedTicket]:
    source = open_source({**mapping.source_spec, "path": str(export)}, mapping.base_dir)
    out = []
    for legacy in source.tickets():
        result = mapping.map_ticket(legacy)
        assert isinstance(result, MappedTicket), result
        out.append(result)
    return out


def test_every_issue_becomes_one_ticket(
    mapped: list[MappedTicket], expected: dict[str, dict[str, tuple[bool, str]]]
) -> None:
    assert len(expected) == 101  # the README's count, as a cross-check
    assert [t.source_id for t in mapped] == list(expected)


def test_sentence_rows_of_one_message_make_one_comment_with_its_visibility(
    mapped: list[MappedTicket], expected: dict[str, dict[str, tuple[bool, str]]]
) -> None:
    for ticket in mapped:
        messages = expected[ticket.source_id]
        assert [c.source_id for c in ticket.comments] == list(messages)
        assert [c.public for c in ticket.comments] == [messages[m][0] for m in messages]
    assert any(not c.public for t in mapped for c in t.comments)


def test_reporters_are_end_users_and_staff_roles_are_agents(
    mapped: list[MappedTicket], expected: dict[str, dict[str, tuple[bool, str]]]
) -> None:
    for ticket in mapped:
        roles: dict[str, set[str]] = defaultdict(set)
        for comment in ticket.comments:
            roles[comment.author].add(expected[ticket.source_id][comment.source_id][1])
        for author, seen in roles.items():
            want = "end-user" if seen == {"reporter"} else "agent"  # staff stay staff
            assert ticket.users[author].role == want
        first_reporter = next(
            c.author
            for c in ticket.comments
            if expected[ticket.source_id][c.source_id][1] == "reporter"
        )
        assert ticket.requester == first_reporter


def test_subject_falls_back_to_the_first_line_when_configured(mapped: list[MappedTicket]) -> None:
    for ticket in mapped:
        first_line = next(ln for ln in ticket.comments[0].body.splitlines() if ln.strip())
        assert ticket.subject.startswith(first_line.strip()[:100])


def test_rows_of_a_ticket_apart_are_refused_unless_order_any(tmp_path: Path) -> None:
    path = FIXTURES / "csv" / "scattered.csv"
    spec = {"kind": "csv", "path": str(path)}
    with pytest.raises(SourceError, match="not together"):
        list(open_source(spec, tmp_path).tickets())
    tickets = list(open_source({**spec, "order": "any"}, tmp_path).tickets())
    assert [t.source_id for t in tickets] == ["1", "2"]
    assert [len(t.comments) for t in tickets] == [2, 1]


def test_latin1_export_with_bom_free_accents_decodes(tmp_path: Path) -> None:
    spec = {"kind": "csv", "path": str(FIXTURES / "csv" / "latin1.csv"), "encoding": "latin-1"}
    (ticket,) = open_source(spec, tmp_path).tickets()
    assert ticket.comments[0].body == "Grüße aus Köln, señor"
    assert not ticket.problems


def test_undecodable_bytes_in_utf8_export_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    spec = {"kind": "csv", "path": str(FIXTURES / "csv" / "latin1.csv")}
    (ticket,) = open_source(spec, tmp_path).tickets()
    assert any("undecodable" in p for p in ticket.problems)
    assert "\ufffd" in ticket.comments[0].body
