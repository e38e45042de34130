"""The Stack Exchange source on a real dump: questions → tickets, answers and comments in order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.mapping import PLACEHOLDER_KEY, load_mapping
from helpctl.migrate.model import LegacyTicket
from helpctl.migrate.sources import open_source

MAPPING = Path(__file__).resolve().parents[2] / "fixtures/migrate/stackexchange/migration.yaml"


@pytest.fixture(scope="module")
def dump(shared_dir: Path) -> Path:
    return shared_dir / "legacy-data" / "stackexchange-conlang"


def rows(path: Path) -> list[dict[str, str]]:
    return [dict(e.attrib) for e in ET.parse(path).getroot() if e.tag == "row"]


@pytest.fixture(scope="module")
def tickets(dump: Path) -> list[LegacyTicket]:
    return list(open_source({"kind": "stackexchange", "path": str(dump)}, Path(".")).tickets())


@pytest.fixture(scope="module")
def mapped(dump: Path, tickets: list[LegacyTicket]) -> dict[str, MappedTicket]:
    mapping = load_mapping(MAPPING)
    out = {}
    for t in tickets:
        result = mapping.map_ticket(t)
        assert isinstance(result, MappedTicket), result
        out[t.source_id] = result
    return out


def test_every_question_becomes_one_ticket(dump: Path, tickets: list[LegacyTicket]) -> None:
    questions = [p["Id"] for p in rows(dump / "Posts.xml") if p["PostTypeId"] == "1"]
    assert len(questions) == 54  # the README's count, as a cross-check
    assert [t.source_id for t in tickets] == questions


def test_answers_and_comments_become_comments_in_time_order(
    dump: Path, tickets: list[LegacyTicket]
) -> None:
    posts = rows(dump / "Posts.xml")
    parent = {p["Id"]: p.get("ParentId", p["Id"]) for p in posts if p["PostTypeId"] in "12"}
    expected: Counter[str] = Counter(parent.values())  # question body + answers
    for c in rows(dump / "Comments.xml"):
        if c["PostId"] in parent:
            expected[parent[c["PostId"]]] += 1
    for t in tickets:
        assert len(t.comments) == expected[t.source_id]
        assert t.comments[0].source_id == f"q{t.source_id}"
        times = [c.created_at for c in t.comments[1:]]
        assert None not in times
        assert times == sorted(times)  # type: ignore[type-var]


def test_accepted_answer_marks_the_ticket_solved(
    dump: Path, mapped: dict[str, MappedTicket]
) -> None:
    posts = rows(dump / "Posts.xml")
    accepted = {p["Id"] for p in posts if p["PostTypeId"] == "1" and p.get("AcceptedAnswerId")}
    solved = {k for k, t in mapped.items() if t.status == "solved"}
    assert solved == accepted
    assert all(mapped[k].solved_at is not None for k in solved)


def test_closed_question_is_closed_and_archived(
    dump: Path, mapped: dict[str, MappedTicket]
) -> None:
    posts = rows(dump / "Posts.xml")
    closed = {p["Id"] for p in posts if p["PostTypeId"] == "1" and p.get("ClosedDate")}
    assert closed
    for key in closed:
        assert mapped[key].status == "closed" and mapped[key].archive


def test_tags_become_tags_with_the_configured_extra_tags(
    dump: Path, mapped: dict[str, MappedTicket]
) -> None:
    posts = {p["Id"]: p for p in rows(dump / "Posts.xml")}
    for key, ticket in mapped.items():
        source_tags = posts[key]["Tags"].strip("<>|").replace("><", "|").split("|")
        assert set(source_tags) <= set(ticket.tags)
        assert {"imported", "source:conlang"} <= set(ticket.tags)
        assert ticket.topic == source_tags[0]


def test_deleted_authors_map_to_the_placeholder_user(
    dump: Path, mapped: dict[str, MappedTicket]
) -> None:
    users = {u["Id"] for u in rows(dump / "Users.xml")}
    posts = rows(dump / "Posts.xml")
    thread_of = {p["Id"]: p.get("ParentId", p["Id"]) for p in posts if p["PostTypeId"] in "12"}
    orphaned = {
        thread_of[p["Id"]]
        for p in posts
        if p["Id"] in thread_of and p.get("OwnerUserId") not in users
    }
    assert orphaned
    for key in orphaned:
        ticket = mapped[key]
        assert PLACEHOLDER_KEY in ticket.users
        assert ticket.users[PLACEHOLDER_KEY].name == "Former user"
    for ticket in mapped.values():
        assert all(c.author in ticket.users for c in ticket.comments)


def test_users_without_email_get_synthetic_addresses_and_external_ids(
    mapped: dict[str, MappedTicket],
) -> None:
    ticket = mapped["1"]
    user = ticket.users[ticket.requester]
    assert user.external_id == f"se-user-{ticket.requester}"
    assert user.email == f"se-{ticket.requester}@users.example.invalid"


def test_html_bodies_stay_html_and_comments_stay_text(tickets: list[LegacyTicket]) -> None:
    first = tickets[0]
    assert first.comments[0].html and "<p>" in first.comments[0].body
    assert any(not c.html for c in first.comments)
