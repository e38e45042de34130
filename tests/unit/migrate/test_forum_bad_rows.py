"""Issue 10, finding 6, for the forum source: a row the csv module refuses is quarantined with
its position and the other threads map; an unterminated quote stops the run naming its line."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpctl.errors import SourceError
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.sources import open_source


@pytest.fixture
def forum(repo_root: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "forum"
    shutil.copytree(repo_root / "examples" / "migrations" / "forum", folder)
    return folder


def test_a_thread_row_over_the_field_limit_is_quarantined_and_the_rest_map(forum: Path) -> None:
    huge = "x" * (csv.field_size_limit() + 1)
    with (forum / "threads.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"1999,question,Big,delivery,101,2023-03-01T09:15:00+03:00,open,0,{huge}\n")
    mapping = load_mapping(forum / "migration.yaml")
    results = {
        t.source_id: mapping.map_ticket(t)
        for t in open_source(mapping.source_spec, mapping.base_dir).tickets()
    }
    bad = results.pop("threads:threads.csv:10")
    assert isinstance(bad, Quarantined)
    assert any("threads.csv:10" in r and "field limit" in r for r in bad.reasons), bad.reasons
    assert len(results) == 8 and all(isinstance(m, MappedTicket) for m in results.values())


def test_an_unterminated_quote_in_a_forum_file_names_its_line(forum: Path) -> None:
    with (forum / "threads.csv").open("a", encoding="utf-8") as fh:
        fh.write('1999,question,"Never closed,delivery,101,2023-03-01T09:15:00+03:00,open,0,x\n')
        fh.write("2000,question,After,delivery,101,2023-03-01T09:15:00+03:00,open,0,x\n")
    mapping = load_mapping(forum / "migration.yaml")
    with pytest.raises(SourceError, match=r"threads\.csv:10: a quoted field"):
        list(open_source(mapping.source_spec, mapping.base_dir).tickets())
