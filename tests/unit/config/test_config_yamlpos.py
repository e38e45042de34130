"""YAML loading keeps a position for every key and item, and refuses what cannot be config."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.config.yamlpos import (
    PosDict,
    PosList,
    YamlFileError,
    locations_of,
    parse_yaml,
    read_yaml_file,
)
from helpctl.errors import Position


def _problem_code(text: str) -> tuple[str, Position | None]:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, "f.yaml")
    return caught.value.problem.code, caught.value.problem.position


def test_every_key_and_list_item_keeps_file_line_and_column() -> None:
    doc = parse_yaml(
        "triggers:\n  - title: A\n    conditions:\n      all: [{field: x}]\n", "t.yaml"
    )
    assert isinstance(doc, PosDict)
    where = locations_of(doc)
    assert where["triggers"] == Position("t.yaml", 1, 1)
    assert where["triggers[0]"] == Position("t.yaml", 2, 5)
    assert where["triggers[0].conditions.all[0].field"] == Position("t.yaml", 4, 14)


def test_plain_scalars_are_typed_like_yaml_and_quoted_ones_stay_text() -> None:
    doc = parse_yaml('a: [1, 2.5, true, no, ~, "3", 2024-01-31, Trigger]\n', "f.yaml")
    assert doc["a"] == [1, 2.5, True, False, None, "3", "2024-01-31", "Trigger"]
    assert isinstance(doc["a"], PosList)


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    code, pos = _problem_code("groups:\n  - name: A\n    name: B\n")
    assert code == "yaml_duplicate_key"
    assert pos == Position("f.yaml", 3, 5)


def test_tab_in_indentation_is_reported_as_a_tab() -> None:
    code, pos = _problem_code("groups:\n\t- name: A\n")
    assert (code, pos) == ("yaml_tab", Position("f.yaml", 2, 1))


def test_malformed_yaml_reports_where_the_parser_stopped() -> None:
    code, pos = _problem_code("a: [1, 2\nb: 3\n")
    assert code == "yaml_syntax"
    assert pos is not None and pos.line == 2


def test_alias_expansion_past_a_sane_size_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    code, _ = _problem_code("\n".join(lines) + "\n")
    assert code == "yaml_alias_bomb"


def test_small_anchors_and_merge_keys_still_work() -> None:
    doc = parse_yaml("base: &b {active: true}\nx:\n  <<: *b\n  title: X\n", "f.yaml")
    assert doc["x"] == {"title": "X", "active": True}


def test_python_tags_are_refused() -> None:
    code, _ = _problem_code("a: !!python/object/apply:os.system [echo]\n")
    assert code == "yaml_syntax"


def test_empty_and_comment_only_documents_are_errors() -> None:
    assert _problem_code("")[0] == "file_empty"
    assert _problem_code("# nothing yet\n")[0] == "file_empty"


def test_non_utf8_bytes_are_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"groups:\n  - name: Caf\xe9\n")
    with pytest.raises(YamlFileError) as caught:
        read_yaml_file(path, "g.yaml")
    assert caught.value.problem.code == "file_not_utf8"
    assert caught.value.problem.position == Position("g.yaml", 2, 14)


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("groups: []\n" + "#" * 2000 + "\n")
    with pytest.raises(YamlFileError) as caught:
        read_yaml_file(path, "big.yaml", max_bytes=1000)
    assert caught.value.problem.code == "file_too_large"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffgroups:\n  - name: Soporte técnico\n".encode())
    assert read_yaml_file(path, "bom.yaml") == {"groups": [{"name": "Soporte técnico"}]}
