"""Finding 3: a person who is staff anywhere in the source is an agent, whatever the last batch
says; decided batch by batch, with the highest role remembered in the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_target import FakeTarget
from legacy_fixtures import ticket, user, write_history

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket, MappedUser
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.roles import merge_users, raise_to_known
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source


def _history(agent_first: bool) -> list[dict[str, object]]:
    """Ida assigned (staff) on 150 tickets, reporting (as a customer) on 150 others: two
    batches of 100 and more on each side, in either order."""
    as_staff = [
        ticket(f"a{i:03}", "cust", {"cust": user("Cust"), "ida": user("Ida", "agent")},
               assignee="ida", authors=("ida",))
        for i in range(150)
    ]  # fmt: skip
    as_reporter = [ticket(f"r{i:03}", "ida", {"ida": user("Ida")}) for i in range(150)]
    return [*as_staff, *as_reporter] if agent_first else [*as_reporter, *as_staff]


@pytest.mark.parametrize("agent_first", [True, False])
def test_staff_anywhere_stays_an_agent_across_batches(tmp_path: Path, agent_first: bool) -> None:
    path = write_history(tmp_path, _history(agent_first))
    mapping = load_mapping(path)
    source = open_source(mapping.source_spec, tmp_path)
    target = FakeTarget()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        report = run(source, mapping, target, ledger)
        assert report.counts["imported"] == 300
        assert target.roles["ida"] == "agent"
        assert target.roles["cust"] == "end-user"
        assert ledger.user_roles(["ida", "cust"]) == {"ida": "agent", "cust": "end-user"}
        again = FakeTarget()
        run(open_source(mapping.source_spec, tmp_path), mapping, again, ledger)
        assert "ida" not in again.roles  # nothing changed: not upserted (or demoted) again


def _ticket(role: str) -> MappedTicket:
    u = MappedUser("p", "P", None, "p@example.com", role)  # type: ignore[arg-type]
    return MappedTicket("s", "x", "S", "open", "p", [], {"p": u})


def test_within_a_batch_the_strongest_role_wins_and_the_ledger_only_raises() -> None:
    users = merge_users([_ticket("agent"), _ticket("end-user")])
    assert users["p"].role == "agent"
    assert raise_to_known(users, {"p": "admin"})["p"].role == "admin"
    lowered = raise_to_known(merge_users([_ticket("end-user")]), {"p": "agent"})
    assert lowered["p"].role == "agent"
