"""The planner: desired vs live State of one instance → an ordered :class:`InstancePlan`.

Objects are matched by identity (``name`` or ``title``); a desired object whose identity is not
live but one of its ``renamed_from`` names is, is the same object renamed: an update in place
whose diff shows the identity key. Steps come out in the order they can run:

1. per kind, in dependency order (``KINDS`` order): creates and updates in the order the config
   lists them, then the reorders of that kind (so new objects exist before they are placed);
2. deletes last, kinds in reverse dependency order (triggers go before the categories and fields
   they use).

An object of a kind the instance manages as ``tagged`` whose managed marker was removed by hand
gets an update that restores it (a :data:`~helpctl.plan.model.MARKER_PATH` diff), so a later
prune still recognises it as helpctl's.

Deletes happen only with ``prune``, only of kinds the instance manages (``all``, or ``tagged``
for live objects helpctl marked as its own), never of system objects. Objects the instance
declares ``external`` live on the helpdesk and are managed elsewhere: the plan never deletes,
creates or updates them, whatever ``manage`` says or the config defines. Live objects that are
neither desired nor deletable are left alone: they are not managed here.

Ordered kinds (``KindSpec.ordered``) compare the relative order of the desired objects only, so
unmanaged live objects may sit between them. A kind whose model has a ``category`` field (triggers)
is ordered within each category. Creates are predicted to land at the end (Zendesk appends new
rules and forms), so a plan reorders only when that prediction differs from the config.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from helpctl.plan.field_diff import field_diffs
from helpctl.plan.model import MARKER_PATH, Change, FieldDiff, InstancePlan
from helpctl.resources.base import KindSpec
from helpctl.resources.state import Resource, State

__all__ = ["ORDER_SCOPE_KEY", "diff", "is_external", "order_scope"]

#: The attribute that splits an ordered kind into separately ordered groups, when its model has it.
ORDER_SCOPE_KEY = "category"


@dataclass
class _Matched:
    """The pairing of one kind's desired and live objects."""

    pairs: list[tuple[Resource, Resource | None]] = field(default_factory=list)
    unmatched_live: list[Resource] = field(default_factory=list)


def order_scope(spec: KindSpec) -> str:
    """The attribute an ordered kind is ordered within ("" when the whole kind is one list)."""
    return ORDER_SCOPE_KEY if ORDER_SCOPE_KEY in spec.model.model_fields else ""


def renamed_from(res: Resource) -> tuple[str, ...]:
    """Former identities of a desired object (the Resource field, or the YAML key)."""
    if res.renamed_from:
        return res.renamed_from
    raw = res.attrs.get("renamed_from") or ()
    return tuple(str(x) for x in ([raw] if isinstance(raw, str) else raw))


def _match(desired: list[Resource], live: list[Resource]) -> _Matched:
    by_key: dict[str, Resource] = {}
    for res in live:
        by_key.setdefault(res.key, res)
    wanted = {res.key for res in desired}
    claimed: set[int] = set()
    out = _Matched()
    for want in desired:
        found = by_key.get(want.key)
        if found is None:
            # a former name counts only if no desired object still uses that name itself
            for old in renamed_from(want):
                cand = by_key.get(old)
                if cand is not None and old not in wanted and id(cand) not in claimed:
                    found = cand
                    break
        if found is not None:
            claimed.add(id(found))
        out.pairs.append((want, found))
    out.unmatched_live = [res for res in live if id(res) not in claimed]
    return out


def is_external(res: Resource, names: Collection[str], identity: str) -> bool:
    """True when ``res`` is one of the ``names`` declared external for its kind: by its key, or
    by its ``identity`` value (a provider keys a live duplicate "Title (#id)", its attrs keep the
    bare title)."""
    if not names:
        return False
    value = res.attrs.get(identity)
    return res.key in names or (isinstance(value, str) and value in names)


def _may_delete(res: Resource, ownership: str, external: Collection[str], identity: str) -> bool:
    if res.system or is_external(res, external, identity):
        return False
    return ownership == "all" or (ownership == "tagged" and res.managed)


