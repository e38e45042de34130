"""The compiled settings of a mapping file: what :mod:`.mapping_schema` produces from the YAML
and :mod:`.mapping` applies to each record. Frozen values, built once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpctl.migrate.mapping_rules import Lookup, Template

__all__ = [
    "PRIORITIES",
    "STATUSES",
    "AgentRule",
    "AttachmentsSpec",
    "CommentsSpec",
    "MappingSpec",
    "Placeholder",
    "TicketsSpec",
    "UsersSpec",
    "parse_size",
]

STATUSES = frozenset({"new", "open", "pending", "hold", "solved", "closed"})
PRIORITIES = frozenset({"low", "normal", "high", "urgent"})
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


@dataclass(frozen=True)
class AgentRule:
    """Who becomes an agent: a source role in ``role_in``, an e-mail domain, or a listed id."""

    role_in: frozenset[str] = frozenset()
    email_domains: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Placeholder:
    """The user standing in for deleted or unknown authors."""

    name: str
    email: str | None
    external_id: str | None


@dataclass(frozen=True)
class UsersSpec:
    external_id: Template
    match_by: tuple[str, ...] = ("email", "external_id")
    synthetic_email: Template | None = None
    agents: AgentRule | None = None
    missing_author: Placeholder | None = None


@dataclass(frozen=True)
class TicketsSpec:
    external_id: Template
    status: dict[str, str] = field(default_factory=dict)
    status_default: str | None = None
    priority: dict[str, str] = field(default_factory=dict)
    priority_default: str | None = None
    tags: tuple[Template | Lookup, ...] = ()
    fields: dict[str, Lookup] = field(default_factory=dict)
    group: Lookup | None = None
    brand: Lookup | None = None
    archive_closed: bool = False
    subject_fallback: str | None = None


@dataclass(frozen=True)
class CommentsSpec:
    body: str = "html"
    #: where a comment's visibility comes from: ``public`` (the source's own flag), a key of
    #: the comment's ``extra``, or None for "every comment ``public_default``".
    public_from: str | None = "public"
    public_default: bool = True


@dataclass(frozen=True)
class AttachmentsSpec:
    max_bytes: int = 50 * 1024**2
    on_too_large: str = "link"


@dataclass(frozen=True)
class MappingSpec:
    """Everything a mapping file says, compiled; see :class:`helpctl.migrate.mapping.Mapping`."""

    path: Path
    source_spec: dict[str, Any]
    target_instance: str
    ledger_path: Path
    users: UsersSpec
    tickets: TicketsSpec
    comments: CommentsSpec
    attachments: AttachmentsSpec
    batch: dict[str, int]


def parse_size(value: Any) -> int | None:
    if isinstance(value, int) and value > 0:
        return value
    m = _SIZE.match(str(value))
    if not m:
        return None
    return int(float(m.group(1)) * _UNITS[m.group(2)[:1].lower()])
