"""Is this file a migration ledger? Checked before the ledger opens (and writes) it.

A ``ledger:`` path in a mapping that points at something else — another application's SQLite
database, a text file, a folder — must be refused with its path named, never written into
(``CREATE TABLE IF NOT EXISTS`` would happily add our tables to somebody else's database).
A missing or empty file is a new ledger.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from helpctl.errors import HelpctlError

__all__ = ["NotALedger", "check_ledger_file"]

_MAGIC = b"SQLite format 3\x00"
#: Columns of ``records`` every ledger has had; a table without them is not ours.
_RECORD_COLUMNS = {"source_id", "external_id", "state", "target_id"}
_HINT = "point `ledger:` in the mapping at a new file (or the ledger of this migration)"


class NotALedger(HelpctlError):
    """The ``ledger:`` path holds something that is not a migration ledger."""

    code = "ledger_invalid"


def check_ledger_file(path: Path) -> None:
    """Raise :class:`NotALedger` unless ``path`` is missing, empty, or a migration ledger."""
    if str(path) == ":memory:" or not path.exists():
        return
    if not path.is_file():
        raise NotALedger(f"the ledger path {path} is not a regular file", hint=_HINT)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_MAGIC))
    except OSError as exc:
        raise NotALedger(f"cannot read the ledger {path}: {exc.strerror}", hint=_HINT) from exc
    if not head:
        return
    if head != _MAGIC:
        raise NotALedger(f"{path} is not a migration ledger (not a SQLite database)", hint=_HINT)
    tables = _tables(path)
    if not tables:
        return
    columns = tables.get("records")
    if columns is None or not columns >= _RECORD_COLUMNS:
        names = ", ".join(sorted(tables)[:5])
        raise NotALedger(
            f"{path} is a SQLite database but not a migration ledger (its tables: {names})",
            hint=_HINT,
        )


def _tables(path: Path) -> dict[str, set[str]]:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {n: {r[1] for r in db.execute(f"PRAGMA table_info({_quote(n)})")} for n in names}
    except sqlite3.DatabaseError as exc:
        raise NotALedger(f"{path} is not a readable migration ledger: {exc}", hint=_HINT) from exc


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
