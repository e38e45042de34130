"""Rendering shared by all commands: the error envelope, JSON documents, stdout vs stderr."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from helpctl.errors import HelpctlError, ValidationFailed

__all__ = ["emit_json", "render_error", "state"]


@dataclass
class _State:
    """Process-wide CLI flags set by the global callback."""

    debug: bool = False
    json: bool = False


state = _State()


def emit_json(doc: Any) -> None:
    """Write one JSON document to stdout (results only go to stdout)."""
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")


def render_error(err: HelpctlError) -> None:
    """Render an error once: the JSON envelope on stdout under --json, text on stderr otherwise."""
    if state.json:
        emit_json({"error": err.as_dict()})
        return
    lines = [f"error: {err}"]
    if isinstance(err, ValidationFailed):
        lines = [f"error: {err.summary}"] + [f"  {p}" for p in err.problems]
    if err.hint:
        lines.append(f"hint: {err.hint}")
    sys.stderr.write("\n".join(lines) + "\n")
