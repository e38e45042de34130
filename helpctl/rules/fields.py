"""Typed field conditions shared by ticket custom fields, user fields and organization fields.

A field's type (from the directory) decides how values compare: dropdown options by tag (an
option id in the rule is turned into its tag), checkboxes as booleans, numbers and dates in
order, text by words and strings. A user or organization field the directory does not describe
is compared by the shape of its values (booleans, numbers, dates, text).

Pure domain: no I/O.
"""

from __future__ import annotations

from typing import Any

from helpctl.rules.context import Check, Context
from helpctl.rules.directory import FieldInfo
from helpctl.rules.errors import CannotEvaluate
from helpctl.rules.operators import (
    CHANGE_OPERATORS,
    NULLS,
    Reader,
    as_bool,
    as_date,
    as_number,
    change_check,
    days_check,
    numeric_check,
    tags_check,
    text_check,
)

__all__ = ["typed_check", "value_class"]

_CLASSES = {
    "tagger": "option",
    "dropdown": "option",
    "lookup": "option",
    "multiselect": "multi",
    "checkbox": "bool",
    "integer": "number",
    "decimal": "number",
    "date": "date",
    "text": "text",
    "textarea": "text",
    "regexp": "text",
    "partialcreditcard": "text",
}


def value_class(ftype: str | None) -> str:
    """How values of a field type compare: option, multi, bool, number, date, text or any."""
    return _CLASSES.get(ftype or "", "any")


def _loose(value: Any) -> Any:
    """A field value of unknown type in a comparable form."""
    if value in NULLS:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    try:
        return repr(float(text))
    except ValueError:
        return text.lower()


def _loose_order(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return as_date(value)


def _normaliser(vclass: str, info: FieldInfo | None) -> Any:
    if vclass == "option":
        return lambda v: None if v in NULLS else str(info.tag_of(v) if info else v)
    if vclass == "bool":
        return lambda v: False if v in NULLS else as_bool(v)
    if vclass == "number":
        return lambda v: None if v in NULLS else as_number(v)
    if vclass == "date":
        return as_date
    if vclass == "multi":
        return lambda v: frozenset() if v in NULLS else frozenset(_tags(v))
    if vclass == "text":
        return lambda v: None if v in NULLS else str(v).strip()
    return _loose


def _tags(value: Any) -> list[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    return str(value).split()


def typed_check(
    operator: str, value: Any, reader: Reader, ftype: str | None, info: FieldInfo | None = None
) -> Check:
    """The check of one condition on a typed field read by ``reader``."""
    vclass = value_class(ftype)
    norm = _normaliser(vclass, info)
    if vclass == "multi" and operator in ("includes", "not_includes"):
        wanted = [info.tag_of(v) if info else v for v in _tags(value)]
        return tags_check(operator, reader, wanted)
    if vclass == "option" and operator in ("includes", "not_includes"):
        wanted = [str(info.tag_of(v) if info else v) for v in _tags(value)]
        return tags_check(operator, lambda ctx: [reader(ctx)], wanted)
    if operator in ("present", "not_present") or operator.endswith(("_words", "_string")):
        check = text_check(operator, reader, value)
        if check is not None:
            return check
    if operator in CHANGE_OPERATORS:
        expected = norm(value)
        return change_check(operator, lambda ctx: norm(reader(ctx)), lambda _: expected)
    if operator.startswith("within_"):
        return days_check(operator, reader, value)
    if operator in ("is", "is_not") and vclass not in ("number", "date"):
        expected = norm(value)

        def equal(ctx: Context) -> bool:
            return bool(norm(reader(ctx)) == expected)

        return equal if operator == "is" else (lambda ctx: not equal(ctx))
    if vclass in ("number", "date", "any"):
        key = {"number": as_number, "date": as_date}.get(vclass, _loose_order)
        return numeric_check(operator, reader, value, key)
    raise CannotEvaluate(f"operator `{operator}` does not apply to a {ftype} field")
