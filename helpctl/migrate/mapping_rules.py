"""The small compiled pieces a mapping file is made of: templates, lookups and value getters.

Everything is compiled once when the mapping is loaded (templates split into parts, ``from:``
names turned into getter functions), so mapping a record does no parsing and no regex work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from helpctl.migrate.model import LegacyTicket

__all__ = [
    "TICKET_ATTRIBUTES",
    "Getter",
    "Lookup",
    "Template",
    "template_names",
    "ticket_getter",
]

Getter = Callable[[LegacyTicket], Any]

#: Ticket attributes a ``from:`` or a ``${name}`` may name; ``custom.<key>`` reads custom values.
TICKET_ATTRIBUTES = (
    "source_id",
    "subject",
    "status",
    "priority",
    "topic",
    "group",
    "brand",
    "requester_id",
    "assignee_id",
)

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def template_names(text: str) -> list[str]:
    """The ``${names}`` a template uses, in order."""
    return [m.group(1).strip() for m in _PLACEHOLDER.finditer(text)]


def ticket_getter(name: str) -> Getter | None:
    """A function reading ``name`` from a ticket, or None when the name is not readable."""
    if name.startswith("custom.") and len(name) > len("custom."):
        key = name[len("custom.") :]
        return lambda t: t.custom.get(key)
    if name in TICKET_ATTRIBUTES:
        return lambda t: getattr(t, name)
    return None


@dataclass(frozen=True)
class Template:
    """A string with ``${name}`` placeholders, split once into literal and getter parts."""

    text: str
    parts: tuple[str | Callable[[Any], Any], ...]

    @classmethod
    def compile(cls, text: str, getter: Callable[[str], Callable[[Any], Any] | None]) -> Template:
        """Compile ``text``; raise KeyError(name) for the first placeholder ``getter`` rejects."""
        parts: list[str | Callable[[Any], Any]] = []
        last = 0
        for m in _PLACEHOLDER.finditer(text):
            if m.start() > last:
                parts.append(text[last : m.start()])
            name = m.group(1).strip()
            read = getter(name)
            if read is None:
                raise KeyError(name)
            parts.append(read)
            last = m.end()
        if last < len(text):
            parts.append(text[last:])
        return cls(text, tuple(parts))

    def render(self, obj: Any) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                value = part(obj)
                out.append("" if value is None else str(value))
        return "".join(out)


@dataclass(frozen=True)
class Lookup:
    """``{from: topic, map: topics.yaml, default: reason_other}``: a value read from the ticket,
    translated through a table. A table entry is either the value itself or a mapping whose
    ``key`` entry (``value``, ``group``, ``tags``…) is used."""

    read: Getter
    table: Mapping[str, Any] | None
    key: str
    default: Any = None

    def resolve(self, ticket: LegacyTicket) -> Any:
        raw = self.read(ticket)
        if self.table is None:
            return self.default if raw is None or raw == "" else raw
        if raw is None:
            return self.default
        entry = self.table.get(str(raw))
        if isinstance(entry, Mapping):
            entry = entry.get(self.key)
        return self.default if entry is None else entry
