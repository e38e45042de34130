"""Safety checks on a plan, before anything is written (octoDNS-style).

Two kinds of refusal, both raised as one :class:`~helpctl.errors.PlanError` listing every reason:

- **thresholds** (``SafetyConfig``): more updates than ``max_update_pct`` or more deletes than
  ``max_delete_pct`` of the existing objects of a kind, once at least ``min_existing`` exist.
  ``--force`` overrides these.
- **hard refusals**, which ``--force`` does not override: deleting a system object or one the
  instance declares ``external`` (the planner never plans either; a hand-edited saved plan
  might); deleting an object (a ticket field, a group, a dynamic content item…) or removing a
  field option that a live rule or form still uses *after* the plan ran; changing an immutable
  key (a ticket field's ``type``): Zendesk cannot do it in place, and doing it as delete +
  create would silently drop the field's values from every ticket, so helpctl asks for the
  explicit two-step path instead.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from helpctl.config.project import SafetyConfig
from helpctl.errors import PlanError
from helpctl.plan.model import Change, InstancePlan
from helpctl.plan.planner import is_external
from helpctl.resources.base import KindSpec
from helpctl.resources.common import dc_placeholder_name
from helpctl.resources.state import Resource, State

__all__ = [
    "OPTION_REF_KIND",
    "check_plan",
    "hard_refusals",
    "live_duplicates",
    "threshold_refusals",
]

#: The reference kind an option value is named under (``"<field title>/<value>"``).
OPTION_REF_KIND = "ticket_field_options"
DC_KIND = "dynamic_content"


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def threshold_refusals(plan: InstancePlan, live: State, safety: SafetyConfig) -> list[str]:
    """One line per kind whose updates or deletes exceed the instance's thresholds."""
    reasons: list[str] = []
    for kind in plan.kinds:
        existing = len(live.of(kind))
        if existing < safety.min_existing:
            continue
        for action, limit in (("update", safety.max_update_pct), ("delete", safety.max_delete_pct)):
            n = sum(1 for c in plan.changes if c.kind == kind and c.action == action)
            if n and _pct(n, existing) > limit:
                reasons.append(
                    f"{kind}: {n} of {existing} existing would be {action}d "
                    f"({_pct(n, existing):.0f}% > max_{action}_pct {limit:g}%)"
                )
    return reasons


