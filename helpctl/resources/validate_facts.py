"""What validation can know from one object alone, computed once per object per run.

A fleet's instances share most of their objects: the loader hands every instance the *same*
attrs dict for an object it includes unchanged. What :func:`~helpctl.resources.validate.
validate_state` derives from an object's attrs alone (its by-name references, the rule probes,
the per-kind checks that need no other object) is therefore kept in :class:`ObjectFacts`, keyed
by the attrs object, and reused by the next instance that holds the same object; only the
checks against the instance's state (does that group exist here?) run per instance.

Pure domain: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpctl.resources import KINDS, object_rules
from helpctl.resources.base import Issue, Reference
from helpctl.resources.validate_rules import Probe, RuleIssue, rule_probes

__all__ = ["Facts", "Issue", "ObjectFacts"]


@dataclass(frozen=True)
class Facts:
    """Everything derived from one object's attrs (and its key) alone."""

    kind: str
    key: str
    references: tuple[Reference, ...]
    issues: tuple[Issue, ...]  # per-kind checks that need no other object
    probes: tuple[Probe, ...]  # rule conditions/actions for the catalogue (rule kinds only)
    #: The rule's catalogue issues, by the types its custom fields have in a state: instances
    #: that give those fields the same types get the same verdicts (filled by the validator).
    rule_issues: dict[tuple[str | None, ...], list[RuleIssue]] = field(
        default_factory=dict, compare=False
    )


class ObjectFacts:
    """Facts of the objects declared shared with :meth:`share`, kept for the lifetime of this
    cache (one validation run); other objects' facts are derived each time, not kept (an
    object seen by one instance only would just hold memory).

    Entries are keyed by ``id(attrs)`` and hold the attrs dict itself, so an id cannot be
    reused by another object while its entry exists; the ``is`` test makes a hit certain.
    Shared attrs must not be modified (desired attrs are read-only).
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[dict[str, Any], Facts | None]] = {}

    def __len__(self) -> int:
        """How many shared objects have their facts kept."""
        return sum(1 for _, facts in self._memo.values() if facts is not None)

    def share(self, attrs: dict[str, Any]) -> None:
        """Declare that ``attrs`` (the same dict) will be validated in several states."""
        self._memo.setdefault(id(attrs), (attrs, None))

    def of(self, kind: str, key: str, attrs: dict[str, Any]) -> Facts:
        hit = self._memo.get(id(attrs))
        if hit is None or hit[0] is not attrs:
            return derive(kind, key, attrs)
        facts = hit[1]
        if facts is None or (facts.kind, facts.key) != (kind, key):
            facts = derive(kind, key, attrs)
            self._memo[id(attrs)] = (attrs, facts)
        return facts


def derive(kind: str, key: str, attrs: dict[str, Any]) -> Facts:
    """The facts of one object (uncached)."""
    spec = KINDS[kind]
    return Facts(
        kind=kind,
        key=key,
        references=tuple(spec.references(attrs)),
        issues=(*spec.checks(key, attrs), *object_rules.issues(kind, attrs)),
        probes=rule_probes(attrs) if spec.rule is not None else (),
    )
