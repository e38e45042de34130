"""Plans: what would change on one instance, as value objects.

The data shapes here are the contract the provider, the CLI and saved plan files rely on. The
logic lives beside them, in the pure domain modules of :mod:`helpctl.plan`: ``planner``
(desired vs live → ordered changes), ``field_diff`` (per-field comparison), ``safety``
(refusals) and ``savefile`` (saved plans).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from helpctl.resources.state import Resource

__all__ = ["ACTIONS", "MARKER_PATH", "Change", "FieldDiff", "InstancePlan"]

Action = Literal["create", "update", "delete", "reorder"]

#: Every action, in the order summaries list them.
ACTIONS: tuple[Action, ...] = ("create", "update", "delete", "reorder")

#: The ``FieldDiff.path`` of an update that restores the managed marker (``KindSpec.marker_field``)
#: removed by hand from a live object the config declares; ``new`` is ``"restored"``.
MARKER_PATH = "(managed marker)"


@dataclass(frozen=True)
class FieldDiff:
    """One attribute that differs: ``path`` is a top-level attrs key."""

    path: str
    old: Any
    new: Any


@dataclass
class Change:
    """One step of a plan.

    - create: ``desired`` set, ``live`` None.
    - update: both set; ``diffs`` lists what changes (``renamed_from`` renames show as a diff of
      the identity key).
    - delete: ``live`` set, ``desired`` None.
    - reorder: ``kind`` and ``order`` (the full desired order of identities, e.g. the trigger titles
      of one category or the forms); ``scope`` names what is reordered ("category Notifications",
      "options of Contact reason", "fields of form Contact us") when not the whole kind.
    """

    action: Action
    kind: str
    key: str
    desired: Resource | None = None
    live: Resource | None = None
    diffs: list[FieldDiff] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    scope: str = ""

    @property
    def restores_marker(self) -> bool:
        """The update puts back the managed marker (see :data:`MARKER_PATH`)."""
        return any(d.path == MARKER_PATH for d in self.diffs)


@dataclass
class InstancePlan:
    """The ordered changes for one instance, and the checksum of the live state they came from."""

    instance: str
    changes: list[Change] = field(default_factory=list)
    live_checksum: str = ""
    kinds: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        """How many changes of each action (every action present, zeros included)."""
        out: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        for change in self.changes:
            out[change.action] += 1
        return out

    def counts_by_kind(self) -> dict[str, int]:
        """How many changes per kind, for the drift matrix."""
        out: dict[str, int] = {}
        for change in self.changes:
            out[change.kind] = out.get(change.kind, 0) + 1
        return out
