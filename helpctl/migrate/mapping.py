"""The mapping: legacy records → target-shaped records, by the rules of a mapping file.

:func:`load_mapping` reads and checks the file offline (every problem with file:line, raised
together as one :class:`MappingError`). :meth:`Mapping.map_ticket` turns one
:class:`LegacyTicket` into a :class:`MappedTicket`, or a :class:`Quarantined` record listing every
reason it cannot be imported; it never raises for a bad record. Pure domain.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from helpctl.errors import MappingError, Problem
from helpctl.migrate.mapped import MappedTicket, MappedUser, Quarantined
from helpctl.migrate.mapping_checks import TicketBuilder
from helpctl.migrate.mapping_schema import parse_mapping
from helpctl.migrate.mapping_spec import MappingSpec
from helpctl.migrate.model import LegacyTicket, LegacyUser

__all__ = ["PLACEHOLDER_KEY", "Mapping", "load_mapping"]

#: The user key every deleted or unknown author maps to when ``missing_author`` is configured.
PLACEHOLDER_KEY = "__missing_author__"


def load_mapping(path: Path, *, now: datetime | None = None) -> Mapping:
    """Read and check a mapping file. ``now`` (default: the current time) is the limit beyond
    which a comment counts as dated in the future."""
    spec, problems = parse_mapping(Path(path))
    if spec is None:
        problems = sorted(problems, key=_problem_order)
        n = len(problems)
        # The message lists every problem: a reader fixes them all in one pass, not one per run.
        raise MappingError(
            f"{n} problem{'s' if n != 1 else ''} in mapping {path}",
            hint="fix the problems listed, then run the command again",
            problems=problems,
            list_all=True,
        )
    return Mapping(spec, now=now)


class Mapping:
    """A loaded mapping file; cheap to call per record (all rules are compiled once)."""

    def __init__(self, spec: MappingSpec, *, now: datetime | None = None) -> None:
        self.spec = spec
        #: comments dated after this are refused (clocks of old systems drift, so allow a day).
        self.future_limit = (now or datetime.now(UTC)) + timedelta(days=1)
        placeholder = spec.users.missing_author
        self.placeholder: MappedUser | None = None
        if placeholder is not None:
            self.placeholder = MappedUser(
                PLACEHOLDER_KEY, placeholder.name, placeholder.external_id, placeholder.email
            )

    @property
    def source_spec(self) -> dict[str, Any]:
        return self.spec.source_spec

    @property
    def target_instance(self) -> str:
        return self.spec.target_instance

    @property
    def ledger_path(self) -> Path:
        return self.spec.ledger_path

    @property
    def base_dir(self) -> Path:
        """The mapping file's folder: relative paths in the source spec are relative to it."""
        return self.spec.path.parent

    @property
    def batch(self) -> dict[str, int]:
        return self.spec.batch

    def map_user(self, user: LegacyUser) -> MappedUser:
        """The target user for ``user``: upsert keys, and agent or end-user by the agents rule."""
        rules = self.spec.users
        email = (user.email or "").strip().lower() or None
        if email is None and rules.synthetic_email is not None:
            email = rules.synthetic_email.render(user).lower()
        external_id = rules.external_id.render(user) if "external_id" in rules.match_by else None
        if external_id is None and email is None:
            external_id = rules.external_id.render(user)
        name = user.name.strip() or f"User {user.source_id}"
        return MappedUser(user.source_id, name, external_id, email, self._role(user, email))

    def _role(self, user: LegacyUser, email: str | None) -> Any:
        agents = self.spec.users.agents
        if agents is None:
            return user.role if user.role in ("agent", "admin") else "end-user"
        roles = user.extra.get("source_roles") or (user.extra.get("source_role", user.role),)
        domain = email.rpartition("@")[2] if email else ""
        if (
            any(str(r) in agents.role_in for r in roles)
            or user.role in agents.role_in
            or domain in agents.email_domains
            or user.source_id in agents.ids
        ):
            return "admin" if user.role == "admin" else "agent"
        return "end-user"

    def map_ticket(self, ticket: LegacyTicket) -> MappedTicket | Quarantined:
        """The importable ticket, or every reason it cannot be imported."""
        return TicketBuilder(self, ticket).build()


def _problem_order(p: Problem) -> tuple[str, int, int, str]:
    pos = p.position
    return (pos.file, pos.line, pos.column, p.path) if pos else ("", 0, 0, p.path)
