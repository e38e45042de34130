"""One migration, opened from its mapping file: the library calls behind ``helpctl migrate``.

:class:`Migration` ties the pieces together: the mapping file, its source, its ledger (beside
the mapping unless it says ``ledger:``), and — only when a command needs the target — the
project instance named by ``target: {instance: NAME}``. The project is the nearest
``helpctl.yaml`` found walking up from the mapping file's folder (``project=`` overrides it), so
a migration kept inside a config repository needs no extra flag.

The instances are reached through ``connect(project)``, a :class:`Helpdesks` the caller supplies
(the CLI passes :class:`~helpctl.providers.connect.Connections`, which starts the embedded sandbox
for ``backend: sandbox`` and builds :class:`~helpctl.zendesk.imports.ZendeskImportTarget`): this
package never imports an HTTP client.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.errors import ConfigError
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.ledger_lock import ledger_lock
from helpctl.migrate.mapping import Mapping, load_mapping
from helpctl.migrate.model import Source
from helpctl.migrate.planning import MigrationPlan, plan
from helpctl.migrate.review import ReviewPage, build_review
from helpctl.migrate.runner import Progress, RunOptions, RunReport, run
from helpctl.migrate.sources import open_source
from helpctl.migrate.target import ImportTarget
from helpctl.migrate.target_names import declared_names
from helpctl.migrate.verify import VerifyReport, verify

__all__ = ["Helpdesks", "Migration", "find_project"]

PROJECT_FILES = ("helpctl.yaml", "helpctl.yml")


def find_project(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds a ``helpctl.yaml``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / name).is_file() for name in PROJECT_FILES):
            return folder
    raise ConfigError(
        f"no helpctl.yaml in {here} or any folder above it: the mapping's target instance "
        "must be declared in a helpctl project",
        hint="run `helpctl init` beside the mapping, or pass --project PATH",
    )


class Helpdesks(Protocol):
    """The project's instances as a migration reaches them, opened on first use."""

    def client(self, name: str) -> object:
        """The API client of instance ``name``, for sources that read one (``zendesk``)."""
        ...

    def import_target(self, name: str) -> ImportTarget:
        """Instance ``name`` as the target of a migration (closed by :meth:`close`)."""
        ...

    def close(self) -> None: ...


