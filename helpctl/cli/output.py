"""Writing results: one JSON document on stdout (progress and errors go to stderr)."""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["emit_json"]


def emit_json(doc: Any) -> None:
    """Write one JSON document to stdout (results only go to stdout)."""
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")
