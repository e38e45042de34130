"""The ``--debug`` line: one per HTTP attempt on the ``helpctl.http`` logger.

``[instance] METHOD path?query → status 12.3ms remaining=699 retry=0`` — the path is the one
requests are named by everywhere (relative, secret query values hidden); never a header, a
token or a full URL. Nothing is formatted unless DEBUG is enabled, so it costs nothing otherwise.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

__all__ = ["log", "log_attempt"]

log = logging.getLogger("helpctl.http")


def log_attempt(
    instance: str,
    method: str,
    show: Callable[[], str],
    status: int | str,
    started: float,
    remaining: int | None,
    attempt: int,
) -> None:
    """Log one attempt; ``show`` names the request (called only when the line is written),
    ``started`` is its ``time.perf_counter()``, ``status`` a code or the failure's name."""
    if not log.isEnabledFor(logging.DEBUG):
        return
    log.debug(
        "%s%s %s → %s %.1fms remaining=%s retry=%d",
        f"[{instance}] " if instance else "",
        method,
        show(),
        status,
        (time.perf_counter() - started) * 1000,
        "-" if remaining is None else remaining,
        attempt,
    )
