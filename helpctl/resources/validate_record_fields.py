"""Rule conditions and actions on user and organization fields
(``requester.custom_fields.<key>``, ``organization.custom_fields.<key>``), checked against the
fields the state declares: the operator suits the field's type, a checkbox is tested with
``true``/``false``, a dropdown value is one of its option values. Whether the key exists is the
reference check's job (``ref_unknown_user_field``…).

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from helpctl.resources.base import Issue
from helpctl.resources.kinds._custom_fields import CONDITION_OPERATORS, OPTION_TYPES
from helpctl.resources.rules import RECORD_FIELD_KINDS, is_special
from helpctl.resources.state import State

__all__ = ["RecordFields"]


class RecordFields:
    """The user/organization fields of one state: types and option values by key."""

    def __init__(self, state: State) -> None:
        self.types: dict[str, dict[str, str]] = {}
        self.options: dict[str, dict[str, list[str]]] = {}
        for kind in set(RECORD_FIELD_KINDS.values()):
            fields = state.of(kind)
            self.types[kind] = {f.key: str(f.attrs.get("type", "text")) for f in fields}
            self.options[kind] = {
                f.key: [str(o.get("value")) for o in f.attrs.get("options") or []]
                for f in fields
                if f.attrs.get("type") in OPTION_TYPES
            }
        #: whether the state declares any user/organization field (most do not, and then no
        #: condition has anything to be checked against)
        self.declared = any(self.types.values())

    def option_values(self, option_kind: str, name: str) -> tuple[str, str, list[str]] | None:
        """(key, value, the field's option values) of a ``<kind>/options`` reference, or None
        when the field is not a dropdown of this state (external, unknown: not checked)."""
        kind = option_kind.removesuffix("/options")
        key, _, value = name.partition("/")
        values = self.options.get(kind, {}).get(key)
        return None if values is None else (key, value, values)

    def issues(self, attrs: dict[str, Any]) -> Iterator[Issue]:
        """Operators and checkbox values of one rule's conditions on these fields."""
        if not self.declared:  # every condition's field type would be unknown: nothing to check
            return
        conditions = attrs.get("conditions") or {}
        for group in ("all", "any"):
            for i, cond in enumerate(conditions.get(group) or []):
                yield from self._condition(f"conditions.{group}[{i}]", cond)

    def _condition(self, path: str, cond: dict[str, Any]) -> Iterator[Issue]:
        field = str(cond.get("field", ""))
        for prefix, kind in RECORD_FIELD_KINDS.items():
            if not field.startswith(prefix):
                continue
            ftype = self.types.get(kind, {}).get(field[len(prefix) :])
            if ftype is None:
                return
            allowed = CONDITION_OPERATORS.get(ftype, ())
            operator = cond.get("operator")
            if allowed and operator not in allowed:
                msg = f"`{operator}` does not apply to the {ftype} field `{field}`"
                yield "rule_bad_operator", f"{path}.operator", f"{msg}; valid: {', '.join(allowed)}"
            value = cond.get("value")
            if ftype == "checkbox" and not is_special(value) and value not in ("true", "false"):
                msg = f"checkbox `{field}` is tested with true or false, not `{value}`"
                yield "rule_bad_value", f"{path}.value", msg
            return
