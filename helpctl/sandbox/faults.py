"""Faults injected on purpose: seeded, per account, one draw per request.

A spec reads ``"429:0.05,500:0.02,503:0.02,reset:0.01,latency:50ms"``: each ``kind:probability``
fails that share of requests, ``latency:50ms`` (or ``latency:10-80ms``) delays every request.
``after_write:0.5`` (the default) is the share of 500/reset faults on writes that strike *after*
the write was committed: the response is lost although the change happened, which is exactly what
clients must survive without creating duplicates. ``retry_after:N`` sets the ``Retry-After`` of
injected 429/503 answers (default 1 s).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

from helpctl.errors import SandboxError

__all__ = ["Fault", "FaultPlan", "parse_faults"]

KINDS = ("429", "500", "503", "reset")


@dataclass(frozen=True)
class Fault:
    """What happens to one request: a status or a dropped connection, before or after it runs."""

    kind: str | None  # "429", "500", "503", "reset" or None
    after: bool  # strike after the request was processed (writes only)
    delay: float  # seconds to wait before answering


@dataclass
class FaultPlan:
    """Parsed fault spec with its own seeded random generator."""

    rates: dict[str, float] = field(default_factory=dict)
    latency: tuple[float, float] = (0.0, 0.0)
    after_write: float = 0.5
    retry_after: int = 1
    seed: str = "0"

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    def draw(self, method: str) -> Fault:
        """The fault of the next request (deterministic for a given seed and request order)."""
        with self._lock:
            roll, when, jitter = self._rng.random(), self._rng.random(), self._rng.random()
        low, high = self.latency
        delay = low + (high - low) * jitter
        acc = 0.0
        for kind in KINDS:
            acc += self.rates.get(kind, 0.0)
            if roll < acc:
                write = method in {"POST", "PUT", "PATCH", "DELETE"}
                after = write and kind in {"500", "reset"} and when < self.after_write
                return Fault(kind, after, delay)
        return Fault(None, False, delay)


def _duration(text: str) -> float:
    text = text.strip()
    if text.endswith("ms"):
        return float(text[:-2]) / 1000
    if text.endswith("s"):
        return float(text[:-1])
    return float(text) / 1000


def parse_faults(spec: str | None, seed: str = "0") -> FaultPlan | None:
    """Parse ``--faults``; None or an empty spec means no faults. Raises SandboxError."""
    if not spec or not spec.strip():
        return None
    plan = FaultPlan(seed=seed)
    for part in spec.split(","):
        name, sep, value = part.strip().partition(":")
        try:
            if not sep:
                raise ValueError(part)
            if name in KINDS:
                plan.rates[name] = float(value)
            elif name == "latency":
                low, _, high = value.partition("-")
                plan.latency = (_duration(low), _duration(high or low))
            elif name == "after_write":
                plan.after_write = float(value)
            elif name == "retry_after":
                plan.retry_after = int(value)
            else:
                raise ValueError(part)
        except ValueError as ex:
            raise SandboxError(
                f"invalid fault {part.strip()!r} in {spec!r}",
                hint="use e.g. '429:0.05,500:0.02,503:0.02,reset:0.01,latency:50ms'",
            ) from ex
    if sum(plan.rates.values()) > 1:
        raise SandboxError(f"fault probabilities in {spec!r} add up to more than 1")
    return plan
