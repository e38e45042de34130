"""The provider interface: read a live helpdesk into a State, write a Plan to it.

``ZendeskProvider`` is the one implementation today; the sandbox is a Zendesk endpoint on
loopback, so it is reached through the same provider.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from helpctl.plan import Change, InstancePlan
from helpctl.resources.state import State

__all__ = ["ApplyReport", "ChangeResult", "Provider"]


@dataclass
class ChangeResult:
    """What happened to one change: ``done`` or ``failed`` with the backend's reason."""

    change: Change
    status: Literal["done", "failed", "skipped"]
    reason: str = ""
    live_id: str | int | None = None


@dataclass
class ApplyReport:
    instance: str
    results: list[ChangeResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ChangeResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


class Provider(Protocol):
    """Reads and writes one helpdesk instance."""

    instance: str

    def populate(self, kinds: Sequence[str]) -> State:
        """The live state of ``kinds`` (system objects included, marked ``system``)."""
        ...

    def apply(
        self, plan: InstancePlan, *, progress: Callable[[ChangeResult], None] | None = None
    ) -> ApplyReport:
        """Run the plan's changes in order; a failed change is reported, not raised.
        ``progress``, when given, hears of each change as soon as it has its result."""
        ...
