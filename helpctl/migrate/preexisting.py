"""Records already on the target though this ledger never saw them arrive.

The ledger lock keeps two runs on one machine apart; it cannot see a run on another machine
with its own ledger (two CI runners, a copy of the mapping elsewhere). So before any record is
created, its ``external_id`` is looked up live on the target, a batch at a time, through the
same :meth:`~helpctl.migrate.target.ImportTarget.find_external_ids` the reconciler uses for lost
answers. A record found there is *adopted*: the ledger records it as imported (the smallest id
when several exist, which are reported as duplicates) and it is not sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.target import ImportTarget

__all__ = ["Adopted", "adopt_existing"]


@dataclass
class Adopted:
    """Source ids found on the target (now ``imported`` in the ledger), and duplicates met."""

    source_ids: set[str] = field(default_factory=set)
    duplicates: dict[str, list[int]] = field(default_factory=dict)


def adopt_existing(
    items: Sequence[tuple[MappedTicket, str]], ledger: Ledger, target: ImportTarget
) -> Adopted:
    """Look ``items`` (ticket, content hash) up by external id; record those found as
    imported. One bulk call for the whole chunk."""
    out = Adopted()
    if not items:
        return out
    found = target.find_external_ids([t.external_id for t, _ in items])
    adopted: list[tuple[MappedTicket, str, int]] = []
    for ticket, digest in items:
        ids = found.get(ticket.external_id) or []
        if ids:
            adopted.append((ticket, digest, ids[0]))
            if len(ids) > 1:
                out.duplicates[ticket.external_id] = ids
    if adopted:
        ledger.mark_sent(
            [Outgoing(t.source_id, t.external_id, d, t.archive) for t, d, _ in adopted]
        )
        ledger.mark_imported([(t.source_id, tid) for t, _, tid in adopted])
        out.source_ids = {t.source_id for t, _, _ in adopted}
    return out
