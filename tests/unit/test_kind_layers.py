"""Every configuration kind has its three layers, and a kind's name stays in few modules.

A kind is described once per layer: ``helpctl/resources/kinds/<kind>.py`` (the domain's
``SPEC``), ``helpctl/zendesk/kinds/<kind>.py`` (``ZENDESK_KIND``: endpoint and payload map) and
``helpctl/sandbox/kinds/<kind>.py`` (``SANDBOX_KIND``: collection and routes). Everything else
is derived from these, so a kind missing one of them is a bug these tests name.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import helpctl
from helpctl.resources import KINDS, REFERENCED_KINDS
from helpctl.sandbox.kinds import SANDBOX_KINDS
from helpctl.zendesk.kinds import ZENDESK_KINDS

SOURCE = Path(helpctl.__file__).parent
#: Modules (beyond a kind's own three) that may name a kind no other kind references.
NAME_BUDGET = 5


def missing_layers(
    domain: Mapping[str, Any], zendesk: Mapping[str, Any], sandbox: Mapping[str, Any]
) -> list[str]:
    """One line per kind that lacks a layer (or a layer entry with no domain kind)."""
    out = []
    for kind in sorted(set(domain) | set(zendesk) | set(sandbox)):
        lacks = [
            layer
            for layer, entries in (("domain", domain), ("zendesk", zendesk), ("sandbox", sandbox))
            if kind not in entries
        ]
        if lacks:
            out.append(f"{kind}: no {', '.join(lacks)} layer")
    return out


def test_every_kind_has_its_three_layers() -> None:
    assert missing_layers(KINDS, ZENDESK_KINDS, SANDBOX_KINDS) == []


@pytest.mark.parametrize("layer", ["domain", "zendesk", "sandbox"])
def test_a_kind_without_a_layer_is_named(layer: str) -> None:
    layers = {"domain": dict(KINDS), "zendesk": dict(ZENDESK_KINDS), "sandbox": dict(SANDBOX_KINDS)}
    del layers[layer]["macros"]
    assert missing_layers(**layers) == [f"macros: no {layer} layer"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_sandbox_serves_the_kind_where_the_adapter_looks(kind: str) -> None:
    ep, coll = ZENDESK_KINDS[kind].endpoint, SANDBOX_KINDS[kind].collection
    assert (coll.kind, coll.plural, coll.singular) == (ep.path, ep.plural, ep.singular)
    served = {path for _, path, _ in SANDBOX_KINDS[kind].routes()}
    assert f"/{ep.path}" in served and f"/{ep.path}/{{id}}" in served


def test_kinds_come_after_what_they_depend_on() -> None:
    order = list(KINDS)
    for name, spec in KINDS.items():
        assert all(order.index(dep) < order.index(name) for dep in spec.depends_on), name


@pytest.mark.parametrize("kind", REFERENCED_KINDS)
def test_a_referenced_kind_says_how_a_dangling_name_is_reported(kind: str) -> None:
    unknown = KINDS[kind].unknown_ref
    assert unknown is not None and unknown.code.startswith("ref_unknown_") and unknown.word


def modules_naming(kind: str) -> list[str]:
    """The modules under helpctl/ whose code holds the string ``"<kind>"`` (a constant of its
    own, not a mention inside a docstring or a longer text)."""
    out = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Constant) and n.value == kind for n in ast.walk(tree)):
            out.append(str(path.relative_to(SOURCE)))
    return sorted(out)


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in REFERENCED_KINDS])
def test_a_kind_nobody_references_is_named_in_few_modules(kind: str) -> None:
    own = {f"{layer}/kinds/{kind}.py" for layer in ("resources", "zendesk", "sandbox")}
    # the rule engine (helpctl/rules/) runs what the rule kinds mean: one place, however split
    places = {"rules/" if m.startswith("rules/") else m for m in modules_naming(kind)}
    others = sorted(places - own)
    assert len(others) <= NAME_BUDGET, others
