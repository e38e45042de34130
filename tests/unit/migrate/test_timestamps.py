"""The ``timestamps:`` rule of a source: formats tried in order, IANA zones with their history,
no time without a zone ever read as UTC, and every option checked offline with file:line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpctl.errors import MappingError, Problem
from helpctl.migrate.timestamps import TimestampRule, rule_from_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "mapping-errors"
MOSCOW = {"format": "%d.%m.%Y %H:%M", "timezone": "Europe/Moscow"}


def test_moscow_was_utc_plus_4_in_2011() -> None:
    when, problem = rule_from_spec(MOSCOW).parse("04.11.2011 18:49")
    assert problem is None and when == datetime(2011, 11, 4, 14, 49, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "utc_hour"),
    [
        ("15.01.2010 10:00", 7),  # winter time before 2011: UTC+3
        ("20.07.2010 10:00", 6),  # summer time before 2011: UTC+4
        ("15.01.2013 10:00", 6),  # 2011–2014: UTC+4 all year
        ("15.01.2015 10:00", 7),  # since October 2014: UTC+3
    ],
)
def test_the_zone_s_history_gives_each_date_its_offset(raw: str, utc_hour: int) -> None:
    when, _ = rule_from_spec(MOSCOW).parse(raw)
    assert when is not None and when.hour == utc_hour and when.tzinfo is UTC


def test_formats_are_tried_in_order() -> None:
    rule = rule_from_spec({"format": ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"], "timezone": "UTC"})
    assert rule.parse("04.11.2011 18:49:30")[0] == datetime(2011, 11, 4, 18, 49, 30, tzinfo=UTC)
    assert rule.parse("04.11.2011 18:49")[0] == datetime(2011, 11, 4, 18, 49, tzinfo=UTC)
    assert rule.parse("2011-11-04 18:49") == (None, "invalid")


@pytest.mark.parametrize("raw", ["2011-11-04 18:49", "2011-11-04T18:49:00", datetime(2011, 1, 1)])
def test_a_time_without_a_zone_is_never_read_as_utc(raw: object) -> None:
    rule = rule_from_spec(None)
    assert rule.parse(raw) == (None, "without_zone")
    reason = rule.reason("without_zone", raw, "post 7")
    assert reason.startswith("timestamp_without_zone:") and "post 7" in reason
    assert "timestamps.timezone" in reason


def test_timezone_utc_says_so_explicitly() -> None:
    when, _ = rule_from_spec({"timezone": "UTC"}).parse("2011-11-04 18:49")
    assert when == datetime(2011, 11, 4, 18, 49, tzinfo=UTC)


@pytest.mark.parametrize(
    "raw", ["2011-11-04T14:49:00Z", "2011-11-04T18:49:00+04:00", 1320418140, "1320418140"]
)
def test_offsets_and_unix_seconds_are_taken_as_written_whatever_the_zone(raw: object) -> None:
    rule = rule_from_spec({"format": ["iso8601", "unix"], "timezone": "America/New_York"})
    assert rule.parse(raw) == (datetime(2011, 11, 4, 14, 49, tzinfo=UTC), None)


def test_a_file_s_keys_win_over_the_source_s() -> None:
    rule = rule_from_spec(MOSCOW, {"format": "%Y/%m/%d %H:%M"})
    assert rule.zone_name == "Europe/Moscow" and rule.formats == ("%Y/%m/%d %H:%M",)
    assert rule.parse("2011/11/04 18:49")[0] == datetime(2011, 11, 4, 14, 49, tzinfo=UTC)


def test_the_first_values_read_are_kept_as_examples() -> None:
    rule = TimestampRule(("%d.%m.%Y %H:%M",), "Europe/Moscow")
    for raw in ["04.11.2011 18:49", "yesterday", "05.11.2011 09:12", "06.11.2011 10:00",
                "07.11.2011 11:00", "tomorrow", "never"]:  # fmt: skip
        rule.parse(raw)
    shown = rule.describe("posts")["examples"]
    assert [e["raw"] for e in shown] == [
        "04.11.2011 18:49", "yesterday", "05.11.2011 09:12", "06.11.2011 10:00", "tomorrow"
    ]  # fmt: skip
    assert shown[0]["utc"] == "2011-11-04T14:49:00Z"
    assert shown[0]["local"] == "2011-11-04T18:49:00+04:00"
    assert shown[1]["problem"] == "invalid"


def _problems() -> dict[str, Problem]:
    from helpctl.migrate.mapping import load_mapping

    with pytest.raises(MappingError) as caught:
        load_mapping(FIXTURES / "bad-timestamps.yaml")
    return {p.path: p for p in caught.value.problems}


def _line(text: str) -> int:
    """The line of the last occurrence of ``text`` in the fixture."""
    lines = (FIXTURES / "bad-timestamps.yaml").read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize(
    ("path", "words", "line_text"),
    [
        ("source.timestamps.timezone", "unknown time zone 'Europe/Moskva'", "Moskva"),
        ("source.thread_date_fallback", "first_message or none", "first_post"),
        ("source.threads.timestamps.timezone", "never used", "timezone: Europe/Moscow"),
        ("source.posts.timestamps.format[1]", "has no fields", "- dd.mm.yyyy"),
        ("source.posts.timestamps.format[2]", "listed twice", '- "%d.%m.%Y %H:%M"'),
        ("source.users.timestamps.zone", "unknown key 'zone'", "{zone: UTC}"),
    ],
)
def test_every_timestamp_option_is_checked_offline_with_its_line(
    path: str, words: str, line_text: str
) -> None:
    problem = _problems()[path]
    assert words in problem.message and problem.code == "mapping.bad_source"
    assert problem.position is not None
    assert problem.position.file.endswith("bad-timestamps.yaml")
    assert problem.position.line == _line(line_text)
