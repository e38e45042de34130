"""Helpers for the fleet end-to-end tests (a unique module name, so tests can import it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """What one CLI run returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Result]
Project = Callable[[str], Path]


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet of a YAML file (fails loudly when the snippet is absent)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
