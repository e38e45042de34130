"""The one way a migration reads a file a legacy record names (an attachment's ``path``).

A record is data, not configuration: a path in it may be ``../../secret.txt``, ``/etc/passwd``,
a symlink out of the export, a FIFO or ``/dev/zero``. So every source resolves such paths
through a :class:`Confinement` and every byte is read through :func:`read_limited`:

- the path, symlinks followed, must lie inside one of the source's *roots* (its own folder and
  its declared attachments folder) unless the mapping's source says ``allow_outside: true``;
- only regular files are opened (no FIFO, device, socket or folder), without blocking;
- sizes are measured on the open file (:func:`measure`), never taken from the record, and
  reading stops at the limit: a file that grew past it is refused, not read to the end.

A refused path is not an error of the run: the attachment carries the reason (``problem``) and
the mapping quarantines its ticket with it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from helpctl.errors import SourceError

__all__ = ["MAX_READ", "Confinement", "UnsafeFile", "measure", "read_limited"]

#: The most bytes read from one attachment when no smaller limit is known (Zendesk's upload cap).
MAX_READ = 50 * 1024**2


class UnsafeFile(SourceError):
    """A file a record names cannot be read safely (outside the source, not a regular file,
    larger than allowed)."""


@dataclass(frozen=True)
class Confinement:
    """Where the files a source's records name may be: inside ``roots`` (resolved)."""

    roots: tuple[Path, ...]
    allow_outside: bool = False

    @classmethod
    def of(cls, roots: Sequence[Path], allow_outside: bool = False) -> Confinement:
        return cls(tuple(Path(r).resolve() for r in roots), allow_outside)

    def locate(self, raw: object) -> tuple[Path | None, str | None]:
        """``raw`` (relative to the first root) resolved, or ``(None, reason)`` when it leads
        outside every root."""
        text = str(raw)
        if not text or "\x00" in text:
            return None, f"attachment path {text!r} is not a usable file name"
        base = self.roots[0] if self.roots else Path(".").resolve()
        try:
            path = (base / text).resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop
            return None, f"attachment path {text!r} cannot be resolved: {exc}"
        if self.allow_outside or any(path.is_relative_to(root) for root in self.roots):
            return path, None
        return None, (
            f"attachment path {text!r} resolves to {path}, outside the source's folders "
            f"({', '.join(str(r) for r in self.roots)}); set allow_outside: true in the "
            "source to allow it"
        )


def _open(path: Path) -> tuple[int, int]:
    """An fd on ``path`` (never blocking, e.g. on a FIFO) and its size; regular files only."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnsafeFile(f"cannot open attachment {path}: {exc.strerror}") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UnsafeFile(f"attachment {path} is not a regular file ({_kind(info.st_mode)})")
    return fd, info.st_size


def _kind(mode: int) -> str:
    for test, word in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return word
    return "not a plain file"


def measure(path: Path) -> int:
    """The size of the regular file at ``path``, measured on the open file."""
    fd, size = _open(path)
    os.close(fd)
    return size


def read_limited(path: Path, limit: int = MAX_READ) -> bytes:
    """The bytes of the regular file at ``path``; :class:`UnsafeFile` when it holds more than
    ``limit`` (reading stops there)."""
    fd, _ = _open(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise UnsafeFile(f"cannot read attachment {path}: {exc.strerror}") from exc
    if len(data) > limit:
        raise UnsafeFile(f"attachment {path} is larger than {limit} bytes")
    return data
