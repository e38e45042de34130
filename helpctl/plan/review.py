"""A fleet's plans for review: identical changes once, with the instances they apply to.

A change to the shared base shows up in every instance's plan. :func:`review` folds the plans
together: one :class:`ReviewChange` per (action, kind, object), naming the instances that have
it, whose entries (:mod:`helpctl.plan.readable`) are grouped by what they do. An entry every one
of those instances shares is shown once; what differs per instance (an overlay, a ``${var}``)
is kept under the instances it applies to. Text entries count as the same when the same words
change, even where the text around them differs per instance.

:func:`group_problems` does the same for problems: one per place and finding, naming the
instances it was found on.

Pure domain: no I/O, no rendering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from helpctl.errors import Problem
from helpctl.plan.model import Action, Change, InstancePlan
from helpctl.plan.readable import Entry, change_entries

__all__ = ["EntryGroup", "ReviewChange", "group_problems", "review"]


@dataclass
class EntryGroup:
    """One entry as it appears on several instances (same signature): instance → its entry."""

    by_instance: dict[str, Entry] = field(default_factory=dict)

    @property
    def instances(self) -> list[str]:
        return list(self.by_instance)

    @property
    def entry(self) -> Entry:
        """The first instance's entry (the others do the same thing)."""
        return next(iter(self.by_instance.values()))

    @property
    def identical(self) -> bool:
        """Every instance's entry is the same value, not only the same change."""
        first = self.entry
        return all(e == first for e in self.by_instance.values())


@dataclass
class ReviewChange:
    """One change (action, kind, object) across the instances that have it."""

    action: Action
    kind: str
    key: str
    was: str = ""
    scope: str = ""
    instances: list[str] = field(default_factory=list)
    groups: list[EntryGroup] = field(default_factory=list)
    _by_sig: dict[str, EntryGroup] = field(default_factory=dict, repr=False)

    def add(self, instance: str, entries: list[Entry]) -> None:
        self.instances.append(instance)
        for entry in entries:
            sig = entry.signature()
            group = self._by_sig.get(sig)
            if group is None or instance in group.by_instance:
                group = EntryGroup()
                self._by_sig[sig] = group
                self.groups.append(group)
            group.by_instance[instance] = entry

    @property
    def common(self) -> list[EntryGroup]:
        """The entries every instance of the change shares."""
        return [g for g in self.groups if len(g.by_instance) == len(self.instances)]

    def varying(self) -> list[tuple[list[str], list[EntryGroup]]]:
        """The other entries, under the set of instances each applies to (first seen first)."""
        out: dict[tuple[str, ...], list[EntryGroup]] = {}
        for g in self.groups:
            if len(g.by_instance) != len(self.instances):
                out.setdefault(tuple(g.instances), []).append(g)
        return [(list(names), groups) for names, groups in out.items()]


def _identity(change: Change) -> tuple[str, str, str, str, str]:
    was = change.live.key if change.live is not None and change.live.key != change.key else ""
    return (change.action, change.kind, change.key, change.scope, was)


def review(plans: Sequence[InstancePlan]) -> list[ReviewChange]:
    """Every change of ``plans``, folded across instances, in plan order (first seen first)."""
    out: dict[tuple[str, str, str, str, str], ReviewChange] = {}
    for plan in plans:
        for change in plan.changes:
            ident = _identity(change)
            item = out.get(ident)
            if item is None:
                item = ReviewChange(change.action, change.kind, change.key, ident[4], change.scope)
                out[ident] = item
            item.add(plan.instance, change_entries(change))
    return list(out.values())


def group_problems(problems: Sequence[Problem]) -> list[tuple[Problem, list[str]]]:
    """Problems found identically on several instances, once each (instance left blank), with
    the instances in the order found; problems of no instance stand alone."""
    out: dict[Problem, list[str]] = {}
    for p in problems:
        out.setdefault(replace(p, instance=""), []).append(p.instance)
    return [(p, [i for i in names if i]) for p, names in out.items()]
