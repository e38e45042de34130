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
from functools import lru_cache
from typing import Any

from helpctl.rules.directory import Directory
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.model import Ticket, User

__all__ = ["placeholders", "render", "render_text"]

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
        if not isinstance(value, dict):
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


def placeholders(
    ticket: Ticket, directory: Directory, current_user: User | None = None
) -> dict[str, Any]:
    """The Liquid context: ``ticket``, ``current_user``, ``satisfaction`` as Zendesk names them."""
    brand = directory.brands.get(ticket.brand_id) if ticket.brand_id is not None else None
    group = directory.groups.get(ticket.group_id) if ticket.group_id is not None else None
    host = f"{(brand.subdomain if brand and brand.subdomain else directory.subdomain)}.zendesk.com"
    url = f"{host}/agent/tickets/{ticket.id}"
    org = ticket.organization
    data: dict[str, Any] = {
        "id": ticket.id,
        "title": ticket.subject,
        "description": ticket.description,
        "status": ticket.status.capitalize(),
        "priority": (ticket.priority or "").capitalize() or "-",
        "ticket_type": (ticket.type or "").capitalize() or "Ticket",
        "via": str(ticket.via_id),
        "tags": " ".join(ticket.tags),
        "url": url,
        "link": f"https://{url}",
        "account": directory.account_name,
        "created_at": ticket.created_at.strftime("%B %d, %Y"),
        "updated_at": ticket.updated_at.strftime("%B %d, %Y"),
        "updated_at_with_timestamp": ticket.updated_at.strftime("%B %d, %Y, %H:%M"),
        "due_date": ticket.due_at.strftime("%B %d, %Y") if ticket.due_at else "",
        "requester": _person(ticket.requester),
        "assignee": _person(directory.user(ticket.assignee_id)),
        "group": {"name": group.name if group else "", "id": ticket.group_id},
        "brand": {"name": brand.name if brand else "", "id": ticket.brand_id},
        "organization": {"name": org.name if org else "", "id": org.id if org else None},
        "latest_comment": _comment_text(ticket, False),
        "latest_public_comment": _comment_text(ticket, True),
        "comments_formatted": "\n\n".join(c.body for c in ticket.comments if c.public),
        "public_comments": [{"value": c.body} for c in ticket.comments if c.public],
    }
    data.update(_field_values(ticket, directory))
    return {"ticket": data, "current_user": _person(current_user), "satisfaction": {}}


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
