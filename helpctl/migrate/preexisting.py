"""Records already on the target though this ledger never saw them arrive.

The ledger lock keeps two runs on one machine apart; it cannot see a run on another machine
with its own ledger (two CI runners, a copy of the mapping elsewhere, a lost ledger). So before
a chunk of records is created, external ids are looked up live on the target through the same
:meth:`~helpctl.migrate.target.ImportTarget.find_external_ids` the reconciler uses for lost
answers. A record found there is *adopted*: the ledger records it as imported (the smallest id
when several exist, which are reported as duplicates) and it is not sent again.

Looking every record up would cost one request per ticket (about 20 times a run's own
requests: 525 instead of 25 for 500 tickets on the sandbox). Another ledger's run reads the
same source in the same order and imports it in whole batches, so a chunk is first *probed*:
its first, middle and last records (3 requests per 100); only when one of them is on the
target is the whole chunk looked up. Even 3 per 100 would be a fifth of a large run's requests,
so :class:`Adopter` probes the first chunk of a run and then one chunk in
:data:`PROBE_EVERY`, and every chunk again from a probe that hits until one misses (a run whose
ledger was lost finds the target's tickets at its first chunk and adopts them all). Records
another run imported only here and there, or in the chunks between two probes while both runs
were going at once, are not caught; ``migrate verify`` reports such duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.target import ImportTarget

__all__ = ["PROBE_EVERY", "Adopted", "Adopter", "adopt_existing"]

#: One chunk in this many is probed while probes find nothing (module docstring).
PROBE_EVERY = 20


@dataclass
class Adopted:
    """Source ids found on the target (now ``imported`` in the ledger), and duplicates met."""

    source_ids: set[str] = field(default_factory=set)
    duplicates: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Adopter:
    """Decides which chunks of a run are probed (module docstring) and adopts what they find."""

    ledger: Ledger
    target: ImportTarget
    every: int = PROBE_EVERY
    chunks: int = 0
    hit: bool = False

    def adopt(self, items: Sequence[tuple[MappedTicket, str]]) -> Adopted:
        if not items:
            return Adopted()
        due = self.hit or self.chunks % max(1, self.every) == 0
        self.chunks += 1
        if not due:
            return Adopted()
        out = adopt_existing(items, self.ledger, self.target)
        self.hit = bool(out.source_ids)
        return out


def adopt_existing(
    items: Sequence[tuple[MappedTicket, str]], ledger: Ledger, target: ImportTarget
) -> Adopted:
    """Probe ``items`` (ticket, content hash) by external id, then, if any probe is on the
    target, look them all up; record those found as imported (module docstring)."""
    out = Adopted()
    if not items:
        return out
    probe = sorted({0, len(items) // 2, len(items) - 1})
    if not any(target.find_external_ids([items[i][0].external_id for i in probe]).values()):
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
