"""The seam between a migration and the helpdesk it imports into.

:class:`ImportTarget` is every call the runner, the batch sender, the reconciler, delta updates,
``verify`` and ``migrate plan --check-target`` make of the target. The migration package only
knows this protocol; the Zendesk implementation (endpoints, JSON payloads, job polling) is
:class:`helpctl.zendesk.imports.ZendeskImportTarget`, which
:meth:`helpctl.providers.connect.Connections.import_target` builds for a project instance. Unit
tests drive the runner through an in-memory implementation (``tests/unit/migrate/fake_target.py``).

The contract, beyond the signatures:

- bulk calls take at most :data:`BATCH` items;
- a submission returns a job id at once; :meth:`ImportTarget.poll` says when its jobs end;
- :meth:`ImportTarget.submit_import` is **not** retried when its answer is lost: it raises
  :class:`~helpctl.errors.TransportError`, :class:`~helpctl.errors.ServerError` or
  :class:`~helpctl.errors.RateLimited`, the job may exist, and the caller looks its records up
  by external id (:meth:`ImportTarget.find_external_ids`) before sending them again; any other
  :class:`~helpctl.errors.ApiError` is a refusal of the whole batch;
- :meth:`ImportTarget.submit_users` raises :class:`~helpctl.errors.PermissionDenied` where
  bulk user import is not enabled (the caller then upserts one user at a time);
- a mapped ticket naming a field, brand or group the target lacks raises :class:`UnknownName`
  while its payload is built, which fails that ticket only;
- tickets and comments are read back as the target's JSON documents (``id``, ``external_id``,
  ``status``, ``tags``, ``created_at``; comments with ``body``/``html_body``, ``public``,
  ``created_at`` and ``attachments`` with their ``size``), which ``verify`` compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from helpctl.errors import HelpctlError
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser
from helpctl.migrate.model import LegacyAttachment

__all__ = ["BATCH", "ImportTarget", "JobOutcome", "UnknownName"]

#: The most items one bulk call of the target takes (Zendesk's ceiling for each of them).
BATCH = 100


class UnknownName(HelpctlError):
    """A mapped ticket names a field, brand or group the target does not have (the runner
    records it against the ticket; it reaches a user only as that record's reason)."""


@dataclass(frozen=True)
class JobOutcome:
    """A finished (or vanished) job: ``results[i]`` is ``("ok", id)`` or ``("error", text)``
    for the i-th item sent; ``lost`` when the job expired before we read its end."""

    job_id: str
    status: str
    results: list[tuple[str, int | str]]
    message: str = ""
    lost: bool = False


class ImportTarget(Protocol):
    """The helpdesk a migration imports into (see the module docstring for the contract)."""

    # -- names and accounting --------------------------------------------------------------
    def names(self) -> dict[str, dict[str, int]]:
        """``{"fields": title→id, "brands": name→id, "groups": name→id}``, read once per run."""
        ...

    def requests_made(self) -> int:
        """Requests sent so far through the target's connection (for the run report)."""
        ...

    # -- users and files -------------------------------------------------------------------
    def submit_users(self, users: Sequence[MappedUser]) -> str:
        """Upsert up to :data:`BATCH` users as one job; its id (safe to send again)."""
        ...

    def upsert_user(self, user: MappedUser) -> tuple[str, int | str]:
        """One user, upserted at once: ``("ok", id)`` or ``("error", why)``."""
        ...

    def upload_all(self, attachments: Sequence[LegacyAttachment]) -> list[str | Exception]:
        """Per file, its upload token or the error that stopped it (one bad file fails only
        its ticket)."""
        ...

    # -- tickets ---------------------------------------------------------------------------
    def ticket_payload(
        self,
        ticket: MappedTicket,
        user_ids: dict[str, int],
        tokens: dict[int, list[str]] | None = None,
    ) -> dict[str, Any]:
        """The import document of one ticket (``tokens``: upload tokens per comment index);
        raises :class:`UnknownName`."""
        ...

    def submit_import(self, payloads: Sequence[dict[str, Any]], *, archive: bool) -> str:
        """Import up to :data:`BATCH` tickets as one job (``archive``: closed history, archived
        at once); its id. Not retried when the answer is lost (module docstring)."""
        ...

    def ticket_update(self, ticket_id: int, ticket: MappedTicket) -> dict[str, Any]:
        """The update document bringing ticket ``ticket_id``'s attributes (subject, status,
        priority, tags, custom fields) to ``ticket``'s; raises :class:`UnknownName`."""
        ...

    def update_tickets(self, updates: Sequence[dict[str, Any]]) -> str:
        """Up to :data:`BATCH` update documents as one job; its id."""
        ...

    def add_comment(self, ticket_id: int, comment: MappedComment, author_id: int) -> None:
        """Append ``comment`` to an imported ticket (stamped with the time of the call)."""
        ...

    # -- jobs ------------------------------------------------------------------------------
    def poll(self, job_ids: Sequence[str]) -> dict[str, JobOutcome]:
        """The jobs among ``job_ids`` that have finished (or vanished); the rest still run."""
        ...

    def active_jobs(self) -> list[str]:
        """Ids of the account's jobs still queued or working (any of them may carry ours)."""
        ...

    # -- reading back ----------------------------------------------------------------------
    def find_external_ids(self, external_ids: Iterable[str]) -> dict[str, list[int]]:
        """Ticket ids per external id, smallest first (an empty list: not there)."""
        ...

    def tickets_by_id(self, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        """Tickets by id, archived ones included; missing ids are left out."""
        ...

    def export_tickets(self, start_time: int = 0) -> Iterator[dict[str, Any]]:
        """Every ticket changed since ``start_time`` (unix seconds), archived ones included."""
        ...

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        """The comments of one ticket, oldest first."""
        ...

    def comments_many(
        self, ticket_ids: Sequence[int]
    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """``(ticket id, its comments oldest first)`` for many tickets, read in bulk (in any
        order; a ticket that vanished meanwhile is given no comments)."""
        ...

    def comment_events(self, start_time: int) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(ticket id, comment)`` for every comment added to any ticket since ``start_time``
        (unix seconds), read in bulk from the account's event stream, in the order they were
        added. It may leave out the newest changes (Zendesk omits the last minute): callers
        read tickets it did not cover through :meth:`comments_many`."""
        ...
