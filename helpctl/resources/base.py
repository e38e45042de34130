"""What every resource kind declares: identity, model, dependencies, order, references, the
managed marker, the keys never compared, how validation names it, the rule shape.

Each kind lives in its own module under :mod:`helpctl.resources.kinds` (``brands.py``,
``triggers.py``…) and exposes one ``SPEC``; :mod:`helpctl.resources` discovers them and collects
them into ``KINDS`` in ``export_order``. The planner, the loader, the validator and the Zendesk
payload mapping all go through a ``KindSpec`` and never special-case a kind by name where a
field of the spec can say it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

__all__ = ["Issue", "KindSpec", "Reference", "RuleShape", "UnknownRef"]

#: (code, path, message) of one problem found inside one object by its kind's own checks.
Issue = tuple[str, str, str]


@dataclass(frozen=True)
class Reference:
    """A by-name reference found inside a resource's attrs.

    ``path`` is the key path inside the resource (``conditions.all[1].value``), ``kind`` the
    referenced kind (``groups``), ``name`` the referenced identity. For option values ``kind`` is
    ``ticket_field_options`` and ``name`` is ``"<field title>/<option value>"``; for dynamic
    content placeholders the kind is ``dynamic_content`` and ``name`` the item's placeholder name.
    """

    path: str
    kind: str
    name: str


@dataclass(frozen=True)
class UnknownRef:
    """How validation reports a reference to an object of this kind that does not exist.

    ``code`` is the problem code (documented in ``docs/problem-codes.md``), ``word`` names one
    object in the message (``ticket field``), ``meaning`` is the code's one-line meaning.
    """

    code: str
    word: str
    meaning: str


@dataclass(frozen=True)
class RuleShape:
    """A business-rule kind: which parts it has, checked against the rule catalogue.

    ``conditions`` / ``actions``: whether objects carry them (a kind with actions needs at
    least one). ``needs_condition``: one of these fields must be tested in ``conditions.all``
    (``needs_condition_message`` says so when none is).
    """

    conditions: bool = True
    actions: bool = True
    needs_condition: frozenset[str] = frozenset()
    needs_condition_message: str = ""


def _no_issues(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    return iter(())


@dataclass(frozen=True)
class KindSpec:
    """Static facts about one resource kind.

    - ``name``: the key in YAML and in ``State.resources`` (``ticket_fields``).
    - ``identity``: the attribute that names an object (``name`` or ``title``).
    - ``model``: the pydantic model that validates one object as written in YAML; it forbids
      unknown keys. ``model.model_dump(mode="json", exclude_unset=True)`` is the canonical attrs.
    - ``depends_on``: kinds whose objects this kind may reference (created before it).
    - ``ordered``: list order is significant and applied (trigger order within a category, forms,
      macros/automations/views positions).
    - ``references``: yields every by-name reference in one object's canonical attrs.
    - ``defaults``: Zendesk's server defaults for keys a user may omit; the planner treats a
      missing desired key as "not managed", and uses these when normalising live values.
    - ``immutable``: keys that cannot change after creation (ticket field ``type``).
    - ``singular``: one object of the kind, in messages and plan output (``ticket_field``).
    - ``export_order``: where the kind comes in ``KINDS`` (export files, plan order, creates);
      a kind comes after every kind it ``depends_on``. Leave gaps (10, 20…) to insert kinds.
    - ``marker_field``: the text field Zendesk keeps verbatim that carries helpctl's managed
      marker on objects it created ("" when the kind has none: never ``managed``);
      ``marker_empty`` is that field's value once the marker is stripped from an otherwise
      empty text (``""`` for groups, ``None`` elsewhere).
    - ``never_compared``: keys that steer the planner; never diffed and never sent.
    - ``unknown_ref``: how a dangling reference *to* this kind is reported (kinds other kinds
      reference need one).
    - ``rule``: the rule shape of a business-rule kind (conditions/actions checked against the
      catalogue), ``None`` otherwise.
    - ``checks``: the kind's own validation of one object's attrs alone (``key``, ``attrs``)
      → (code, path, message) issues.
    - ``deletable``: False where Zendesk has no delete (custom statuses): a planned delete is
      refused, whatever ``--force`` says.
    - ``export_view``: how ``helpctl export`` writes one live object's attrs (``key``, ``attrs``)
      when they are not quite what a user writes (a webhook's credential: references to fill).
    - ``retired_by``: a boolean key that, turned false, takes the object out of use (custom
      statuses' ``active``): refused like a delete while a rule names the object.
    """

    name: str
    identity: str
    model: type[BaseModel]
    depends_on: tuple[str, ...] = ()
    ordered: bool = False
    references: Callable[[dict[str, Any]], Iterator[Reference]] = field(
        default=lambda attrs: iter(())
    )
    defaults: dict[str, Any] = field(default_factory=dict)
    immutable: tuple[str, ...] = ()
    singular: str = ""
    export_order: int = 0
    marker_field: str = ""
    marker_empty: str | None = None
    never_compared: frozenset[str] = frozenset({"renamed_from"})
    unknown_ref: UnknownRef | None = None
    rule: RuleShape | None = None
    checks: Callable[[str, dict[str, Any]], Iterator[Issue]] = _no_issues
    deletable: bool = True
    export_view: Callable[[str, dict[str, Any]], dict[str, Any]] = field(
        default=lambda key, attrs: attrs
    )
    retired_by: str = ""
