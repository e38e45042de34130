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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from helpctl.resources import KINDS, RULE_KINDS
from helpctl.resources.base import Reference
from helpctl.resources.common import SYSTEM_FIELD_TITLES
from helpctl.resources.ticket_fields import OPTION_TYPES, SYSTEM_TYPES
from helpctl.resources.validate_rules import Probe, RuleIssue, rule_probes

__all__ = ["Facts", "Issue", "ObjectFacts"]

#: (code, path, message) of one problem found inside one object.
Issue = tuple[str, str, str]


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
    check = _OWN_CHECKS.get(kind)
    return Facts(
        kind=kind,
        key=key,
        references=tuple(KINDS[kind].references(attrs)),
        issues=tuple(check(key, attrs)) if check is not None else (),
        probes=rule_probes(attrs) if kind in RULE_KINDS else (),
    )


def _ticket_field(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    ftype = attrs.get("type", "text")
    if ftype in SYSTEM_TYPES and key not in SYSTEM_FIELD_TITLES:
        # Built-in fields may be declared to edit them; new fields need a custom type.
        yield "field_system_type", "type", f"`{ftype}` is the type of a built-in field"
    if ftype == "regexp" and not attrs.get("regexp_for_validation"):
        yield "field_needs_pattern", "type", "a regexp field needs `regexp_for_validation`"
    if ftype == "lookup" and not attrs.get("relationship_target_type"):
        yield "field_needs_target", "type", "a lookup field needs `relationship_target_type`"
    options = attrs.get("options")
    if ftype in OPTION_TYPES and not options:
        yield "field_needs_options", "options", f"a {ftype} field needs `options`"
    if options and ftype not in OPTION_TYPES:
        yield "field_unexpected_options", "options", f"a {ftype} field takes no `options`"
    seen: set[str] = set()
    for i, opt in enumerate(options or []):
        if opt.get("value") in seen:
            msg = f"option value `{opt.get('value')}` appears twice"
            yield "field_duplicate_option", f"options[{i}].value", msg
        seen.add(str(opt.get("value")))


def _restriction(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    restriction = attrs.get("restriction")
    if not restriction:
        return
    rtype = restriction.get("type")
    if rtype not in ("Group", "User"):
        yield "restriction_bad", "restriction.type", f"`{rtype}` is not Group or User"
    elif rtype == "Group" and not restriction.get("ids"):
        yield "restriction_bad", "restriction.ids", "a Group restriction needs group `ids`"
    elif rtype == "User" and restriction.get("id") in (None, ""):
        yield "restriction_bad", "restriction.id", "a User restriction needs the user's `id`"


def _dynamic_content(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    default = attrs.get("default_locale")
    if default is not None and default not in (attrs.get("variants") or {}):
        msg = f"default_locale `{default}` has no variant"
        yield "dc_default_locale_missing", "default_locale", msg


_OWN_CHECKS: dict[str, Callable[[str, dict[str, Any]], Iterator[Issue]]] = {
    "ticket_fields": _ticket_field,
    "dynamic_content": _dynamic_content,
    "macros": _restriction,
    "views": _restriction,
}