class Migration:
    """A mapping file with its source, ledger and (lazily) target; a context manager.

    ``connect(project)`` opens the project's instances when a command first needs one."""

    def __init__(
        self,
        mapping_path: Path,
        *,
        connect: Callable[[Project], Helpdesks],
        project: Path | None = None,
    ) -> None:
        self.mapping_path = Path(mapping_path)
        self.mapping: Mapping = load_mapping(self.mapping_path)
        self._project_path = project
        self._project: Project | None = None
        self._connect = connect
        self._helpdesks: Helpdesks | None = None
        self._ledger: Ledger | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Migration:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
        if self._helpdesks is not None:
            self._helpdesks.close()
            self._helpdesks = None

    # -- pieces ----------------------------------------------------------------------------
    def source(self) -> Source:
        """The mapping's source; a ``zendesk`` source reads the project instance it names."""
        return open_source(
            self.mapping.source_spec,
            self.mapping.base_dir,
            client_factory=lambda spec: self.client(str(spec["instance"])),
        )

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(self.mapping.ledger_path)
        return self._ledger

    def project(self) -> Project:
        if self._project is None:
            root = self._project_path or find_project(self.mapping.base_dir)
            self._project = load_project(root)
        return self._project

    def helpdesks(self) -> Helpdesks:
        """The project's instances, opened on first use."""
        if self._helpdesks is None:
            self._helpdesks = self._connect(self.project())
        return self._helpdesks

    def client(self, instance: str) -> object:
        """The API client of ``instance``, opened on first use."""
        return self.helpdesks().client(instance)

    def target(self) -> ImportTarget:
        """The mapping's target instance, opened on first use."""
        return self.helpdesks().import_target(self.mapping.target_instance)

    def rate_limit(self) -> int | None:
        """The requests/minute the connection to the target will spend: the instance's
        ``rate_limit``, else Zendesk's default budget; None for a sandbox without a limit (or
        when the project cannot be read)."""
        try:
            inst = self.project().instances.get(self.mapping.target_instance)
        except ConfigError:
            return None
        if inst is None or inst.rate_limit is not None:
            return inst.rate_limit if inst is not None else None
        # imported here: a dry run needs no HTTP stack
        from helpctl.providers.connect import DEFAULT_ZENDESK_RATE_LIMIT

        return DEFAULT_ZENDESK_RATE_LIMIT if inst.backend == "zendesk" else None

    # -- commands ----------------------------------------------------------------------------
    def plan(self, *, check_target: bool = False) -> MigrationPlan:
        """The dry run; ``check_target`` also reads the target's field, brand and group names
        (three requests) and lists those the tickets use that it lacks."""
        found = plan(
            self.source(),
            self.mapping,
            ledger_path=self.mapping.ledger_path,
            rate_limit=self.rate_limit(),
        )
        if check_target:
            for kind, names in declared_names(self.mapping.spec).items():
                found.referenced.setdefault(kind, set()).update(names)
            found.check_names(self.target().names())
        return found

    def run(
        self,
        *,
        retry_only: bool = False,
        window: int = 8,
        progress: Callable[[Progress], None] | None = None,
        wait: bool = False,
    ) -> RunReport:
        """``run`` (or ``retry``), holding the ledger's lock throughout: another run of this
        mapping raises :class:`~helpctl.migrate.ledger_lock.LedgerBusy`, or is waited for."""
        command = "migrate retry" if retry_only else "migrate run"
        with ledger_lock(self.mapping.ledger_path, command=command, wait=wait):
            return self._run(retry_only=retry_only, window=window, progress=progress)

    def _run(
        self,
        *,
        retry_only: bool,
        window: int,
        progress: Callable[[Progress], None] | None,
    ) -> RunReport:
        target = self.target()
        before = target.requests_made()
        return run(
            self.source(),
            self.mapping,
            target,
            self.ledger,
            options=RunOptions(
                window=window,
                retry_only=retry_only,
                tickets_per_job=self.mapping.batch.get("tickets", 100),
                users_per_job=self.mapping.batch.get("users", 100),
            ),
            progress=progress,
            requests=lambda: target.requests_made() - before,
        )

    def status(self) -> dict[str, Any]:
        ledger = self.ledger
        failed = [
            {"source_id": e.source_id, "external_id": e.external_id, "reason": e.reason}
            for _, e in zip(range(100), ledger.by_state("failed"), strict=False)
        ]
        quarantined = [
            {"source_id": e.source_id, "reasons": e.reasons}
            for _, e in zip(range(100), ledger.by_state("quarantined"), strict=False)
        ]
        return {
            "mapping": str(self.mapping_path),
            "ledger": str(self.mapping.ledger_path),
            "counts": ledger.counts(),
            "users": ledger.user_count(),
            "jobs": ledger.job_count(),
            "failed": failed,
            "quarantined": quarantined,
            "notes": [{"source_id": e.source_id, "note": e.reason} for e in ledger.notes()],
            "late_comments": {
                "count": ledger.late_comment_count(),
                "comments": [
                    {
                        "source_id": c.source_id,
                        "comment": c.comment_id,
                        "ticket_id": c.ticket_id,
                        "source_time": c.source_time,
                    }
                    for c in ledger.late_comment_list(100)
                ],
            },
            "runs": ledger.runs(5),
        }

    def verify(
        self, *, sample: float = 1.0, progress: Callable[[int, int | None], None] | None = None
    ) -> VerifyReport:
        return verify(
            self.source(), self.mapping, self.target(), self.ledger, sample=sample,
            progress=progress,
        )  # fmt: skip

    def review(self, *, sample: int, seed: int) -> ReviewPage:
        """``sample`` records drawn with ``seed``, each beside its ticket on the target, every
        difference judged explained by the mapping or not (:mod:`.review`)."""
        about = {"mapping": self.mapping_path.name, "target": self.mapping.target_instance}
        return build_review(
            self.source(), self.mapping, self.target(), self.ledger, n=sample, seed=seed,
            about=about,
        )  # fmt: skip
