"""The forum source on the shipped Copiny-like example (Russian text, a cp1251 users file)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpctl.migrate.deleted_users import STAND_IN_PREFIX
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import PLACEHOLDER_KEY, Mapping, load_mapping
from helpctl.migrate.sources import open_source


@pytest.fixture(scope="module")
def forum_dir(repo_root: Path) -> Path:
    return repo_root / "examples" / "migrations" / "forum"


@pytest.fixture(scope="module")
def mapping(forum_dir: Path) -> Mapping:
    return load_mapping(forum_dir / "migration.yaml")


@pytest.fixture(scope="module")
def mapped(mapping: Mapping) -> dict[str, MappedTicket]:
    out = {}
    for legacy in open_source(mapping.source_spec, mapping.base_dir).tickets():
        result = mapping.map_ticket(legacy)
        assert isinstance(result, MappedTicket), result
        out[result.source_id] = result
    return out


@pytest.fixture(scope="module")
def threads(forum_dir: Path) -> dict[str, dict[str, str]]:
    with (forum_dir / "threads.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {row["thread_id"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def posts(forum_dir: Path) -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads((forum_dir / "posts.json").read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def users(forum_dir: Path) -> dict[str, dict[str, str]]:
    with (forum_dir / "users.csv").open(encoding="cp1251", newline="") as fh:
        return {row["user_id"]: row for row in csv.DictReader(fh, delimiter=";")}


def test_every_thread_becomes_a_ticket_with_its_russian_subject(
    mapped: dict[str, MappedTicket], threads: dict[str, dict[str, str]]
) -> None:
    assert list(mapped) == list(threads)
    for key, ticket in mapped.items():
        assert ticket.subject == threads[key]["title"]
        assert ticket.comments[0].body == threads[key]["text"]


def test_cp1251_user_names_are_decoded(
    mapped: dict[str, MappedTicket], users: dict[str, dict[str, str]]
) -> None:
    names = {u.key: u.name for t in mapped.values() for u in t.users.values()}
    live = {k: u["nickname"] for k, u in users.items() if u["is_deleted"] == "0"}
    assert {k: names[k] for k in live} == live
    assert all(any("а" <= ch <= "я" for ch in n.lower()) for n in live.values())


def test_solution_mark_makes_the_ticket_solved(
    mapped: dict[str, MappedTicket], posts: list[dict[str, object]]
) -> None:
    with_solution = {str(p["thread_id"]) for p in posts if p["best_answer"]}
    assert with_solution
    assert {k for k, t in mapped.items() if t.status == "solved"} == with_solution
    for key in with_solution:
        assert mapped[key].solved_at is not None


def test_deleted_users_keep_their_name_and_vanished_ones_become_the_placeholder(
    mapped: dict[str, MappedTicket],
    users: dict[str, dict[str, str]],
    posts: list[dict[str, object]],
    threads: dict[str, dict[str, str]],
) -> None:
    deleted = {k for k, u in users.items() if u["is_deleted"] == "1"}
    vanished = {str(p["author_id"]) for p in posts if str(p["author_id"]) not in users}
    gone = deleted | vanished
    affected = {k for k, t in threads.items() if t["author_id"] in gone}
    affected |= {str(p["thread_id"]) for p in posts if str(p["author_id"]) in gone}
    assert len(affected) >= 2
    for key in affected:
        ticket = mapped[key]
        assert not gone & set(ticket.users)
        for user in ticket.users.values():
            if user.key.startswith(STAND_IN_PREFIX):  # finding 4: a deleted person's own name
                person = user.key.removeprefix(STAND_IN_PREFIX)
                assert person in deleted and user.name == users[person]["nickname"].strip()
            elif user.key == PLACEHOLDER_KEY:
                assert user.name == "Бывший пользователь"


def test_staff_flags_make_agents_and_categories_map_to_field_and_tags(
    mapped: dict[str, MappedTicket], users: dict[str, dict[str, str]]
) -> None:
    staff = {k for k, u in users.items() if u["is_moderator"] == "1"}
    for ticket in mapped.values():
        for key, user in ticket.users.items():
            assert (user.role == "agent") == (key in staff)
        assert ticket.fields["Contact reason"] == f"reason_{ticket.topic}"
        assert ticket.topic in ticket.tags


def test_reading_the_cp1251_file_as_utf8_quarantines_instead_of_crashing(
    mapping: Mapping,
) -> None:
    spec = dict(mapping.source_spec)
    spec["users"] = {**spec["users"], "encoding": "utf-8"}
    results = [mapping.map_ticket(t) for t in open_source(spec, mapping.base_dir).tickets()]
    assert results and all(isinstance(r, Quarantined) for r in results)
    for result in results:
        assert isinstance(result, Quarantined)
        assert any("undecodable" in reason for reason in result.reasons)


def _forum_with_thread_dates(folder: Path, dates: dict[str, str]) -> dict[str, object]:
    """Threads with the given date cells, one post each at 10:00Z on 2 March 2023."""
    threads = ["id,title,author,created_at"] + [f"{t},T{t},1,{d}" for t, d in dates.items()]
    posts = ["thread,id,author,created_at,body"] + [
        f"{t},p{t},1,2023-03-02T10:00:00Z,hello" for t in dates
    ]
    (folder / "threads.csv").write_text("\n".join(threads) + "\n", encoding="utf-8")
    (folder / "posts.csv").write_text("\n".join(posts) + "\n", encoding="utf-8")
    return {"kind": "forum", "threads": {"path": "threads.csv"}, "posts": {"path": "posts.csv"}}


def test_a_thread_date_that_does_not_parse_is_a_problem_not_its_first_post_s(
    tmp_path: Path,
) -> None:
    spec = _forum_with_thread_dates(
        tmp_path, {"1": "2023-03-01T09:00:00+03:00", "2": "01/03/2023", "3": "2023-03-01 09:00"}
    )
    tickets = {t.source_id: t for t in open_source(spec, tmp_path).tickets()}
    assert tickets["1"].created_at == datetime(2023, 3, 1, 6, tzinfo=UTC)
    assert not tickets["1"].problems
    assert tickets["2"].problems[0].startswith("invalid timestamp '01/03/2023' on thread 2")
    assert "thread_date_fallback" in tickets["2"].problems[0]
    assert tickets["3"].problems[0].startswith("timestamp_without_zone:")


def test_thread_date_fallback_takes_the_first_post_s_time(tmp_path: Path) -> None:
    spec = _forum_with_thread_dates(tmp_path, {"2": "01/03/2023", "4": ""})
    spec["thread_date_fallback"] = "first_message"
    tickets = {t.source_id: t for t in open_source(spec, tmp_path).tickets()}
    for ticket in tickets.values():  # unreadable (2) or missing (4): the first post's time
        assert not ticket.problems
        assert ticket.created_at == datetime(2023, 3, 2, 10, tzinfo=UTC)
