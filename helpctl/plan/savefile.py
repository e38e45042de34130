"""Saved plans: ``plan --out plan.json`` and ``apply --plan plan.json``.

The file holds, per instance, the changes exactly as planned (with their per-field diffs), the
checksum of the live state they were computed from and a fingerprint of every live object. Applying
a saved plan re-reads the live state; if the checksum moved, the fingerprints say which objects
changed, appeared or disappeared, and the apply is refused (the reviewed plan no longer describes
what would happen). Helpdesk objects carry no credentials and the file holds nothing from the
instance's connection settings, so no secret can end up in it.

Pure domain: reading and writing one JSON file is the only I/O.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpctl import __version__
from helpctl.errors import PlanError
from helpctl.plan.model import Change, FieldDiff, InstancePlan
from helpctl.plan.target import Target
from helpctl.resources.state import Resource, State, canonical_json

__all__ = [
    "FORMAT",
    "SavedPlan",
    "change_document",
    "check_fresh",
    "fingerprints",
    "load",
    "moved",
    "plan_document",
    "save",
]

FORMAT = "helpctl-plan/1"


@dataclass
class SavedPlan:
    """One instance's plan as read back from a file, with the live fingerprints it was built on."""

    plan: InstancePlan
    fingerprints: dict[str, dict[str, str]] = field(default_factory=dict)
    target: Target = field(default_factory=Target)


def fingerprints(live: State, kinds: list[str]) -> dict[str, dict[str, str]]:
    """kind → identity → digest of (id, attrs) of every live object of ``kinds``."""
    out: dict[str, dict[str, str]] = {}
    for kind in kinds:
        out[kind] = {
            res.key: hashlib.sha256(canonical_json([res.live_id, res.attrs]).encode()).hexdigest()
            for res in live.of(kind)
        }
    return out


def _resource_doc(res: Resource | None) -> dict[str, Any] | None:
    if res is None:
        return None
    doc: dict[str, Any] = {"key": res.key, "attrs": res.attrs}
    if res.live_id is not None:
        doc["live_id"] = res.live_id
    if res.system:
        doc["system"] = True
    if res.managed:
        doc["managed"] = True
    if res.renamed_from:
        doc["renamed_from"] = list(res.renamed_from)
    if res.position is not None:
        doc["declared_at"] = str(res.position)
    return doc


def change_document(change: Change) -> dict[str, Any]:
    """The JSON form of one change (also what ``plan --json`` prints)."""
    doc: dict[str, Any] = {"action": change.action, "kind": change.kind, "key": change.key}
    if change.diffs:
        doc["diffs"] = [{"path": d.path, "old": d.old, "new": d.new} for d in change.diffs]
    if change.order:
        doc["order"] = change.order
    if change.scope:
        doc["scope"] = change.scope
    doc["desired"] = _resource_doc(change.desired)
    doc["live"] = _resource_doc(change.live)
    return doc


def plan_document(
    plans: list[InstancePlan],
    lives: dict[str, State],
    project: Path,
    target: Target | None = None,
) -> dict[str, Any]:
    """The whole saved-plan document for several instances; ``target`` records what the plan
    was limited to (``--kind``/``--only``; empty lists: everything)."""
    return {
        "format": FORMAT,
        "helpctl_version": __version__,
        "project": str(project),
        "target": (target or Target()).document(),
        "instances": [
            {
                "instance": plan.instance,
                "kinds": plan.kinds,
                "live_checksum": plan.live_checksum,
                "fingerprints": fingerprints(lives[plan.instance], plan.kinds),
                "counts": plan.counts(),
                "changes": [change_document(c) for c in plan.changes],
            }
            for plan in plans
        ],
    }


def save(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _resource(kind: str, doc: dict[str, Any] | None) -> Resource | None:
    if doc is None:
        return None
    return Resource(
        kind=kind,
        key=str(doc["key"]),
        attrs=dict(doc.get("attrs") or {}),
        live_id=doc.get("live_id"),
        system=bool(doc.get("system", False)),
        managed=bool(doc.get("managed", False)),
        renamed_from=tuple(doc.get("renamed_from") or ()),
    )


def _change(doc: dict[str, Any]) -> Change:
    kind = str(doc["kind"])
    return Change(
        action=doc["action"],
        kind=kind,
        key=str(doc["key"]),
        desired=_resource(kind, doc.get("desired")),
        live=_resource(kind, doc.get("live")),
        diffs=[FieldDiff(d["path"], d.get("old"), d.get("new")) for d in doc.get("diffs", [])],
        order=list(doc.get("order", [])),
        scope=str(doc.get("scope", "")),
    )


def load(path: Path) -> list[SavedPlan]:
    """Read a saved plan file; a file that is not one is refused with what to do."""
    hint = "write it with `helpctl plan --out FILE` and pass that file unchanged"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise PlanError(f"{path}: cannot read the saved plan: {err}", hint=hint) from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PlanError(f"{path}: not a helpctl plan file (format {FORMAT} expected)", hint=hint)
    try:
        target = Target.from_document(doc.get("target"))
        return [
            SavedPlan(
                plan=InstancePlan(
                    instance=str(inst["instance"]),
                    changes=[_change(c) for c in inst["changes"]],
                    live_checksum=str(inst["live_checksum"]),
                    kinds=list(inst["kinds"]),
                ),
                fingerprints=dict(inst.get("fingerprints") or {}),
                target=target,
            )
            for inst in doc["instances"]
        ]
    except (KeyError, TypeError, ValueError) as err:
        raise PlanError(f"{path}: the saved plan is damaged ({err!r})", hint=hint) from err


def moved(saved: SavedPlan, live: State) -> list[str]:
    """What changed on the live side since the plan was saved (empty when nothing did)."""
    if live.checksum(saved.plan.kinds) == saved.plan.live_checksum:
        return []
    now = fingerprints(live, saved.plan.kinds)
    out: list[str] = []
    for kind in saved.plan.kinds:
        before, after = saved.fingerprints.get(kind, {}), now.get(kind, {})
        out += [f"{kind} '{k}' changed" for k in before if k in after and before[k] != after[k]]
        out += [f"{kind} '{k}' appeared" for k in after if k not in before]
        out += [f"{kind} '{k}' disappeared" for k in before if k not in after]
    if not out:
        out.append("the order of live objects changed")
    return out


def check_fresh(saved: SavedPlan, live: State, path: Path) -> None:
    """Refuse to apply a saved plan whose live state moved since it was written."""
    what = moved(saved, live)
    if what:
        listed = "\n  ".join(what)
        raise PlanError(
            f"[{saved.plan.instance}] the live state changed since {path} was written:\n  {listed}",
            hint="run `helpctl plan --out` again, review it, then apply the new plan",
        )
