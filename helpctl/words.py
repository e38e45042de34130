"""Counts in words: ``plural(1, "agent")`` is "1 agent", ``plural(2, "agent")`` "2 agents".

Every message that prints a count of something uses :func:`plural`, so none says "1 agents".
Pure: no I/O.
"""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, the word in its plural form unless ``count`` is 1; ``many`` is
    the plural when it is not ``word + "s"`` (``plural(n, "match", "matches")``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
