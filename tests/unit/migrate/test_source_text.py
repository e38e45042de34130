"""Text helpers sources share: timestamps, flags, ids, HTML, undecodable bytes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpctl.migrate.sources.text import clean, html_to_text, normalize_id, parse_bool, parse_time


@pytest.mark.parametrize(
    "value",
    ["2022-01-02 11:12:51+00:00", "2022-01-02T11:12:51Z", "2022-01-02T11:12:51", 1641121971],
)
def test_timestamps_in_every_export_spelling_become_utc(value: object) -> None:
    assert parse_time(value) == datetime(2022, 1, 2, 11, 12, 51, tzinfo=UTC)


@pytest.mark.parametrize("value", ["", "yesterday", "2022-13-45", None])
def test_unparsable_timestamps_are_none_not_an_exception(value: object) -> None:
    assert parse_time(value) is None


@pytest.mark.parametrize(
    ("value", "flag"), [("1.0", True), ("0.0", False), ("yes", True), (0, False)]
)
def test_flags_as_exports_write_them(value: object, flag: bool) -> None:
    assert parse_bool(value) is flag


def test_spreadsheet_float_ids_are_normalised() -> None:
    assert normalize_id("1004298.0") == "1004298" and normalize_id(12.0) == "12"
    assert normalize_id("A-1.0") == "A-1.0"


def test_html_becomes_readable_text() -> None:
    # paragraphs are separated by a blank line, <br> is one line break
    assert (
        html_to_text("<p>Hello &amp; welcome</p><p>Line<br>two</p>")
        == "Hello & welcome\n\nLine\ntwo"
    )


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    text = b"caf\xe9".decode("utf-8", "surrogateescape")
    assert clean(text) == ("caf\ufffd", True)
    assert clean("café") == ("café", False)
