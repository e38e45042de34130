"""The names a scenario uses (brand, form, groups, ticket fields and their options, macros,
rule titles), checked against one instance's state: each unknown name is a Problem at its
file:line, with a did-you-mean, naming the instance.

Pure domain: no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from helpctl.errors import Problem
from helpctl.resources import RUNNING_KINDS
from helpctl.resources.state import State
from helpctl.scenarios.load import LoadedScenario
from helpctl.scenarios.model import Expect, FieldValue

__all__ = ["MACROS", "Names", "check_names", "option_tag"]

#: The kind a scenario step applies (the one module of the package naming kinds).
MACROS = "macros"

_CHOICE_TYPES = ("tagger", "multiselect")
_WORDS = {
    "brands": ("brand", "scenario_unknown_brand"),
    "ticket_forms": ("ticket form", "scenario_unknown_form"),
    "groups": ("group", "scenario_unknown_group"),
    "macros": ("macro", "scenario_unknown_macro"),
    "ticket_fields": ("ticket field", "scenario_unknown_field"),
    "rules": ("trigger or automation", "scenario_unknown_rule"),
}


@dataclass
class Names:
    """The names of one state a scenario may use; ``options``: field title → option tag →
    option title."""

    instance: str
    by_kind: dict[str, list[str]]
    options: dict[str, dict[str, str]]

    @classmethod
    def of(cls, state: State) -> Names:
        kinds = ("brands", "ticket_forms", "groups", "macros", "ticket_fields")
        by_kind = {kind: [r.key for r in state.of(kind)] for kind in kinds}
        by_kind["rules"] = [r.key for kind in RUNNING_KINDS for r in state.of(kind)]
        options = {
            r.key: {str(o.get("value")): str(o.get("name")) for o in r.attrs.get("options") or []}
            for r in state.of("ticket_fields")
            if r.attrs.get("type") in _CHOICE_TYPES
        }
        return cls(state.instance, by_kind, options)


def option_tag(options: dict[str, str], value: Any) -> Any:
    """An option written by its tag or its title, as its tag (other values unchanged)."""
    text = str(value)
    if text in options:
        return text
    for tag, title in options.items():
        if title == text:
            return tag
    return value


def check_names(item: LoadedScenario, names: Names) -> list[Problem]:
    """Every unknown name ``item`` uses on ``names``' instance."""
    problems = [
        replace(p, instance=names.instance) for p in _problems(item, names) if p is not None
    ]
    return problems


def _problems(item: LoadedScenario, names: Names) -> Iterator[Problem | None]:
    spec = item.spec
    ticket = spec.ticket
    yield _name(item, names, "brands", ticket.brand, "ticket.brand")
    yield _name(item, names, "ticket_forms", ticket.form, "ticket.form")
    yield _name(item, names, "groups", ticket.group, "ticket.group")
    yield from _fields(item, names, ticket.fields, "ticket.fields")
    yield from _expect(item, names, spec.expect, "expect")
    for i, step in enumerate(spec.steps):
        path = f"steps[{i}]"
        yield _name(item, names, "macros", step.macro, f"{path}.macro")
        if step.update is not None:
            yield _name(item, names, "groups", step.update.group, f"{path}.update.group")
            yield from _fields(item, names, step.update.fields, f"{path}.update.fields")
        yield from _expect(item, names, step.expect, f"{path}.expect")


def _expect(
    item: LoadedScenario, names: Names, expect: Expect | None, path: str
) -> Iterator[Problem | None]:
    if expect is None:
        return
    yield _name(item, names, "groups", expect.group, f"{path}.group")
    yield from _fields(item, names, expect.fields, f"{path}.fields")
    for i, title in enumerate(expect.fired or []):
        yield _name(item, names, "rules", title, f"{path}.fired[{i}]")


def _name(
    item: LoadedScenario, names: Names, kind: str, value: str | None, path: str
) -> Problem | None:
    if value is None or value in names.by_kind[kind]:
        return None
    word, code = _WORDS[kind]
    return item.problem(
        code,
        f"{word} `{value}` does not exist in instance `{names.instance}`",
        path,
        hint=_hint(value, names.by_kind[kind], word),
    )


def _hint(value: str, known: list[str], word: str) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if not known:
        return f"the instance declares no {word}"
    shown = ", ".join(f"`{k}`" for k in known[:8]) + (", …" if len(known) > 8 else "")
    return f"known: {shown}, or limit the scenario with `instances:`"


def _fields(
    item: LoadedScenario, names: Names, fields: dict[str, FieldValue], path: str
) -> Iterator[Problem | None]:
    for title, value in fields.items():
        where = f"{path}.{title}"
        missing = _name(item, names, "ticket_fields", title, where)
        if missing is not None:
            yield missing
            continue
        options = names.options.get(title)
        if options is None or value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            if option_tag(options, one) not in options:
                yield item.problem(
                    "scenario_unknown_option",
                    f"`{one}` is not an option of `{title}` in instance `{names.instance}`",
                    where,
                    hint=_hint(str(one), list(options), "option"),
                )
