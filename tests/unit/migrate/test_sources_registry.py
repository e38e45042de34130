"""The source registry: built-in kinds, plugins from the helpctl.sources entry points, errors."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from helpctl.errors import SourceError
from helpctl.migrate import sources
from helpctl.migrate.sources import ENTRY_POINT_GROUP, known_kinds, open_source

PLUGIN_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "plugin"


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(PLUGIN_DIR))
    point = EntryPoint("canned", "helpctl_fake_source:CannedSource", ENTRY_POINT_GROUP)
    monkeypatch.setattr(sources, "entry_points", lambda group: [point])


def test_third_party_source_from_entry_point_opens_and_streams(plugin: None) -> None:
    assert "canned" in known_kinds()
    source = open_source({"kind": "canned", "tickets": 3}, Path("."))
    assert source.count() == 3
    assert [t.subject for t in source.tickets()] == ["Canned 0", "Canned 1", "Canned 2"]


def test_unknown_kind_is_refused_with_the_closest_known_one() -> None:
    with pytest.raises(SourceError) as caught:
        open_source({"kind": "jsonlines", "path": "x"}, Path("."))
    assert "jsonlines" in str(caught.value) and "jsonl" in caught.value.hint


def test_missing_source_file_names_the_path_and_where_it_was_looked_for(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"does not exist.*missing\.jsonl"):
        open_source({"kind": "jsonl", "path": "missing.jsonl"}, tmp_path)


def test_jsonl_round_trips_the_canonical_model(tmp_path: Path) -> None:
    line = {
        "source_id": "T1",
        "subject": "Привет",
        "status": "open",
        "created_at": "2024-01-02T10:00:00Z",
        "users": {"u1": {"name": "Ann", "role": "agent", "deleted": True}},
        "comments": [
            {"source_id": "c1", "author_id": "u1", "body": "<b>x</b>", "html": True,
             "public": False, "created_at": "2024-01-02T10:00:00+03:00",
             "attachments": [{"name": "a.txt", "data_base64": "aGVsbG8="}]}
        ],
    }  # fmt: skip
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n\n{not json\n", encoding="utf-8")
    first, broken = open_source({"kind": "jsonl", "path": "t.jsonl"}, tmp_path).tickets()
    comment = first.comments[0]
    assert first.subject == "Привет" and first.users["u1"].deleted
    assert comment.html and not comment.public and comment.attachments[0].read() == b"hello"
    assert comment.created_at is not None and comment.created_at.utcoffset() is not None
    assert broken.source_id == "line-3" and broken.problems
