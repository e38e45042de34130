"""The desired state of an instance: its includes, merged, excluded, substituted and validated.

:func:`load_desired` is the one entry point for a single instance. :class:`DesiredLoader` does the
same for many instances of one project and shares work between them: each file is parsed once,
and an object that reaches several instances unchanged (same file, no overlay) is validated
once; with ``${vars}`` only the substitution is redone per instance. Every call returns its own
:class:`~helpctl.resources.state.State` and :class:`~helpctl.resources.state.Resource` objects, but
instances of one loader may share the (nested) ``attrs`` values of such objects: treat desired attrs
as read-only.
"""

from __future__ import annotations

import copy as copy_module
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from helpctl.config.credentials import credential_warning
from helpctl.config.files import ParsedFile, ProjectFiles, RawObject
from helpctl.config.locations import LazyLocations
from helpctl.config.merge import attrs_text, overlay, substitute, substitute_attrs
from helpctl.config.model_errors import validate_positioned
from helpctl.config.project import InstanceConfig, Project
from helpctl.config.yamlpos import PosDict
from helpctl.errors import Position, Problem
from helpctl.resources import object_rules
from helpctl.resources.hc_locales import locale_problems
from helpctl.resources.state import Resource, State
from helpctl.resources.validate import validate_state
from helpctl.resources.validate_facts import ObjectFacts

__all__ = ["DesiredLoader", "gc_paused", "load_desired"]


