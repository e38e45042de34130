"""Issue 10, findings 3 and 4: files a record names are confined to the source's folders,
only regular files are read, sizes are measured and reading stops at the limit."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.model import LegacyAttachment
from helpctl.migrate.safe_files import Confinement, UnsafeFile, read_limited
from helpctl.migrate.sources import open_source

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "hostile-files"
SECRET = b"the secret outside the export"


def _line(sid: str, attachment: dict[str, object]) -> str:
    return json.dumps({
        "source_id": sid, "subject": "Help", "status": "open", "requester_id": "u1",
        "users": {"u1": {"name": "Ann", "email": "ann@example.com"}},
        "comments": [{"source_id": f"{sid}-c", "author_id": "u1", "body": "see file",
                      "created_at": "2024-01-02T10:00:00Z", "attachments": [attachment]}],
    })  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "export"
    shutil.copytree(FIXTURE, root)
    src = root / "src"
    (src / "files").mkdir(parents=True)
    (src / "files" / "ok.txt").write_bytes(b"fine")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (src / "link.txt").symlink_to(tmp_path / "secret.txt")
    (src / "inner-link.txt").symlink_to(src / "files" / "ok.txt")
    os.mkfifo(src / "fifo")
    (src / "big.bin").write_bytes(b"x" * (3 * 1024 * 1024))
    return root


CASES = {
    "dotdot": ({"name": "s.txt", "path": "../../secret.txt"}, "outside the source's folders"),
    "absolute": ({"name": "s.txt", "path": "/etc/passwd"}, "outside the source's folders"),
    "symlink-out": ({"name": "s.txt", "path": "link.txt"}, "outside the source's folders"),
    "dev-zero": ({"name": "z", "path": "/dev/zero"}, "outside the source's folders"),
    "fifo": ({"name": "f", "path": "fifo"}, "not a regular file (a FIFO)"),
    "folder": ({"name": "d", "path": "files"}, "not a regular file (a folder)"),
    "missing": ({"name": "m", "path": "files/nope.txt"}, "cannot open attachment"),
    # 3 MB declared as 10 bytes, or not declared at all, under max_bytes: 1MB
    "false-size": ({"name": "b", "path": "big.bin", "size": 10}, "over the limit (3145728 >"),
    "no-size": ({"name": "b", "path": "big.bin"}, "over the limit (3145728 >"),
}


def _map(folder: Path, lines: list[str]) -> dict[str, MappedTicket | Quarantined]:
    (folder / "src" / "tickets.jsonl").write_text("\n".join(lines) + "\n")
    mapping = load_mapping(folder / "migration.yaml")
    source = open_source(mapping.source_spec, mapping.base_dir)
    return {t.source_id: mapping.map_ticket(t) for t in source.tickets()}


def test_hostile_paths_and_sizes_are_quarantined_with_their_reason(folder: Path) -> None:
    lines = [_line(sid, att) for sid, (att, _) in CASES.items()]
    lines += [_line("good", {"name": "ok.txt", "path": "files/ok.txt", "size": 999_999_999}),
              _line("inner-link", {"name": "ok.txt", "path": "inner-link.txt"})]  # fmt: skip
    results = _map(folder, lines)
    for sid, (_, reason) in CASES.items():
        result = results[sid]
        assert isinstance(result, Quarantined), sid
        assert any(reason in r for r in result.reasons), (sid, result.reasons)
    for sid in ("good", "inner-link"):
        good = results[sid]
        assert isinstance(good, MappedTicket), good
        (att,) = good.comments[0].attachments
        assert att.size == 4 and att.read() == b"fine"  # measured, not the declared size


def test_allow_outside_lets_the_mapping_read_beyond_the_source_folder(folder: Path) -> None:
    text = (folder / "migration.yaml").read_text()
    text = text.replace("path: src/tickets.jsonl}", "path: src/tickets.jsonl, allow_outside: true}")
    (folder / "migration.yaml").write_text(text)
    results = _map(
        folder,
        [_line("out", {"name": "s.txt", "path": "link.txt"}),
         _line("zero", {"name": "z", "path": "/dev/zero"})],
    )  # fmt: skip
    out = results["out"]
    assert isinstance(out, MappedTicket)
    assert out.comments[0].attachments[0].read() == SECRET
    zero = results["zero"]  # allowed outside, but still only regular files
    assert isinstance(zero, Quarantined)
    assert any("a character device" in r for r in zero.reasons), zero.reasons


def test_reading_stops_at_the_measured_size_when_a_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "grows.bin"
    path.write_bytes(b"y" * 100)
    att = LegacyAttachment("grows.bin", size=10, path=path)
    with pytest.raises(UnsafeFile, match="larger than 10 bytes"):
        att.read()
    assert read_limited(path, 100) == b"y" * 100


def test_confinement_refuses_names_that_are_not_paths(tmp_path: Path) -> None:
    files = Confinement.of([tmp_path])
    assert files.locate("a\x00b")[0] is None
    assert files.locate("")[0] is None
    inside, problem = files.locate("sub/../a.txt")
    assert problem is None and inside == (tmp_path / "a.txt").resolve()


def test_the_sql_sources_attachment_paths_are_confined_to_attachments_dir(
    folder: Path,
) -> None:
    files = folder / "files"
    files.mkdir()
    (files / "ok.txt").write_bytes(b"fine")
    os.mkfifo(files / "fifo")
    with sqlite3.connect(folder / "hostile.sqlite3") as conn:
        conn.executescript((folder / "hostile.sql").read_text(encoding="utf-8"))
    mapping = load_mapping(folder / "sql.yaml")
    source = open_source(mapping.source_spec, mapping.base_dir)
    results = {t.source_id: mapping.map_ticket(t) for t in source.tickets()}
    good = results["1"]
    assert isinstance(good, MappedTicket), good
    assert good.comments[0].attachments[0].read() == b"fine"
    for sid, reason in (("2", "outside"), ("3", "outside"), ("4", "a FIFO")):
        bad = results[sid]
        assert isinstance(bad, Quarantined), sid
        assert any(reason in r for r in bad.reasons), bad.reasons
