"""The shape of one kind's sandbox definition: its stored collection and every path it answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpctl.sandbox.crud import Collection, Route

__all__ = ["SandboxKind"]


@dataclass(frozen=True)
class SandboxKind:
    """One configuration kind in the sandbox.

    ``collection`` stores and answers the kind (envelopes, pagination, how a body becomes a
    document, validation); ``routes`` returns every path of the kind, specific ones (``reorder``,
    ``update_many``, ``show_many``…) before the generic ``/{id}`` ones, since the first match wins.
    """

    collection: Collection
    routes: Callable[[], list[Route]]