def load_desired(project: Project, instance: InstanceConfig | str) -> tuple[State, list[Problem]]:
    """Desired state of one instance and every problem found on the way (not raised)."""
    with gc_paused():
        return DesiredLoader(project).load(instance)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a load without the cyclic garbage collector.

    Loading builds large trees of small objects that are all still in use; the collector would
    rescan them again and again (measured: more than half of a fleet validation's time) while
    finding no garbage. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Checked:
    """One object validated: its canonical attrs (None if invalid), problems, locations."""

    attrs: dict[str, Any] | None
    problems: list[Problem]
    locations: dict[str, Position]
    text: str | None = None  # attrs as JSON, kept for per-instance substitution
    resource: Resource | None = None  # built once when instances share the object unchanged


@dataclass
class _Entry:
    """An object as merged so far for one instance; ``raw`` while no overlay touched it."""

    kind: str
    key: str | None
    data: PosDict
    has_vars: bool
    raw: RawObject | None
    #: an earlier file of the instance already defined objects of this kind (so this one,
    #: if it merges with nothing, may be an overlay whose base is gone)
    after_base: bool = False


@dataclass
class _Merged:
    kinds: dict[str, dict[str, _Entry]] = field(default_factory=dict)


class DesiredLoader:
    """Loads desired states for instances of one project, sharing parsing and validation."""

    def __init__(self, project: Project) -> None:
        from helpctl.resources import KINDS

        self.project = project
        self.files = ProjectFiles(project.root)
        self.kinds = KINDS
        self._checked: dict[int, _Checked] = {}
        # what validate_state derives from each object alone, reused by every instance that
        # holds the same (shared, unchanged) object
        self._facts = ObjectFacts()

    def load(self, instance: InstanceConfig | str) -> tuple[State, list[Problem]]:
        inst = self._instance(instance)
        files, problems = self.files.instance_files(inst)
        for parsed in files:
            problems += parsed.problems
        merged = self._merge(files)
        problems += self._exclude(merged, inst)
        state = State(inst.name)
        invalid: dict[str, list[str]] = {}
        for kind in self.kinds:
            entries = merged.kinds.get(kind)
            if entries is None:
                continue
            state.resources[kind] = []
            for entry in entries.values():
                resource, found = self._resource(entry, inst)
                problems += found
                if resource is None:
                    invalid.setdefault(kind, []).append(entry.key or "")
                else:
                    state.add(resource)
                    if entry.after_base and entry.raw is not None:
                        problems += _lone_overlay(resource)
        unparsed = {
            kind: dict.fromkeys(names, parsed.display)
            for parsed in files
            for kind, names in parsed.unparsed.items()
        }
        problems += validate_state(state, _external(inst, invalid), self._facts, unparsed)
        problems += _defined_external(state, inst)
        if inst.hc_locales is not None:
            problems += locale_problems(state, inst.hc_locales)
        # the project file is checked by the loader; what it leaves to the environment is only
        # worth a warning, reported with the instance's other problems
        warning = credential_warning(inst)
        if warning is not None:
            problems.append(warning)
        return state, [replace(p, instance=inst.name) for p in problems]

    def _instance(self, instance: InstanceConfig | str) -> InstanceConfig:
        if isinstance(instance, InstanceConfig):
            return instance
        return self.project.instance(instance)

    def _merge(self, files: list[ParsedFile]) -> _Merged:
        merged = _Merged()
        for parsed in files:
            earlier = {kind for kind, entries in merged.kinds.items() if entries}
            for kind in parsed.kinds:
                merged.kinds.setdefault(kind, {})
            for obj in parsed.objects:
                entries = merged.kinds[obj.kind]
                key = obj.key if obj.key is not None else f"\0{id(obj)}"
                before = entries.get(key)
                if before is None:
                    entries[key] = _Entry(
                        obj.kind, obj.key, obj.data, obj.has_vars, obj, obj.kind in earlier
                    )
                else:
                    before.data = overlay(before.data, obj.data)
                    before.has_vars = before.has_vars or obj.has_vars
                    before.raw = None
        return merged

    def _exclude(self, merged: _Merged, inst: InstanceConfig) -> list[Problem]:
        problems = []
        for excl in inst.exclude:
            entries = merged.kinds.get(excl.kind, {})
            if entries.pop(excl.key, None) is None:
                problems.append(
                    Problem(
                        "exclude_unmatched",
                        f"exclude names {excl.kind} `{excl.key}`, which no included file defines",
                        excl.position,
                        f"instances.{inst.name}.exclude",
                        hint="check the title, or remove the exclude",
                        severity="warning",
                    )
                )
        return problems

    def _resource(
        self, entry: _Entry, inst: InstanceConfig
    ) -> tuple[Resource | None, list[Problem]]:
        data = entry.data
        label = entry.key if entry.key is not None else (entry.raw.index if entry.raw else "?")
        prefix = f"{entry.kind}[{label}]"
        checked = self._shared_check(entry, prefix)
        attrs: dict[str, Any] | None = None
        unknown: list[str] = []
        if checked is not None and checked.attrs is not None and entry.has_vars:
            # Substitution only changes string values, which the model took as written: a
            # valid shared object stays valid, so substitute into its canonical attrs.
            if checked.text is None:
                checked.text = attrs_text(checked.attrs)
            attrs, unknown = substitute_attrs(checked.attrs, inst.vars, checked.text)
        elif checked is not None and not entry.has_vars:
            attrs = checked.attrs
        else:
            if entry.has_vars:
                data, unknown = substitute(data, inst.vars)
            checked = self._check(entry.kind, data, prefix)
            attrs = checked.attrs
        problems = list(checked.problems)
        resource = None
        if attrs is None and entry.key is not None:
            # a key error must not hide the object's other problems (a dangling reference
            # beside a misspelt key): check what remains once the wrong keys are left out
            salvaged = _salvage(self.kinds[entry.kind].model, data, checked.problems, prefix)
            if salvaged is not None:
                return self._build(entry, data, salvaged, checked), problems
        if attrs is not None:
            if attrs is checked.attrs and checked.resource is not None:
                resource = _same_object(checked.resource)  # for another instance
                # seen twice, so worth keeping its facts (most objects of an instance's own
                # overlay are seen once, and keeping theirs would only hold memory)
                self._facts.share(resource.attrs)
            else:
                resource = self._build(entry, data, attrs, checked)
                if attrs is checked.attrs:
                    checked.resource = resource
        for item in unknown:
            path, name = item.split("\0")
            problems.append(_unknown_var(name, prefix, path, data, checked.locations, inst))
        return resource, problems

    def _build(
        self, entry: _Entry, data: PosDict, attrs: dict[str, Any], checked: _Checked
    ) -> Resource:
        attrs = dict(attrs)
        # renamed_from is excluded from the canonical dump: read it from the YAML itself
        renamed = attrs.pop("renamed_from", None) or data.get("renamed_from") or ()
        renamed = [renamed] if isinstance(renamed, str) else [str(x) for x in renamed]
        identity = attrs.get(self.kinds[entry.kind].identity, entry.key)
        return Resource(
            entry.kind,
            str(identity),
            attrs,
            position=data.mark,
            renamed_from=tuple(renamed),
            locations=checked.locations,
        )

    def _shared_check(self, entry: _Entry, prefix: str) -> _Checked | None:
        """The validation of an object that reaches instances as written (no overlay), done
        once per run; None for merged objects, which are validated per instance."""
        if entry.raw is None:
            return None
        checked = self._checked.get(id(entry.raw))
        if checked is None:
            checked = self._checked[id(entry.raw)] = self._check(entry.kind, entry.data, prefix)
        return checked

    def _check(self, kind: str, data: PosDict, prefix: str) -> _Checked:
        model, problems = validate_positioned(self.kinds[kind].model, data, prefix, data.mark)
        locations = LazyLocations(data)
        attrs = model.model_dump(mode="json", exclude_unset=True) if model is not None else None
        return _Checked(attrs, problems, locations)


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _drop(data: Any, path: str) -> bool:
    """Remove the value at ``path`` (``conditions.all[0].bogus``) from nested ``data``."""
    steps = [int(i) if i else key for key, i in _SEGMENT.findall(path)]
    for step in steps[:-1]:
        inside_list = isinstance(data, list) and isinstance(step, int) and step < len(data)
        if inside_list or (isinstance(data, dict) and step in data):
            data = data[step]
        else:
            return False
    last = steps[-1] if steps else None
    if isinstance(data, dict) and last in data:
        del data[last]
        return True
    if isinstance(data, list) and isinstance(last, int) and last < len(data):
        del data[last]
        return True
    return False


def _salvage(
    model: type[BaseModel], data: PosDict, problems: list[Problem], prefix: str
) -> dict[str, Any] | None:
    """The object's canonical attrs without the values its problems point at (None when
    that still does not validate): only for checking the rest; never planned or applied,
    since the load has errors."""
    copy = copy_module.deepcopy(dict(data))
    for problem in problems:
        path = problem.path.removeprefix(prefix).lstrip(".")
        if not path or not _drop(copy, path):
            return None
    try:
        return model.model_validate(copy).model_dump(mode="json", exclude_unset=True)
    except ValidationError:
        return None


def _same_object(resource: Resource) -> Resource:
    """A new Resource with the same field values (attrs shared): ``dataclasses.replace``
    without its per-field work, which showed in profiles at one copy per shared object and
    instance. Copying ``__dict__`` copies every field, including any added later."""
    copy = Resource.__new__(Resource)
    copy.__dict__.update(resource.__dict__)
    return copy


def _unknown_var(
    name: str,
    prefix: str,
    path: str,
    data: PosDict,
    locations: dict[str, Position],
    inst: InstanceConfig,
) -> Problem:
    probe = Resource("", "", {}, position=data.mark, locations=locations)
    known = ", ".join(sorted(inst.vars)) or "none"
    return Problem(
        "var_unknown",
        f"unknown variable `${{{name}}}` for instance {inst.name}",
        probe.where(path),
        f"{prefix}.{path}",
        hint=f"add `{name}` to the instance's `vars` (known: {known}), or write `$${{` for a"
        " literal `${`",
    )


def _lone_overlay(res: Resource) -> list[Problem]:
    """A warning for an object that merges with nothing although it is incomplete on its own
    (it breaks a rule of the object-rule catalogue) and comes after files defining its kind:
    most likely an overlay whose base object was deleted or renamed, now standing alone."""
    broken = [code for code, _, _ in object_rules.issues(res.kind, res.attrs)]
    if not broken:
        return []
    return [
        Problem(
            "overlay_without_base",
            f"{res.kind} `{res.key}` overlays nothing: no earlier file defines it, and alone it "
            f"is incomplete ({', '.join(broken)})",
            res.position,
            f"{res.kind}[{res.key}]",
            hint="if its base object was deleted or renamed, delete this overlay or rename it "
            "too (`renamed_from`); if it is meant to be new, write the whole object",
            severity="warning",
        )
    ]


def _defined_external(state: State, inst: InstanceConfig) -> list[Problem]:
    """A warning per object the config defines although the instance declares it external:
    plans leave such an object alone, so its definition here has no effect."""
    return [
        Problem(
            "external_defined",
            f"{kind} `{res.key}` is declared external for instance {inst.name}, so plans leave "
            "it alone: this definition has no effect",
            res.position,
            f"{kind}[{res.key}]",
            hint=f"remove it from the config, or from `external.{kind}` to manage it here",
            severity="warning",
        )
        for kind, names in inst.external.items()
        for res in state.of(kind)
        if res.key in names
    ]


def _external(inst: InstanceConfig, invalid: dict[str, list[str]]) -> dict[str, list[str]]:
    """Declared externals, plus objects that failed validation (so they are not reported a
    second time as dangling references)."""
    out = {kind: list(names) for kind, names in inst.external.items()}
    for kind, names in invalid.items():
        out.setdefault(kind, []).extend(names)
    return out
