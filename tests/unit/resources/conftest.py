"""Helpers for resource tests: desired states read from YAML fixture files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpctl.errors import Position
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "resources"


def _merge(base: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """A case's objects replace same-identity objects of the base, or are appended."""
    out = {kind: list(items) for kind, items in base.items()}
    for kind, items in case.items():
        if kind not in KINDS:
            continue
        ident = KINDS[kind].identity
        current = out.setdefault(kind, [])
        for item in items:
            same = [i for i, old in enumerate(current) if old.get(ident) == item.get(ident)]
            if same:
                current[same[0]] = item
            else:
                current.append(item)
    return out


def read_doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "extends" in doc:
        doc = _merge(read_doc(path.parent / doc["extends"]), doc)
    return doc


def state_from_doc(doc: dict[str, Any], source: str = "test.yaml") -> State:
    """Each object becomes a Resource at ``source:<n>`` (n counts objects of its kind)."""
    state = State("test")
    for kind, spec in KINDS.items():
        for n, item in enumerate(doc.get(kind) or [], start=1):
            model = spec.model.model_validate(item)
            attrs = model.model_dump(mode="json", exclude_unset=True)
            position = Position(source, n)
            state.add(Resource(kind, attrs[spec.identity], attrs, position=position))
    return state


def load_state(path: Path) -> State:
    return state_from_doc(read_doc(path), path.name)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def state_of() -> Callable[[dict[str, Any]], State]:
    """Build a desired State from a document (kind → list of objects)."""
    return state_from_doc


@pytest.fixture
def state_from_file() -> Callable[[Path], State]:
    """Read a fixture file (with ``extends:``) into a desired State."""
    return load_state


@pytest.fixture
def base_state() -> State:
    return load_state(FIXTURES / "valid" / "base.yaml")


@pytest.fixture
def base_doc() -> dict[str, Any]:
    return read_doc(FIXTURES / "valid" / "base.yaml")


SALTO = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"


@pytest.fixture(scope="session")
def salto_recording(zendesk_fixtures: Path) -> list[dict[str, Any]]:
    """The 58 recorded replies of one whole account."""
    replies: list[dict[str, Any]] = json.loads((zendesk_fixtures / SALTO).read_text())
    return replies


@pytest.fixture(scope="session")
def salto_reply(salto_recording: list[dict[str, Any]]) -> Callable[[str], Any]:
    """The first recorded reply body for a URL path (``/api/v2/triggers``)."""

    def reply(url: str) -> Any:
        return next(r["response"] for r in salto_recording if r["url"] == url)

    return reply