def _after_plan(plan: InstancePlan, live: State) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, key, attrs) of every object as it will be once the plan ran."""
    deleted = {(c.kind, c.key) for c in plan.changes if c.action == "delete"}
    updated = {
        (c.kind, c.live.key): c.desired
        for c in plan.changes
        if c.action == "update" and c.live is not None and c.desired is not None
    }
    for res in live:
        if (res.kind, res.key) in deleted:
            continue
        new = updated.get((res.kind, res.key))
        yield res.kind, res.key, {**res.attrs, **new.attrs} if new else res.attrs
    for change in plan.changes:
        if change.action == "create" and change.desired is not None:
            yield change.kind, change.key, change.desired.attrs


def _option_values(res: Resource | None) -> set[str]:
    options = res.attrs.get("options") if res is not None else None
    if not isinstance(options, list):
        return set()
    return {str(o.get("value")) for o in options if isinstance(o, dict)}


def _retires(change: Change, kinds: Mapping[str, KindSpec]) -> bool:
    """An update that takes its object out of use (``KindSpec.retired_by`` turned false)."""
    spec = kinds.get(change.kind)
    key = spec.retired_by if spec is not None else ""
    return bool(key) and any(d.path == key and d.new is False for d in change.diffs)


def _doomed(plan: InstancePlan, kinds: Mapping[str, KindSpec]) -> dict[tuple[str, str], str]:
    """(reference kind, name) → what the plan does to it, for everything that stops existing."""
    out: dict[tuple[str, str], str] = {}
    for change in plan.changes:
        if change.action == "delete":
            out[(change.kind, change.key)] = f"delete {change.kind} '{change.key}'"
            if change.kind == DC_KIND:  # rules name an item by its placeholder
                out[(DC_KIND, dc_placeholder_name(change.key))] = f"delete {DC_KIND} '{change.key}'"
        elif change.action == "update" and change.live is not None and _retires(change, kinds):
            out[(change.kind, change.key)] = f"deactivate {change.kind} '{change.key}'"
        if change.action == "update" and change.live is not None:
            gone = _option_values(change.live) - _option_values(change.desired)
            for value in sorted(gone):
                what = f"remove option '{value}' from {change.kind} '{change.key}'"
                for title in {change.key, change.live.key}:
                    out[(OPTION_REF_KIND, f"{title}/{value}")] = what
    return out


def _protected(change: Change, spec: KindSpec | None, external: Collection[str]) -> str:
    """Why a delete must not run ("" when it may): system objects and declared externals."""
    if change.action != "delete" or change.live is None:
        return ""
    if change.live.system:
        return f"{change.kind} '{change.key}' is a system object and cannot be deleted"
    if spec is not None and not spec.deletable:
        return (
            f"{change.kind} '{change.key}' cannot be deleted in Zendesk; "
            f"write `{spec.retired_by}: false` to retire it"
        )
    if spec is not None and is_external(change.live, external, spec.identity):
        return (
            f"{change.kind} '{change.key}' is declared external (managed elsewhere) and is "
            "never deleted by helpctl"
        )
    return ""


def hard_refusals(
    plan: InstancePlan,
    live: State,
    kinds: Mapping[str, KindSpec],
    external: Mapping[str, Collection[str]] | None = None,
) -> list[str]:
    """Reasons no ``--force`` overrides: deletes of system, external or used objects,
    immutables."""
    reasons: list[str] = []
    for change in plan.changes:
        spec = kinds.get(change.kind)
        protected = _protected(change, spec, (external or {}).get(change.kind, ()))
        if protected:
            reasons.append(protected)
        if change.action == "update" and spec is not None:
            for d in change.diffs:
                if d.path in spec.immutable:
                    reasons.append(
                        f"{change.kind} '{change.key}': {d.path} cannot change ({d.old!r} → "
                        f"{d.new!r}); create the new one under a new name, move the rules to it, "
                        "then remove the old one and apply with --prune"
                    )
    doomed = _doomed(plan, kinds)
    if not doomed:
        return reasons
    for kind, key, attrs in _after_plan(plan, live):
        spec = kinds.get(kind)
        if spec is None:
            continue
        for ref in spec.references(attrs):
            what = doomed.get((ref.kind, ref.name))
            if what:
                reasons.append(f"cannot {what}: still used by {kind} '{key}' ({ref.path})")
    return reasons


def live_duplicates(desired: State, live: State, kinds: Mapping[str, KindSpec]) -> list[str]:
    """``live_duplicate_identity``: one line per object of the config that two or more live
    objects share the identity of (two runs raced to create it, or someone copied it).

    helpctl could only update one of them and would leave the other behind, so the plan is
    refused until all but one are gone (docs/problem-codes.md, ``live_duplicate_identity``).
    """
    lines: list[str] = []
    for kind, spec in kinds.items():
        keys = {r.key for r in desired.of(kind)}
        wanted = {str(r.attrs.get(spec.identity, r.key)) for r in desired.of(kind)}
        holders: dict[str, list[Resource]] = {}
        for res in live.of(kind):
            name = str(res.attrs.get(spec.identity, res.key))
            if name in wanted and res.live_id is not None:
                holders.setdefault(name, []).append(res)
        for name, found in holders.items():
            # a config naming each holder apart ("Title (#id)", as export writes them) is fine
            if len(found) > 1 and not all(res.key in keys for res in found):
                ids = [str(res.live_id) for res in found]
                lines.append(
                    f"live_duplicate_identity: {kind} '{name}' is held by {len(ids)} live objects "
                    f"(ids {', '.join(ids)}); delete or rename all but one on the helpdesk, "
                    "then plan again"
                )
    return lines


def check_plan(
    plan: InstancePlan,
    live: State,
    *,
    kinds: Mapping[str, KindSpec],
    safety: SafetyConfig,
    external: Mapping[str, Collection[str]] | None = None,
    force: bool = False,
) -> None:
    """Raise :class:`PlanError` naming the instance and every reason when the plan is unsafe.

    ``external`` is the instance's ``external:`` (a delete of one of those is refused)."""
    hard = hard_refusals(plan, live, kinds, external)
    soft = [] if force else threshold_refusals(plan, live, safety)
    if not hard and not soft:
        return
    lines = "\n  ".join(hard + soft)
    hint = (
        "review the plan; thresholds come from `safety:` of the instance in helpctl.yaml; "
        "re-run with --force to accept the threshold refusals"
        if soft and not hard
        else "change the config so nothing still in use is removed (--force does not override this)"
    )
    raise PlanError(f"[{plan.instance}] unsafe plan refused:\n  {lines}", hint=hint)
