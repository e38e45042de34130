"""Helpers for the fleet end-to-end tests (a unique module name, so tests can import it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cli_run import Run

Cli = Callable[..., Run]  # the shared run_cli runner (tests/cli_run.py)
Project = Callable[[str], Path]


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet of a YAML file (fails loudly when the snippet is absent)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
