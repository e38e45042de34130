"""Notification text as Zendesk renders it: ``{{dc.*}}`` first, then Liquid over placeholders.

Dynamic content is expanded in the recipient's locale (exact code, then the same language, then
the item's default variant), twice, so an item may embed another. The result is a Liquid
template (python-liquid, Zendesk's dialect of Shopify Liquid) rendered over ``ticket``,
``current_user`` and ``satisfaction`` objects whose keys are Zendesk's placeholder names
(``ticket.requester.first_name``, ``ticket.ticket_field_<id>``…). An unknown placeholder renders
empty, as Zendesk's does; an unknown dynamic content item or Liquid that does not parse raises
:class:`~helpctl.rules.errors.CannotEvaluate`.

Pure domain: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.model import Ticket, User

__all__ = ["TicketPlaceholders", "placeholders", "render", "render_text"]

_DC_RE = re.compile(r"\{\{\s*dc\.([A-Za-z0-9_]+)\s*\}\}")
_PLAIN_RE = re.compile(r"\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}")
_SPECIAL = (".size", ".first", ".last")


def _plain_output(value: Any) -> str:
    """A value as Liquid outputs it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "".join(_plain_output(v) for v in value)
    return str(value)


def _lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


@lru_cache(maxsize=4096)
def _is_plain(source: str) -> bool:
    """True when ``source`` holds nothing but ``{{ a.b.c }}`` outputs (no tags, filters or
    literals): the common notification text, substituted without a Liquid render."""
    if "{%" in source or "{{" in _PLAIN_RE.sub("", source):
        return False
    # Liquid's special properties (`tags.size`, `list.first`) need Liquid itself.
    return not any(m[1].endswith(_SPECIAL) for m in _PLAIN_RE.finditer(source))


@lru_cache(maxsize=1)
def _environment() -> Any:
    """The Liquid environment, made on first use: python-liquid (and babel, which it imports)
    take a tenth of a second to import, which `validate` and plain texts never need."""
    from liquid import Environment

    return Environment()


def _liquid_error() -> type[Exception]:
    from liquid.exceptions import LiquidError

    return LiquidError


@lru_cache(maxsize=4096)
def _template(source: str) -> Any:
    environment = _environment()
    try:
        return environment.from_string(source)
    except _liquid_error() as exc:
        raise CannotEvaluate(f"Liquid does not parse: {exc}") from exc


def expand_dc(text: str, directory: Directory, locale: str) -> str:
    """``{{dc.name}}`` replaced by the item's text in ``locale`` (nested items once more)."""
    for _ in range(2):
        if "dc." not in text:
            break
        text = _DC_RE.sub(lambda m: _dc_text(m[1], directory, locale), text)
    return text


def _dc_text(name: str, directory: Directory, locale: str) -> str:
    item = directory.dynamic_content.get(name)
    if item is None:
        raise CannotEvaluate(f"dynamic content `{{{{dc.{name}}}}}` is not defined")
    return item.text_for(locale)


def _person(user: User | None) -> dict[str, Any]:
    if user is None:
        return {}
    return {
        "id": user.id,
        "name": user.name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.locale,
        "locale": user.locale,
        "details": "",
        "external_id": "",
    }


