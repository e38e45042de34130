"""Reading CSV rows one record at a time, where one bad row stops nothing but a broken file does.

The :mod:`csv` module, left lenient, swallows the rest of a file into one field when a quote is
never closed and raises in the middle of a stream for a field over its size limit. Here the
reader is strict; each row comes with the line it starts on; a row the module refuses (a field
over :func:`csv.field_size_limit`, text after a closing quote) comes back as a problem naming
``file:line`` for the source to quarantine; a quote still open at the end of the file is a
:class:`~helpctl.errors.SourceError` naming the line it was opened on, never a silent truncation.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from helpctl.errors import SourceError

__all__ = ["Row", "read_rows"]

#: (line the row starts on, its fields or None, the problem or None)
Row = tuple[int, list[str] | None, str | None]


def read_rows(lines: Iterable[str], name: str, *, delimiter: str = ",") -> Iterator[Row]:
    """Every row of a CSV text, header included, as :data:`Row`."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise SourceError(
                    f"{name}:{start}: a quoted field opened in the row starting on this line "
                    "is never closed: the file ends inside it",
                    hint="fix the quoting at that line (a field with a quote is written "
                    'between quotes, its quotes doubled: "say ""hi""")',
                ) from None
            yield start, None, f"{name}:{start}: unreadable CSV row: {exc}"
            continue
        yield start, row, None
