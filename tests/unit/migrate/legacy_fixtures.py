"""Helpers of the issue-14 tests: a small jsonl history written on the fly, with its mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAPPING = """\
source: {kind: jsonl, path: tickets.jsonl}
target: {instance: sandbox}
ledger: ledger.sqlite3
users:
  match_by: [email, external_id]
  agents: {role_in: [agent]}
%(extra)s
tickets:
  external_id: "t-${source_id}"
  status: {open: open, solved: solved, closed: closed, default: open}
comments:
  body: text
"""


def user(name: str, role: str = "end-user", **more: Any) -> dict[str, Any]:
    return {"name": name, "email": f"{name.lower()}@example.com", "role": role, **more}


def ticket(sid: str, requester: str, users: dict[str, Any], *, assignee: str | None = None,
           authors: tuple[str, ...] = (), status: str = "open") -> dict[str, Any]:  # fmt: skip
    """One ticket line: the requester writes first, then each of ``authors``."""
    comments = [
        {"source_id": f"{sid}-{i}", "author_id": a, "body": f"message {i} of {sid}",
         "created_at": f"2014-05-0{1 + i % 8}T10:00:00Z"}
        for i, a in enumerate((requester, *authors))
    ]  # fmt: skip
    doc: dict[str, Any] = {
        "source_id": sid,
        "subject": f"Ticket {sid}",
        "status": status,
        "requester_id": requester,
        "created_at": "2014-05-01T10:00:00Z",
        "users": users,
        "comments": comments,
    }
    if assignee:
        doc["assignee_id"] = assignee
    return doc


def write_history(folder: Path, lines: list[dict[str, Any]], extra: str = "") -> Path:
    """``tickets.jsonl`` and ``migration.yaml`` in ``folder``; the mapping's path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (folder / "tickets.jsonl").write_text(text, encoding="utf-8")
    mapping = folder / "migration.yaml"
    mapping.write_text(MAPPING % {"extra": extra}, encoding="utf-8")
    return mapping
