"""Finding 4 (deleted users keep their display name) and finding 6 (Ctrl-C prints the partial
counts of a run and of a verify; verify shows progress)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_target import FakeTarget
from legacy_fixtures import ticket, user, write_history

from helpctl.errors import Interrupted
from helpctl.migrate.deleted_users import STAND_IN_PREFIX
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.mapping import PLACEHOLDER_KEY, load_mapping
from helpctl.migrate.model import LegacyTicket, Source
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source
from helpctl.migrate.verify import verify

PLACEHOLDER = "  missing_author: {name: Former user, email: former@example.invalid}"


def test_each_deleted_user_keeps_their_name_on_a_stand_in_of_their_own(tmp_path: Path) -> None:
    people = {"c": user("Cust"), "d1": user("Dora", deleted=True), "d2": user("Dan", deleted=True)}
    lines = [
        ticket("1", "c", people, authors=("d1", "d2", "ghost")),
        ticket("2", "c", people, authors=("d1",)),
    ]
    mapping = load_mapping(write_history(tmp_path, lines, PLACEHOLDER))
    first, second = (
        mapping.map_ticket(t) for t in open_source(mapping.source_spec, tmp_path).tickets()
    )
    assert isinstance(first, MappedTicket) and isinstance(second, MappedTicket)
    authors = [first.users[c.author] for c in first.comments]
    assert [u.name for u in authors] == ["Cust", "Dora", "Dan", "Former user"]
    dora, dan = authors[1], authors[2]
    assert dora.key == STAND_IN_PREFIX + "d1" and authors[3].key == PLACEHOLDER_KEY
    assert (
        dora.email and dora.email.startswith("former-") and dora.email.endswith("@example.invalid")
    )
    assert dora.email != dan.email and dora.external_id != dan.external_id
    assert second.users[STAND_IN_PREFIX + "d1"] == dora  # stable: one person, one stand-in
    assert "dora@example.com" not in {u.email for u in first.users.values()}


class _Breaks:
    """A source that yields ``n`` tickets, then the user presses Ctrl-C."""

    kind = "jsonl"

    def __init__(self, inner: Source, n: int) -> None:
        self.inner, self.n = inner, n

    def count(self) -> int | None:
        return self.inner.count()

    def tickets(self) -> Iterator[LegacyTicket]:
        for i, t in enumerate(self.inner.tickets()):
            if i == self.n:
                raise KeyboardInterrupt
            yield t


def _history(tmp_path: Path, n: int) -> tuple[Path, Source]:
    people = {"c": user("Cust")}
    path = write_history(tmp_path, [ticket(f"{i:04}", "c", people) for i in range(n)])
    return path, open_source(load_mapping(path).source_spec, tmp_path)


def test_ctrl_c_during_a_run_says_how_far_it_got(tmp_path: Path) -> None:
    path, source = _history(tmp_path, 450)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger, pytest.raises(Interrupted) as caught:
        run(_Breaks(source, 300), load_mapping(path), FakeTarget(), ledger)
    assert "read 300" in caught.value.message and "sent 300" in caught.value.message


def test_verify_shows_progress_and_ctrl_c_prints_the_partial_counts(tmp_path: Path) -> None:
    path, source = _history(tmp_path, 250)
    mapping, target = load_mapping(path), FakeTarget()
    seen: list[tuple[int, int | None]] = []
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        assert run(source, mapping, target, ledger).ok
        report = verify(source, mapping, target, ledger, progress=lambda d, t: seen.append((d, t)))
        assert report.found == 250 and seen == [(100, 250), (200, 250), (250, 250)]
        with pytest.raises(Interrupted) as caught:
            verify(_Breaks(source, 150), mapping, target, ledger)
    assert "100 records read, 100 of 100 tickets found" in caught.value.message
