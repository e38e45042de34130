"""parse_record's depth guard: exact whatever the brackets inside strings."""

from __future__ import annotations

import json

import pytest

from helpctl.migrate.records import MAX_DEPTH, RecordError, parse_record


def _nested(levels: int) -> str:
    return "[" * (levels - 1) + "{}" + "]" * (levels - 1)


def test_shallow_record_with_many_brackets_in_its_strings_is_read() -> None:
    text = json.dumps({"source_id": "s", "body": "[{" * 100, "comments": [{"body": "{}"}]})
    assert parse_record(text)["body"] == "[{" * 100


def test_exactly_max_depth_is_read_and_one_more_is_refused() -> None:
    assert isinstance(json.loads(_nested(MAX_DEPTH)), list)
    with pytest.raises(RecordError, match="nested deeper"):
        parse_record('{"a": ' + _nested(MAX_DEPTH) + "}")
    assert parse_record('{"a": ' + _nested(MAX_DEPTH - 1) + "}")["a"]
