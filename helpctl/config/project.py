"""The project file (`helpctl.yaml`) as typed values: instances and how to reach them.

The loader (owned by :mod:`helpctl.config.loader`) fills these; everything downstream (sandbox
runner, connections, planner, migrations) reads them and never re-parses YAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from helpctl.errors import ConfigError, Position

__all__ = ["Exclude", "InstanceConfig", "Project", "SafetyConfig", "SecretRef"]

Backend = Literal["sandbox", "zendesk"]
Ownership = Literal["all", "tagged", "none"]


@dataclass(frozen=True)
class SecretRef:
    """A secret by reference: ``{env: NAME}`` or ``{file: PATH}``. Resolved only when used, and
    the value never stored on a config object that could be printed."""

    env: str | None = None
    file: str | None = None
    position: Position | None = None

    def describe(self) -> str:
        return f"env {self.env}" if self.env else f"file {self.file}"


@dataclass(frozen=True)
class SafetyConfig:
    """octoDNS-style thresholds: refuse updates/deletes above a share of existing objects of a
    kind, once at least ``min_existing`` exist."""

    max_update_pct: float = 30.0
    max_delete_pct: float = 30.0
    min_existing: int = 10


@dataclass(frozen=True)
class Exclude:
    kind: str
    key: str
    position: Position | None = None


@dataclass
class InstanceConfig:
    """One helpdesk instance as declared in `helpctl.yaml`.

    For ``backend: sandbox``: ``account`` is the sandbox account (defaults to the instance name;
    the first sandbox instance of a project is the server's default account) and ``path`` the
    SQLite file (default ``.helpctl/sandbox.sqlite3`` beside the project). For ``backend:
    zendesk``: ``subdomain`` or ``url``, and ``email``/``token``/``oauth_token`` as references;
    what it leaves out is read from the ``ZENDESK_*`` variables when it connects
    (:mod:`helpctl.config.credentials`).
    """

    name: str
    backend: Backend = "sandbox"
    subdomain: str | None = None
    url: str | None = None
    email: SecretRef | str | None = None
    token: SecretRef | None = None
    oauth_token: SecretRef | None = None
    rate_limit: int | None = None
    include: list[str] = field(default_factory=list)
    #: Where each ``include`` entry is written in `helpctl.yaml` (same order as ``include``).
    include_positions: list[Position] = field(default_factory=list, repr=False)
    exclude: list[Exclude] = field(default_factory=list)
    vars: dict[str, str] = field(default_factory=dict)
    safety: SafetyConfig = field(default_factory=SafetyConfig)
    manage: dict[str, Ownership] = field(default_factory=dict)
    external: dict[str, list[str]] = field(default_factory=dict)
    account: str | None = None
    path: str | None = None
    faults: str | None = None
    #: the languages the instance's help center has enabled (``help_center.locales``); None
    #: when the project does not say (then no locale is checked)
    hc_locales: list[str] | None = None
    position: Position | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def ownership(self, kind: str) -> Ownership:
        """What ``--prune`` may delete of ``kind``: nothing unless the instance says so."""
        return self.manage.get(kind, "none")


#: Where a sandbox instance keeps its data unless it says ``path:``, relative to the project.
DEFAULT_SANDBOX_PATH = ".helpctl/sandbox.sqlite3"


@dataclass
class Project:
    """A loaded project: its root folder and instances (in file order)."""

    root: Path
    instances: dict[str, InstanceConfig] = field(default_factory=dict)
    file: Path | None = None

    def sandbox_instances(self) -> list[InstanceConfig]:
        return [i for i in self.instances.values() if i.backend == "sandbox"]

    def sandbox_file(self, inst: InstanceConfig) -> str:
        """The SQLite file an embedded sandbox instance keeps its data in (absolute), or
        ``:memory:``; its ``path:`` (relative to the project) or the default."""
        raw = inst.path or DEFAULT_SANDBOX_PATH
        if raw == ":memory:":
            return raw
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.root / path
        return str(path.resolve())

    def instance(self, name: str) -> InstanceConfig:
        """Instance ``name``; an unknown name is the one error :meth:`select` gives."""
        self.select([name])
        return self.instances[name]

    def select(self, names: Iterable[str] | None, *, all_: bool = False) -> list[str]:
        """The instances a command works on, once each and in the order asked: ``names``, else
        every instance when ``all_`` or when there is only one. This is the one place that
        refuses an unknown name, or a missing choice among several instances."""
        wanted = list(dict.fromkeys(names or ()))
        known = list(self.instances)
        missing = [n for n in wanted if n not in self.instances]
        if missing:
            close = difflib.get_close_matches(missing[0], known, n=1, cutoff=0.6)
            listed = ", ".join(known) or "none"
            raise ConfigError(
                f"no instance {', '.join(f'`{n}`' for n in missing)} in the project"
                f" (instances: {listed})",
                hint=f"did you mean `{close[0]}`?" if close else f"pick one of: {listed}",
            )
        if wanted:
            return wanted
        if all_ or len(known) == 1:
            return known
        raise ConfigError(
            f"this project has {len(known)} instances ({', '.join(known)}); say which",
            hint="pick with -i NAME (repeatable) or use --all",
        )
