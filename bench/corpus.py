"""A synthetic legacy history in the canonical JSON-lines model, for tests and benchmarks.

``write_corpus(path, tickets, comments=5)`` writes one ticket per line, deterministic for a
given seed: a mix of statuses (mostly closed history), topics, a pool of end users and agents,
created in 2014–2020 so imported timestamps are visibly historical. Streamed to disk: any size.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

STATUSES = ["closed"] * 6 + ["solved"] * 2 + ["open", "pending"]
TOPICS = [f"topic_{i:03d}" for i in range(20)]
START = datetime(2014, 3, 1, 9, 0, tzinfo=UTC)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket(i: int, rng: random.Random, comments: int, users: int, agents: int) -> dict[str, object]:
    requester = f"u{rng.randrange(users)}"
    agent = f"a{rng.randrange(agents)}"
    created = START + timedelta(minutes=i * 7 + rng.randrange(5))
    thread = []
    for c in range(comments):
        author = requester if c % 2 == 0 else agent
        thread.append(
            {
                "source_id": f"{i}-{c}",
                "author_id": author,
                "body": f"Message {c + 1} of ticket {i}: "
                + " ".join(
                    rng.choice(["printer", "invoice", "login", "crash", "слово"]) for _ in range(12)
                ),
                "public": c != comments - 1 or c == 0,
                "created_at": _iso(created + timedelta(hours=c)),
            }
        )
    return {
        "source_id": f"T{i:07d}",
        "subject": f"Synthetic ticket {i}",
        "status": STATUSES[i % len(STATUSES)],
        "topic": TOPICS[i % len(TOPICS)],
        "requester_id": requester,
        "created_at": _iso(created),
        "updated_at": _iso(created + timedelta(hours=comments)),
        "users": {
            requester: {"name": f"Customer {requester}", "email": f"{requester}@example.com"},
            agent: {
                "name": f"Agent {agent}",
                "email": f"{agent}@support.example.com",
                "role": "agent",
            },
        },
        "comments": thread,
    }


def write_corpus(
    path: Path,
    tickets: int,
    *,
    comments: int = 5,
    users: int = 200,
    agents: int = 10,
    seed: int = 7,
) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(tickets):
            row = ticket(i, rng, comments, users, agents)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