def _field_values(ticket: Ticket, directory: Directory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field_id, value in ticket.custom_fields.items():
        info = directory.ticket_fields.get(field_id)
        shown = " ".join(map(str, value)) if isinstance(value, list) else value
        out[f"ticket_field_{field_id}"] = "" if shown is None else shown
        if info and info.options:
            titles = value if isinstance(value, list) else [value]
            out[f"ticket_field_option_title_{field_id}"] = ", ".join(
                info.options.get(str(v), str(v)) for v in titles if v is not None
            )
    return out


def _comment_text(ticket: Ticket, public_only: bool) -> str:
    for comment in reversed(ticket.comments):
        if comment.public or not public_only:
            return comment.body
    return ""


def _host(ticket: Ticket, directory: Directory) -> str:
    brand = directory.brands.get(ticket.brand_id) if ticket.brand_id is not None else None
    return f"{(brand.subdomain if brand and brand.subdomain else directory.subdomain)}.zendesk.com"


def _named(table: str, key: str) -> Callable[[Ticket, Directory], dict[str, Any]]:
    def make(ticket: Ticket, directory: Directory) -> dict[str, Any]:
        ref = getattr(ticket, key)
        found = getattr(directory, table).get(ref) if ref is not None else None
        return {"name": found.name if found else "", "id": ref}

    return make


def _day(stamp: datetime | None, layout: str = "%B %d, %Y") -> str:
    return stamp.strftime(layout) if stamp else ""


#: ``ticket.*`` placeholders, each computed only when a text names it (most name two or three).
_TICKET: dict[str, Callable[[Ticket, Directory], Any]] = {
    "id": lambda t, d: t.id,
    "title": lambda t, d: t.subject,
    "description": lambda t, d: t.description,
    "status": lambda t, d: t.status.capitalize(),
    "priority": lambda t, d: (t.priority or "").capitalize() or "-",
    "ticket_type": lambda t, d: (t.type or "").capitalize() or "Ticket",
    "via": lambda t, d: str(t.via_id),
    "tags": lambda t, d: " ".join(t.tags),
    "url": lambda t, d: f"{_host(t, d)}/agent/tickets/{t.id}",
    "link": lambda t, d: f"https://{_host(t, d)}/agent/tickets/{t.id}",
    "account": lambda t, d: d.account_name,
    "created_at": lambda t, d: _day(t.created_at),
    "updated_at": lambda t, d: _day(t.updated_at),
    "updated_at_with_timestamp": lambda t, d: _day(t.updated_at, "%B %d, %Y, %H:%M"),
    "due_date": lambda t, d: _day(t.due_at),
    "requester": lambda t, d: _person(t.requester),
    "assignee": lambda t, d: _person(d.user(t.assignee_id)),
    "group": _named("groups", "group_id"),
    "brand": _named("brands", "brand_id"),
    "organization": lambda t, d: {
        "name": t.organization.name if t.organization else "",
        "id": t.organization.id if t.organization else None,
    },
    "latest_comment": lambda t, d: _comment_text(t, False),
    "latest_public_comment": lambda t, d: _comment_text(t, True),
    "comments_formatted": lambda t, d: "\n\n".join(c.body for c in t.comments if c.public),
    "public_comments": lambda t, d: [{"value": c.body} for c in t.comments if c.public],
}


class TicketPlaceholders(Mapping[str, Any]):
    """The ``ticket`` object of the Liquid context: a read-only mapping whose values are
    computed on first use (and kept), so a notification pays only for what it names.
    Reads the ticket as it is when a value is first asked for."""

    __slots__ = ("_directory", "_fields", "_ticket", "_values")

    def __init__(self, ticket: Ticket, directory: Directory) -> None:
        self._ticket, self._directory = ticket, directory
        self._values: dict[str, Any] = {}
        self._fields: dict[str, Any] | None = None

    def _field_values(self) -> dict[str, Any]:
        if self._fields is None:
            self._fields = _field_values(self._ticket, self._directory)
        return self._fields

    def __getitem__(self, key: str) -> Any:
        values = self._values
        if key in values:
            return values[key]
        make = _TICKET.get(key)
        value = self._field_values()[key] if make is None else make(self._ticket, self._directory)
        values[key] = value
        return value

    def __iter__(self) -> Iterator[str]:
        yield from _TICKET
        yield from self._field_values()

    def __len__(self) -> int:
        return len(_TICKET) + len(self._field_values())

    def __repr__(self) -> str:  # as the plain dict it stands for (Liquid outputs str())
        return repr(dict(self))


def placeholders(
    ticket: Ticket, directory: Directory, current_user: User | None = None
) -> dict[str, Any]:
    """The Liquid context: ``ticket``, ``current_user``, ``satisfaction`` as Zendesk names them
    (``ticket`` a :class:`TicketPlaceholders`, computed as texts name its values)."""
    return {
        "ticket": TicketPlaceholders(ticket, directory),
        "current_user": _person(current_user),
        "satisfaction": {},
    }


def render_text(text: str, context: dict[str, Any], directory: Directory, locale: str) -> str:
    """One text (subject, body, webhook payload) for a recipient in ``locale``."""
    if "{" not in text:
        return text
    source = expand_dc(text, directory, locale)
    if _is_plain(source):
        return _PLAIN_RE.sub(lambda m: _plain_output(_lookup(context, m[1])), source)
    template = _template(source)
    try:
        return str(template.render(**context))
    except _liquid_error() as exc:
        raise CannotEvaluate(f"Liquid does not render: {exc}") from exc


def render(
    text: str,
    ticket: Ticket,
    directory: Directory,
    *,
    locale: str | None = None,
    current_user: User | None = None,
) -> str:
    """``text`` rendered for ``ticket`` (convenience over :func:`render_text`)."""
    context = placeholders(ticket, directory, current_user)
    return render_text(text, context, directory, locale or directory.default_locale)
