"""What every resource kind declares: identity, model, dependencies, order, references.

Each kind lives in its own module (``brands.py``, ``triggers.py``…) and exposes one ``SPEC``;
:mod:`helpctl.resources` collects them into ``KINDS`` in dependency order. The planner, the
loader, the validator and the Zendesk payload mapping all go through a ``KindSpec`` and never
special-case a kind by name where a field of the spec can say it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

__all__ = ["KindSpec", "Reference"]


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
