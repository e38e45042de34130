"""docs/sources.md stays true to the sources: every option each source's ``OPTIONS`` accepts is
in its section's options table with a type, a default and a meaning; every column or field a
source declares it reads is named there; the constants those checks read are the ones the code
reads by; and every complete mapping example (a ```yaml mapping block) loads with the real
mapping loader."""

from __future__ import annotations

import ast
import importlib
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from helpctl.migrate import timestamps
from helpctl.migrate.mapping_rules import TICKET_ATTRIBUTES
from helpctl.migrate.mapping_schema import parse_mapping
from helpctl.migrate.sources import BUILTIN, csv_messages, forum, jsonl, sql, sql_rows
from helpctl.migrate.sources import stackexchange as se

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "sources.md"
_SNIPPET = re.compile(r"^```yaml mapping([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _text() -> str:
    return DOC.read_text(encoding="utf-8")


def _section(title: str, level: str = "## ") -> str:
    """The text under the heading starting with ``title`` (up to the next heading of that
    level or higher)."""
    text = _text()
    start = text.find(f"\n{level}{title}")
    assert start >= 0, f"docs/sources.md has no heading {level}{title}"
    stops = [text.find(f"\n{h} ", start + 1) for h in ("#" * n for n in range(1, len(level)))]
    ends = [s for s in stops if s >= 0]
    return text[start : min(ends) if ends else len(text)]


def _rows(section: str) -> list[list[str]]:
    """The cells of every table row in ``section`` (header and rule rows included)."""
    out = []
    for line in section.splitlines():
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            out.append([c.strip() for c in cells])
    return out


def _kind_section(kind: str) -> str:
    return _section(f"`{kind}`")


def _option_rows(section: str) -> dict[str, list[str]]:
    return {row[0].strip("`"): row for row in _rows(section) if row[0].startswith("`")}


def _module(kind: str) -> ModuleType:
    return importlib.import_module(BUILTIN[kind])


@pytest.mark.parametrize("kind", list(BUILTIN))
def test_every_option_of_a_source_is_a_row_with_type_default_and_meaning(kind: str) -> None:
    options: dict[str, bool] = _module(kind).OPTIONS
    rows = _option_rows(_kind_section(kind))
    for key, required in options.items():
        row = rows.get(key)
        assert row is not None, f"option {key!r} of {kind} is not in its table in {DOC.name}"
        assert len(row) >= 4 and all(row[:4]), f"{kind}.{key}: type, default and meaning: {row}"
        assert (row[2] == "required") == required, f"{kind}.{key}: default cell says {row[2]!r}"


def test_every_forum_file_key_and_fallback_is_documented() -> None:
    section = _kind_section("forum")
    rows = _option_rows(section)
    for key in forum.FILE_OPTIONS:
        assert key in rows and len(rows[key]) >= 4 and all(rows[key][:4]), key
    for value in forum.FALLBACKS:
        assert f"`{value}`" in section


@pytest.mark.parametrize("part", list(forum.COLUMNS))
def test_every_forum_column_is_documented_per_file(part: str) -> None:
    documented = {
        row[1].strip("`") for row in _rows(_kind_section("forum")) if row[0] == part and row[2]
    }
    missing = [c for c in forum.COLUMNS[part] if c not in documented]
    assert missing == [], f"forum {part} columns missing from {DOC.name}: {missing}"


def test_every_csv_column_is_documented_with_its_default_header_and_whether_required() -> None:
    rows = _option_rows(_kind_section("csv"))
    for column, header in csv_messages.COLUMNS.items():
        row = rows.get(column)
        assert row is not None, f"csv column {column!r} is not documented"
        assert row[1] == f"`{header}`", f"csv column {column!r}: default header {row[1]!r}"
        assert row[2] in ("yes", "no") and row[3], f"csv column {column!r}: {row}"
    # the columns the doc calls required are the ones the reader insists on
    said = {column for column in csv_messages.COLUMNS if rows[column][2] == "yes"}
    assert said == set(csv_messages._REQUIRED)


def _named_in_rows(section: str, first_cell: str) -> set[str]:
    names: set[str] = set()
    for row in _rows(section):
        if row[0] == first_cell:
            names.update(re.findall(r"`([^`]+)`", " ".join(row[1:2])))
    return names


@pytest.mark.parametrize("query", list(sql_rows.COLUMNS))
def test_every_sql_column_is_documented_per_query(query: str) -> None:
    documented = _named_in_rows(_kind_section("sql"), query)
    missing = [c for c in sql_rows.COLUMNS[query] if c not in documented]
    assert missing == [], f"sql {query} columns missing from {DOC.name}: {missing}"


def test_every_sql_query_is_documented() -> None:
    section = _kind_section("sql")
    for name in sql.QUERIES:
        assert f"`{name}`" in section
    assert sql.COLUMNS is sql_rows.COLUMNS


@pytest.mark.parametrize("obj", list(jsonl.FIELDS))
def test_every_jsonl_field_is_documented_per_object(obj: str) -> None:
    documented = _named_in_rows(_kind_section("jsonl"), obj)
    missing = [f for f in jsonl.FIELDS[obj] if f not in documented]
    assert missing == [], f"jsonl {obj} fields missing from {DOC.name}: {missing}"


@pytest.mark.parametrize("file", list(se.COLUMNS))
def test_every_stackexchange_attribute_is_documented_per_file(file: str) -> None:
    documented = _named_in_rows(_kind_section("stackexchange"), f"`{file}`")
    missing = [a for a in se.COLUMNS[file] if a not in documented]
    assert missing == [], f"stackexchange {file} attributes missing from {DOC.name}: {missing}"


def test_timestamp_keys_and_the_names_from_accepts_are_documented() -> None:
    section = _section("Timestamps")
    for key in timestamps.KEYS:
        assert f"`{key}`" in section
    for name in (timestamps.ISO, timestamps.UNIX, "timestamp_without_zone"):
        assert name in section
    names = _section("Names `from:`", level="### ")
    for name in (*TICKET_ATTRIBUTES, "custom.<key>"):
        assert f"`{name}`" in names, f"{name!r} is not among the names from: accepts"


# The declared constants must be what the code reads by: a literal key read from a record
# in these modules (``row.get("x")``, ``doc["x"]``) must be declared.
_READS = [
    (jsonl, ("doc", "c", "u", "a"), {k for v in jsonl.FIELDS.values() for k in v}),
    (sql_rows, ("row",), {k for v in sql_rows.COLUMNS.values() for k in v}),
    (sql, ("row", "r", "m", "a"), {k for v in sql_rows.COLUMNS.values() for k in v}),
]  # stackexchange reads through the attribute tables its COLUMNS is built from


def _literal_reads(module: ModuleType, receivers: tuple[str, ...]) -> set[str]:
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr == "get" and isinstance(owner, ast.Name) and node.args:
                key = node.args[0] if owner.id in receivers else None
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            key = node.slice if node.value.id in receivers else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            found.add(key.value)
    return found


@pytest.mark.parametrize(
    ("module", "receivers", "declared"), _READS, ids=lambda v: getattr(v, "__name__", "")
)
def test_the_declared_columns_are_the_ones_the_code_reads(
    module: ModuleType, receivers: tuple[str, ...], declared: set[str]
) -> None:
    reads = _literal_reads(module, receivers)
    assert reads, f"the scan found no record reads in {module.__name__}"
    undeclared = sorted(reads - declared)
    assert undeclared == [], f"{module.__name__} reads undeclared keys: {undeclared}"


def _snippets() -> list[tuple[str, str, str]]:
    return [(m.group(1).strip(), m.group(2), _line(m.start())) for m in _SNIPPET.finditer(_text())]


def _line(offset: int) -> str:
    return f"sources.md:{_text().count(chr(10), 0, offset) + 1}"


def test_every_builtin_kind_has_a_checked_mapping_example() -> None:
    kinds = {re.search(r"kind: (\w+)", body).group(1) for _, body, _ in _snippets()}  # type: ignore[union-attr]
    assert set(BUILTIN) <= kinds


@pytest.mark.parametrize(("marker", "body", "where"), _snippets(), ids=lambda v: v[:40])
def test_a_mapping_example_loads_with_the_real_loader(
    marker: str, body: str, where: str, tmp_path: Path
) -> None:
    options = dict(word.split("=", 1) for word in marker.split())
    if "dir" in options:  # the example's map files live in that folder
        for table in (ROOT / options["dir"]).glob("*.yaml"):
            shutil.copy(table, tmp_path / table.name)
    path = tmp_path / "snippet.yaml"
    path.write_text(body, encoding="utf-8")
    spec, problems = parse_mapping(path)
    assert [str(p) for p in problems] == [], f"the example at {where} does not load"
    assert spec is not None
