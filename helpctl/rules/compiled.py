"""One business rule in Zendesk's API shape, compiled once for many evaluations.

A :class:`Rule` holds its conditions as checks and its actions as handlers. Parts the engine
cannot evaluate are compiled into a stored :class:`~helpctl.rules.errors.CannotEvaluate`, raised
only if evaluation reaches them (an earlier ``all`` condition that fails decides the rule
without it, as in Zendesk), and listed up front by :attr:`Rule.problems`.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from helpctl.rules.actions import ActionEnv, Handler, handler_for
from helpctl.rules.conditions import compile_condition, depends_on
from helpctl.rules.context import Check, Context
from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate

__all__ = ["Miss", "Rule", "conditions_of"]


@dataclass(frozen=True, slots=True)
class Miss:
    """The first condition of a rule that did not hold: ``group`` ``all`` or ``any`` (then no
    ``any`` condition held, and ``index`` is the first of them)."""

    group: str
    index: int
    field: str
    operator: str
    value: Any

    @property
    def path(self) -> str:
        return f"conditions.{self.group}[{self.index}]"

    def __str__(self) -> str:
        what = f"`{self.field}` {self.operator} {self.value!r}"
        if self.group == "any":
            return f"none of the `any` conditions held (the first: {what})"
        return f"{what} did not hold"

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "index": self.index,
            "field": self.field,
            "operator": self.operator,
            "value": self.value,
            "text": str(self),
        }


@dataclass(frozen=True, slots=True)
class _Cond:
    path: str
    index: int
    field: str
    operator: str
    value: Any
    check: Check | None
    error: CannotEvaluate | None
    run: Check  # ``check``, or (when the engine cannot evaluate it) raises ``error``


def _raiser(error: CannotEvaluate | None) -> Check:
    assert error is not None

    def run(ctx: Context) -> bool:
        raise error

    return run


def conditions_of(rule: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A rule's ``conditions`` (also the legacy top-level ``all``/``any``)."""
    conditions = rule.get("conditions") or {}
    return {g: list(conditions.get(g) or rule.get(g) or []) for g in ("all", "any")}


class Rule:
    """A trigger, automation, view or macro ready to evaluate and apply."""

    def __init__(self, kind: str, raw: Mapping[str, Any], directory: Directory) -> None:
        self.kind, self.raw = kind, raw
        self.id: Any = raw.get("id")
        self.title = str(raw.get("title", ""))
        self.active = raw.get("active", True) is not False
        self.label = f"{kind}[{self.title or self.id}]"
        self.problems: list[CannotEvaluate] = []
        conditions = conditions_of(raw)
        self.all = tuple(
            self._condition("all", i, c, directory) for i, c in enumerate(conditions["all"])
        )
        self.any = tuple(
            self._condition("any", i, c, directory) for i, c in enumerate(conditions["any"])
        )
        self.depends = self._depends(conditions["all"] + conditions["any"])
        self._all_prefix_depends = tuple(
            self._depends(conditions["all"][: i + 1]) for i in range(len(conditions["all"]))
        )
        self.actions: list[tuple[str, str, Any, Handler | None]] = []
        for i, action in enumerate(raw.get("actions") or []):
            field = str(action.get("field", ""))
            handler = handler_for(field)
            if handler is None:
                error = CannotEvaluate(f"action `{field}` is not known to the rule engine")
                self.problems.append(error.located(self.label, f"actions[{i}]"))
            self.actions.append((f"actions[{i}]", field, action.get("value"), handler))

    @staticmethod
    def _depends(conditions: list[Any]) -> frozenset[str] | None:
        """What changes can alter the verdicts of ``conditions`` within one update (None:
        any)."""
        found: set[str] = set()
        for cond in conditions:
            deps = depends_on(str(cond.get("field", "")))
            if deps is None:
                return None
            found |= deps
            if cond.get("value") in ("assignee_id", "requester_id"):
                found.add(str(cond["value"]))
        return frozenset(found)

    def miss_depends(self, cond: _Cond) -> frozenset[str] | None:
        """What changes can alter the outcome :meth:`failing` returned as ``cond`` (None: any).
        A failing ``all`` condition stays the first miss while neither it nor the conditions
        before it can change; a miss in ``any`` depends on every condition."""
        if cond.path.startswith("conditions.all"):
            return self._all_prefix_depends[cond.index]
        return self.depends

    def _condition(
        self, group: str, i: int, cond: Mapping[str, Any], directory: Directory
    ) -> _Cond:
        path = f"conditions.{group}[{i}]"
        field, operator = str(cond.get("field", "")), str(cond.get("operator", ""))
        try:
            check, error = compile_condition(cond, directory), None
        except CannotEvaluate as exc:
            check, error = None, exc.located(self.label, path)
            self.problems.append(error)
        run = check if check is not None else _raiser(error)
        return _Cond(path, i, field, operator, cond.get("value"), check, error, run)

    def failing(self, ctx: Context) -> _Cond | None:
        """None when the conditions hold, else the first condition that did not (for ``any``:
        the first of them). The fast path of :meth:`first_miss`: every check is called
        directly, and an error is located (rule, path) only when one is raised."""
        cond: _Cond | None = None
        try:
            for cond in self.all:
                if not cond.run(ctx):
                    return cond
            if self.any:
                for cond in self.any:
                    if cond.run(ctx):
                        return None
                return self.any[0]
        except CannotEvaluate as exc:
            assert cond is not None
            if exc is cond.error:  # compiled as "cannot evaluate": already located
                raise
            raise CannotEvaluate(exc.reason, rule=self.label, path=cond.path) from exc
        return None

    def first_miss(self, ctx: Context) -> Miss | None:
        """None when the conditions hold, else the first condition that did not."""
        cond = self.failing(ctx)
        return None if cond is None else self.miss(cond)

    def miss(self, cond: _Cond) -> Miss:
        group = cond.path.split(".")[1].split("[")[0]
        return Miss(group, cond.index, cond.field, cond.operator, cond.value)

    def apply(self, env: ActionEnv) -> None:
        """Apply every action, in order, to ``env``'s working ticket."""
        env.rule = self.label
        for path, field, value, handler in self.actions:
            if handler is None:
                raise CannotEvaluate(
                    f"action `{field}` is not known to the rule engine", rule=self.label, path=path
                )
            try:
                handler(env, value)
            except CannotEvaluate as exc:
                raise CannotEvaluate(exc.reason, rule=self.label, path=path) from exc
