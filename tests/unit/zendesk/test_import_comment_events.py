"""``ZendeskImportTarget.comment_events``: the time-based ticket event export read page by page,
events of a page's last second (repeated on the next page) skipped by id, and a page that cannot
advance the stream (every event in its start second) followed by the next second."""

from __future__ import annotations

from typing import Any, cast

from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.imports import ZendeskImportTarget


def _event(eid: int, ticket: int, ts: int, *bodies: str) -> dict[str, Any]:
    children = [{"id": eid * 10 + i, "type": "Comment", "body": b, "public": True}
                for i, b in enumerate(bodies)]  # fmt: skip
    children.append({"id": eid * 10 + 9, "event_type": "Change", "status": "open"})
    return {"id": eid, "ticket_id": ticket, "timestamp": ts, "created_at": f"t{ts}",
            "child_events": children}  # fmt: skip


class _Pages:
    """Replies by start_time, recording every request."""

    def __init__(self, pages: dict[int, dict[str, Any]]) -> None:
        self.pages = pages
        self.asked: list[dict[str, Any]] = []

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        assert path == "incremental/ticket_events"
        assert params is not None and params["include"] == "comment_events"
        self.asked.append(params)
        return self.pages[int(params["start_time"])]


def _read(pages: dict[int, dict[str, Any]], start: int) -> tuple[list[tuple[int, str]], _Pages]:
    client = _Pages(pages)
    target = ZendeskImportTarget(cast(ZendeskClient, client))
    try:
        found = [(tid, c["body"]) for tid, c in target.comment_events(start)]
    finally:
        target.close()
    return found, client


def test_pages_are_followed_and_repeated_events_skipped() -> None:
    pages = {
        100: {"ticket_events": [_event(1, 7, 100, "a", "b"), _event(2, 8, 105, "c")],
              "end_time": 105, "end_of_stream": False},
        105: {"ticket_events": [_event(2, 8, 105, "c"), _event(3, 7, 106, "d")],
              "end_time": 106, "end_of_stream": True},
    }  # fmt: skip
    found, client = _read(pages, 100)
    assert found == [(7, "a"), (7, "b"), (8, "c"), (7, "d")]
    assert [p["start_time"] for p in client.asked] == [100, 105]


def test_a_page_stuck_in_its_start_second_moves_on_to_the_next_second() -> None:
    busy = [_event(i, i, 50, f"x{i}") for i in range(1, 4)]
    pages = {
        50: {"ticket_events": busy, "end_time": 50, "end_of_stream": False},
        51: {"ticket_events": [_event(9, 9, 52, "y")], "end_time": 52, "end_of_stream": True},
    }
    found, client = _read(pages, 50)
    assert found == [(1, "x1"), (2, "x2"), (3, "x3"), (9, "y")]
    assert [p["start_time"] for p in client.asked] == [50, 51]
