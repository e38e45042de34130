"""Targeting: limit a plan to some kinds or objects (``--kind K``, ``--only IDENTITY``).

Not for routine use: a targeted apply may leave the helpdesk between two configurations (a
trigger applied without the group it names). A saved plan records its target, so ``show`` and
``apply --plan`` say what it was limited to.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from helpctl.errors import ConfigError
from helpctl.plan.model import Change, InstancePlan

__all__ = ["Target"]


@dataclass(frozen=True)
class Target:
    """Kinds and identities a plan is limited to (empty: everything).

    ``only`` items are ``kind/identity`` or a bare identity (any kind); an identity matches a
    change's object under its new or its former name. Reorders are kept only when no ``only``
    is given (they place every object of a list, not one).
    """

    kinds: tuple[str, ...] = ()
    only: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, kinds: Sequence[str] | None, only: Sequence[str] | None, known: Collection[str]
    ) -> Target:
        """Check the kinds (``--kind`` and the ``kind/`` of ``--only``) against ``known``."""
        named = [*(kinds or ()), *(o.split("/", 1)[0] for o in only or () if "/" in o)]
        unknown = [k for k in named if k not in known]
        if unknown:
            raise ConfigError(
                f"unknown kind {', '.join(dict.fromkeys(unknown))}",
                hint=f"kinds: {', '.join(known)}; --only takes KIND/IDENTITY or an identity",
            )
        return cls(tuple(kinds or ()), tuple(only or ()))

    @classmethod
    def from_document(cls, doc: Any) -> Target:
        """The ``target`` of a saved plan (absent: everything)."""
        if not isinstance(doc, dict):
            return cls()
        return cls(tuple(doc.get("kinds") or ()), tuple(doc.get("only") or ()))

    @property
    def everything(self) -> bool:
        return not self.kinds and not self.only

    def document(self) -> dict[str, list[str]]:
        return {"kinds": list(self.kinds), "only": list(self.only)}

    def describe(self) -> str:
        """``--kind triggers --only 'triggers/Route refunds'`` (empty for everything)."""
        parts = [f"--kind {k}" for k in self.kinds] + [f"--only '{o}'" for o in self.only]
        return " ".join(parts)

    def _named(self, change: Change) -> bool:
        names = {change.key}
        if change.live is not None:
            names.add(change.live.key)
        for item in self.only:
            kind, sep, ident = item.partition("/")
            if sep and kind == change.kind and ident in names:
                return True
            if item in names:
                return True
        return False

    def keeps(self, change: Change) -> bool:
        if self.kinds and change.kind not in self.kinds:
            return False
        if not self.only:
            return True
        return change.action != "reorder" and self._named(change)

    def select(self, plan: InstancePlan) -> InstancePlan:
        """``plan`` with only the changes the target keeps (same checksum and kinds)."""
        if self.everything:
            return plan
        kept = [c for c in plan.changes if self.keeps(c)]
        return InstancePlan(plan.instance, kept, plan.live_checksum, list(plan.kinds))
