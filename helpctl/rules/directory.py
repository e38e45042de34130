"""What the engine needs to know about an account besides the ticket: people, groups, brands,
ticket fields, dynamic content, schedules, custom statuses, locales.

The sandbox fills a :class:`Directory` from its tables; :mod:`helpctl.rules.offline` fills one
from a desired :class:`~helpctl.resources.state.State` with synthetic ids. Lookups of ids the
directory does not hold return None; the engine decides whether that makes a rule impossible to
evaluate.

Pure domain: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpctl.rules.model import User
from helpctl.rules.schedule import Schedule

__all__ = ["Brand", "CustomStatus", "Directory", "DynamicItem", "FieldInfo", "Group"]


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    name: str
    member_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Brand:
    id: int
    name: str
    subdomain: str = ""


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """A ticket, user or organization field: ``options`` maps an option's tag (``value``) to its
    title, ``option_ids`` an option id to its tag (rules may name options either way)."""

    id: int | str
    title: str
    type: str = "text"
    options: dict[str, str] = field(default_factory=dict)
    option_ids: dict[str, str] = field(default_factory=dict)
    tag: str | None = None

    def tag_of(self, value: Any) -> Any:
        """An option id written in a rule, as the option's tag; other values unchanged."""
        text = str(value)
        return self.option_ids.get(text, value)


@dataclass(frozen=True, slots=True)
class DynamicItem:
    """A dynamic content item: text per locale code and the default locale's code."""

    name: str
    default_locale: str
    variants: dict[str, str]

    def text_for(self, locale: str) -> str:
        """The variant of ``locale`` (exact code, then the same language), else the default."""
        if locale in self.variants:
            return self.variants[locale]
        language = locale.split("-", 1)[0].lower()
        for code, text in self.variants.items():
            if code.split("-", 1)[0].lower() == language:
                return text
        return self.variants.get(self.default_locale, next(iter(self.variants.values()), ""))


@dataclass(frozen=True, slots=True)
class CustomStatus:
    id: int
    status_category: str
    agent_label: str = ""
    default: bool = False


@dataclass
class Directory:
    """Account facts the rules refer to, by id. ``dynamic_content`` is keyed by placeholder
    name (``{{dc.<name>}}``); ``user_fields`` / ``organization_fields`` by field key;
    ``locales`` maps a locale id to its code; ``default_schedule_id`` is the schedule of tickets
    that have none; ``subdomain`` builds ``{{ticket.url}}``."""

    account_name: str = "Support"
    subdomain: str = "support"
    default_locale: str = "en-US"
    users: dict[int, User] = field(default_factory=dict)
    groups: dict[int, Group] = field(default_factory=dict)
    brands: dict[int, Brand] = field(default_factory=dict)
    organizations_names: dict[int, str] = field(default_factory=dict)
    ticket_fields: dict[int, FieldInfo] = field(default_factory=dict)
    user_fields: dict[str, FieldInfo] = field(default_factory=dict)
    organization_fields: dict[str, FieldInfo] = field(default_factory=dict)
    ticket_forms: dict[int, str] = field(default_factory=dict)
    default_ticket_form_id: int | None = None
    dynamic_content: dict[str, DynamicItem] = field(default_factory=dict)
    schedules: dict[int, Schedule] = field(default_factory=dict)
    default_schedule_id: int | None = None
    custom_statuses: dict[int, CustomStatus] = field(default_factory=dict)
    locales: dict[int, str] = field(default_factory=dict)
    webhooks: dict[int, str] = field(default_factory=dict)

    def user(self, user_id: int | None) -> User | None:
        return self.users.get(user_id) if user_id is not None else None

    def agents(self) -> list[User]:
        return [u for u in self.users.values() if u.is_agent]

    def locale_id_of(self, code: str) -> int | None:
        for locale_id, known in self.locales.items():
            if known.lower() == code.lower():
                return locale_id
        return None

    def default_custom_status(self, category: str) -> int | None:
        for status in self.custom_statuses.values():
            if status.status_category == category and status.default:
                return status.id
        return None
