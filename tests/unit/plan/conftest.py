"""Plan scenarios are YAML files under tests/fixtures/plan/: a desired and a live side per kind.

Keys starting with ``_`` describe the live object rather than its attrs: ``_id`` (live id),
``_key`` (a provider-made key), ``_system`` and ``_managed``; ``renamed_from`` on a desired
object becomes ``Resource.renamed_from``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plan"

Case = tuple[State, State]


def _resource(kind: str, raw: dict[str, Any]) -> Resource:
    attrs = {k: v for k, v in raw.items() if not k.startswith("_") and k != "renamed_from"}
    return Resource(
        kind=kind,
        key=str(raw.get("_key") or attrs[KINDS[kind].identity]),
        attrs=attrs,
        live_id=raw.get("_id"),
        system=bool(raw.get("_system", False)),
        managed=bool(raw.get("_managed", False)),
        renamed_from=tuple(raw.get("renamed_from", ())),
    )


def _state(instance: str, doc: dict[str, list[dict[str, Any]]] | None) -> State:
    state = State(instance)
    for kind, items in (doc or {}).items():
        for raw in items:
            state.add(_resource(kind, raw))
    return state


def load_case(name: str) -> Case:
    doc = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    return _state("test", doc.get("desired")), _state("test", doc.get("live"))


@pytest.fixture
def case() -> Callable[[str], Case]:
    return load_case
