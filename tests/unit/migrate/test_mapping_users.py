"""Users: upsert keys, synthetic e-mails, and which legacy users become agents."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.model import LegacyUser

RULES = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "rules"


@pytest.mark.parametrize(
    ("user", "role"),
    [
        (LegacyUser("1", "Staff by role", extra={"source_role": "staff"}), "agent"),
        (LegacyUser("2", "Staff by domain", "ann@support.example.com"), "agent"),
        (LegacyUser("7", "Staff by id"), "agent"),
        (LegacyUser("8", "Customer", "bob@mail.example.net", role="agent"), "end-user"),
        (LegacyUser("9", "Admin by role", role="admin", extra={"source_role": "staff"}), "admin"),
    ],
)
def test_agents_rule_decides_who_is_staff(user: LegacyUser, role: str) -> None:
    assert load_mapping(RULES / "agents.yaml").map_user(user).role == role


def test_users_without_email_get_a_synthetic_one_and_everyone_an_external_id() -> None:
    mapping = load_mapping(RULES / "agents.yaml")
    bare = mapping.map_user(LegacyUser("42", "Форумчанин"))
    assert bare.email == "user-42@users.example.invalid"
    assert bare.external_id == "legacy-42"
    real = mapping.map_user(LegacyUser("43", "Ann", " Ann@Example.COM "))
    assert real.email == "ann@example.com"


@pytest.mark.parametrize(
    ("hint", "role"),
    [("agent", "agent"), ("admin", "admin"), ("end-user", "end-user"), ("unknown", "end-user")],
)
def test_without_agents_rule_the_source_hint_decides(hint: str, role: str) -> None:
    user = LegacyUser("5", "Someone", role=hint)  # type: ignore[arg-type]
    mapped = load_mapping(RULES / "hints.yaml").map_user(user)
    assert mapped.role == role
    assert mapped.email is None and mapped.external_id == "jsonl-user-5"
