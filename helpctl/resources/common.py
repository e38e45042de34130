"""Building blocks shared by every resource kind: the strict base model, did-you-mean hints,
reference helpers and the dynamic content placeholder rules.

Pure domain: no I/O.
"""

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from helpctl.config.factories import empty_list
from helpctl.resources.base import Reference

__all__ = [
    "CUSTOM_FIELD_PREFIX",
    "SYSTEM_FIELD_TITLES",
    "ConfigModel",
    "ResourceModel",
    "all_placeholder_refs",
    "dc_placeholder_name",
    "placeholder_refs",
    "unknown_key_hint",
]

#: Titles of Zendesk's built-in ticket fields: always referenceable, never declared in YAML.
SYSTEM_FIELD_TITLES: frozenset[str] = frozenset(
    {"Subject", "Description", "Status", "Type", "Priority", "Group", "Assignee"}
)

#: How rules name a custom ticket field in YAML: ``custom_fields.<Field title>``.
CUSTOM_FIELD_PREFIX = "custom_fields."

_DC_RE = re.compile(r"\{\{\s*dc\.([A-Za-z0-9_]+)\s*\}\}")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def unknown_key_hint(key: str, allowed: Iterable[str]) -> str:
    """A 'did you mean' for a mistyped key, or the list of allowed keys when nothing is close."""
    names = sorted(set(allowed))
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "allowed keys: " + ", ".join(names)


def dc_placeholder_name(item_name: str) -> str:
    """The placeholder Zendesk derives from a dynamic content item's name:
    ``Dynamic content item title 543`` → ``dynamic_content_item_title_543``."""
    return _NON_ALNUM.sub("_", item_name.lower()).strip("_")


def all_placeholder_refs(attrs: dict[str, Any]) -> Iterator[Reference]:
    """Every ``{{dc.x}}`` anywhere in an object's attrs, at its key path."""
    found: list[Reference] = []
    _collect(attrs, (), found)
    return iter(found)


def placeholder_refs(value: Any, path: str) -> Iterator[Reference]:
    """Every ``{{dc.x}}`` inside a JSON value, as references to dynamic content items."""
    found: list[Reference] = []
    parts: tuple[str | int, ...] = (path,) if path else ()
    if isinstance(value, str):
        if _might_hold(value):
            _found(value, parts, found)
    elif isinstance(value, _CONTAINERS):
        _collect(value, parts, found)
    return iter(found)


def _path(parts: tuple[str | int, ...]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else part
    return out


_CONTAINERS = (dict, list)


def _might_hold(text: str) -> bool:
    """Whether ``text`` can hold a ``{{dc.x}}`` (two substring tests, no regex)."""
    return "{{" in text and "dc." in text


def _found(text: str, parts: tuple[str | int, ...], found: list[Reference]) -> None:
    names = _DC_RE.findall(text)
    if names:
        where = _path(parts)
        found.extend(Reference(where, "dynamic_content", name) for name in names)


def _collect(
    container: dict[str, Any] | list[Any], parts: tuple[str | int, ...], found: list[Reference]
) -> None:
    # Hot path of validation (every rule of every instance): strings get `_might_hold`'s test
    # inline, without a call each, and a path is built only for the few that hold a placeholder.
    items: Iterable[tuple[str | int, Any]]
    items = container.items() if isinstance(container, dict) else enumerate(container)
    for key, item in items:
        if isinstance(item, str):
            if "{{" in item and "dc." in item:
                _found(item, (*parts, key), found)
        elif isinstance(item, _CONTAINERS):
            _collect(item, (*parts, key), found)


class ConfigModel(BaseModel):
    """Base of every model in the config language: unknown keys are errors.

    ``always_dump`` names fields that are canonicalised into the dump even when the user left
    them out (``any: []`` on rule conditions), so desired and live attrs compare equal.
    """

    # Numbers are accepted where text is expected (an option value `1`, a title `2024`).
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, coerce_numbers_to_str=True, defer_build=True
    )

    always_dump: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _mark_always_dumped(self) -> Any:
        for name in self.always_dump:
            self.__pydantic_fields_set__.add(name)
        return self

    @classmethod
    def allowed_keys(cls) -> list[str]:
        """The keys a user may write (aliases where a field has one)."""
        return [f.alias or name for name, f in cls.model_fields.items()]


class ResourceModel(ConfigModel):
    """Base of one object of a kind.

    Every kind accepts ``renamed_from: [old identities]`` so a plan can update in place; it is
    excluded from the canonical attrs (read it from the model into ``Resource.renamed_from``)
    and never sent to the helpdesk.
    """

    renamed_from: list[str] = Field(default_factory=empty_list, exclude=True)
