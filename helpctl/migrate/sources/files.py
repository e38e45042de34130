"""Opening source files: paths relative to the mapping, declared encodings, BOMs.

Files are opened with ``errors="surrogateescape"``: a byte the declared encoding cannot decode
does not stop the run; :func:`helpctl.migrate.sources.text.clean` finds it later and the record
carrying it is quarantined with a reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from helpctl.errors import SourceError
from helpctl.migrate.sources.text import check_encoding

__all__ = ["encoding_problems", "open_text", "resolve"]


def resolve(base_dir: Path, value: Any, *, what: str = "file", directory: bool = False) -> Path:
    """``value`` relative to ``base_dir``; a :class:`SourceError` when it does not exist."""
    path = (base_dir / str(value)).resolve()
    ok = path.is_dir() if directory else path.is_file()
    if not ok:
        kind = "folder" if directory else "file"
        raise SourceError(
            f"source {what} {value} does not exist ({kind} looked for at {path})",
            hint="paths in a mapping file are relative to the mapping file's folder",
        )
    return path


def open_text(path: Path, encoding: str | None = None) -> IO[str]:
    """A text stream in the declared encoding (UTF-8 by default, BOM stripped)."""
    codec = check_encoding(encoding or "utf-8") or "utf-8"
    if codec == "utf-8":
        codec = "utf-8-sig"
    return path.open(encoding=codec, errors="surrogateescape", newline="")


def encoding_problems(spec: dict[str, Any], key: str = "encoding") -> list[tuple[str, str, str]]:
    """The offline check of an ``encoding:`` option."""
    name = spec.get(key)
    if name is None or check_encoding(str(name)) is not None:
        return []
    return [(key, f"unknown encoding {name!r}", "e.g. utf-8, cp1251, latin-1")]
