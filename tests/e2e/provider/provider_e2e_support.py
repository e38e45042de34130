"""Helpers of the provider end-to-end tests: desired states read from fixture files."""

from __future__ import annotations

import json
from pathlib import Path

from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "provider"
ALL = list(KINDS)


def desired_state(name: str = "every_kind.json") -> State:
    """The fixture's objects as the config loader would produce them (canonical attrs)."""
    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    state = State("e2e")
    for kind, spec in KINDS.items():
        for raw in doc.get(kind, []):
            model = spec.model.model_validate(raw)
            attrs = model.model_dump(mode="json", exclude_unset=True)
            renamed = tuple(getattr(model, "renamed_from", ()))
            state.add(Resource(kind, str(attrs[spec.identity]), attrs, renamed_from=renamed))
    return state