def _reorders(spec: KindSpec, matched: _Matched, live: list[Resource]) -> list[Change]:
    scope_key = order_scope(spec)
    desired_scope = {want.key: str(want.attrs.get(scope_key) or "") for want, _ in matched.pairs}
    live_to_desired = {id(lv): want.key for want, lv in matched.pairs if lv is not None}
    changes: list[Change] = []
    scopes = list(dict.fromkeys(desired_scope.values()))
    for scope in scopes:
        wanted = [key for key, s in desired_scope.items() if s == scope]
        # live order of the objects that already sit in this scope; the rest land at the end
        kept = [
            live_to_desired[id(lv)]
            for lv in live
            if id(lv) in live_to_desired
            and desired_scope[live_to_desired[id(lv)]] == scope
            and str(lv.attrs.get(scope_key) or "") == scope
        ]
        placed = set(kept)
        predicted = kept + [key for key in wanted if key not in placed]
        if predicted != wanted:
            label = f"{scope_key} {scope}" if scope_key else ""
            changes.append(
                Change(
                    action="reorder",
                    kind=spec.name,
                    key=scope or spec.name,
                    order=wanted,
                    scope=label,
                )
            )
    return changes


def _marker_lost(spec: KindSpec, ownership: str, live: Resource) -> bool:
    """A live object the config declares, of a kind pruned by marker (``tagged``), whose marker
    was removed by hand: without it a later ``--prune`` would never delete it."""
    return (
        bool(spec.marker_field) and ownership == "tagged" and not live.managed and not live.system
    )


def _kind_changes(spec: KindSpec, matched: _Matched, ownership: str = "none") -> list[Change]:
    changes: list[Change] = []
    for want, lv in matched.pairs:
        if lv is None:
            changes.append(Change(action="create", kind=spec.name, key=want.key, desired=want))
            continue
        diffs = field_diffs(want.attrs, lv.attrs, spec.defaults, spec.never_compared)
        if lv.key == want.key:
            # matched by identity: the identity is not a change, even where the provider keyed a
            # live duplicate as "Title (#id)" while its attrs keep the bare title
            diffs = [d for d in diffs if d.path != spec.identity]
        if _marker_lost(spec, ownership, lv):
            diffs.append(FieldDiff(MARKER_PATH, None, "restored"))
        if diffs:
            changes.append(
                Change(
                    action="update",
                    kind=spec.name,
                    key=want.key,
                    desired=want,
                    live=lv,
                    diffs=diffs,
                )
            )
    return changes


def diff(
    desired: State,
    live: State,
    *,
    kinds: Mapping[str, KindSpec],
    ownership: Mapping[str, str] | None = None,
    external: Mapping[str, Collection[str]] | None = None,
    prune: bool = False,
) -> InstancePlan:
    """The changes that turn ``live`` into ``desired``, for ``kinds`` (in dependency order).

    ``ownership`` maps a kind to ``all`` / ``tagged`` / ``none`` (missing means ``none``);
    it matters only with ``prune``. ``external`` names, per kind, objects the plan leaves alone
    (the instance's ``external:``): never deleted whatever the ownership, nor created or
    updated where the config defines them too.
    """
    owned = ownership or {}
    spared = external or {}
    names = list(kinds)
    plan = InstancePlan(
        instance=desired.instance or live.instance,
        live_checksum=live.checksum(names),
        kinds=names,
    )
    deletes: list[list[Change]] = []
    for name, spec in kinds.items():
        external_names = spared.get(name, ())
        # an object declared external is managed elsewhere, even where the config also defines
        # it (validate warns about that): the plan neither creates nor updates it
        wanted = [r for r in desired.of(name) if not is_external(r, external_names, spec.identity)]
        matched = _match(wanted, live.of(name))
        plan.changes.extend(_kind_changes(spec, matched, owned.get(name, "none")))
        if spec.ordered:
            plan.changes.extend(_reorders(spec, matched, live.of(name)))
        doomed = [
            Change(action="delete", kind=name, key=res.key, live=res)
            for res in matched.unmatched_live
            if prune and _may_delete(res, owned.get(name, "none"), external_names, spec.identity)
        ]
        deletes.append(doomed)
    for doomed in reversed(deletes):
        plan.changes.extend(reversed(doomed))
    return plan
