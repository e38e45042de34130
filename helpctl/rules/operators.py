"""Condition operators as Zendesk defines them (reference part 2 §8), built into checks.

Each builder takes a *reader* (the ticket attribute a condition field tests) and the rule's
operator and value, and returns a :data:`~helpctl.rules.context.Check`. Rule values are
normalised once, when the rule is compiled, so evaluating is a few comparisons.

Pure domain: no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from helpctl.rules.context import Check, Context
from helpctl.rules.errors import CannotEvaluate

__all__ = [
    "CHANGE_OPERATORS",
    "NULLS",
    "Reader",
    "as_bool",
    "as_date",
    "as_number",
    "change_check",
    "days_check",
    "hours_check",
    "numeric_check",
    "split_words",
    "tags_check",
    "text_check",
    "words_check",
]

Reader = Callable[[Context], Any]
NULLS = (None, "", "__NULL__")
CHANGE_OPERATORS = frozenset(
    {"changed", "not_changed", "value", "value_previous", "not_value", "not_value_previous"}
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def split_words(value: Any) -> list[str]:
    """Tags or words of a rule value: space-separated text or a list."""
    if isinstance(value, list):
        return [str(v).lower() for v in value if v not in NULLS]
    return str(value or "").lower().split()


def as_number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise CannotEvaluate(f"`{value}` is not a number") from exc


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1", "yes")


def as_date(value: Any) -> date | None:
    if value in NULLS:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise CannotEvaluate(f"`{value}` is not a date (YYYY-MM-DD)") from exc


def change_check(operator: str, reader: Reader, expected: Reader) -> Check:
    """``changed``, ``not_changed``, ``value`` (changed to), ``value_previous`` (changed from),
    ``not_value`` and ``not_value_previous``: comparisons with the ticket before the update.
    ``expected`` reads the rule's value (a constant, or ``current_user``'s id…)."""

    def changed(ctx: Context) -> tuple[bool, Any, Any]:
        before = ctx.before()
        if before is None:
            raise CannotEvaluate(f"`{operator}` needs an update (only triggers see one)")
        old, new = reader(before), reader(ctx)
        return old != new, old, new

    if operator == "changed":
        return lambda ctx: changed(ctx)[0]
    if operator == "not_changed":
        return lambda ctx: not changed(ctx)[0]

    def to(ctx: Context) -> bool:
        moved, _, new = changed(ctx)
        return moved and new == expected(ctx)

    def from_(ctx: Context) -> bool:
        moved, old, _ = changed(ctx)
        return moved and old == expected(ctx)

    table: dict[str, Check] = {
        "value": to,
        "value_previous": from_,
        "not_value": lambda ctx: not to(ctx),
        "not_value_previous": lambda ctx: not from_(ctx),
    }
    return table[operator]


def numeric_check(operator: str, reader: Reader, value: Any, key: Callable[[Any], Any]) -> Check:
    """``is``/``is_not``/``less_than``/``greater_than`` (and ``_equal`` forms) on a key of the
    actual value (a number, a date, a status's rank); an empty actual value never compares."""
    expected = key(value)
    if expected is None and operator not in ("is", "is_not"):
        raise CannotEvaluate(f"`{operator}` needs a value, got `{value}`")

    ops: dict[str, Callable[[Any, Any], bool]] = {
        "is": lambda a, e: bool(a == e),
        "is_not": lambda a, e: bool(a != e),
        "less_than": lambda a, e: a is not None and a < e,
        "greater_than": lambda a, e: a is not None and a > e,
        "less_than_equal": lambda a, e: a is not None and a <= e,
        "greater_than_equal": lambda a, e: a is not None and a >= e,
    }
    if operator not in ops:
        raise CannotEvaluate(f"operator `{operator}` does not apply here")
    compare = ops[operator]

    def check(ctx: Context) -> bool:
        raw = reader(ctx)
        value = None if raw in NULLS else key(raw)
        try:
            return compare(value, expected)
        except TypeError as exc:
            raise CannotEvaluate(f"`{value}` and `{expected}` cannot be compared") from exc

    return check


def tags_check(operator: str, reader: Reader, value: Any) -> Check:
    """``includes`` (at least one of) / ``not_includes`` (none of) over a list of tags."""
    wanted = frozenset(split_words(value))
    if operator == "includes":
        return lambda ctx: not wanted.isdisjoint(_lowered(reader(ctx)))
    if operator == "not_includes":
        return lambda ctx: wanted.isdisjoint(_lowered(reader(ctx)))
    raise CannotEvaluate(f"operator `{operator}` does not apply to tags")


def _lowered(values: Any) -> set[str]:
    if values in NULLS:
        return set()
    if isinstance(values, str):
        return set(values.lower().split())
    return {str(v).lower() for v in values}


@lru_cache(maxsize=256)
def _words_of(text: str) -> frozenset[str]:
    """The words of a subject or comment, lowercased: every trigger with a word condition
    reads the same comment in one update, so it is split once."""
    return frozenset(_WORD_RE.findall(text.lower()))


def words_check(operator: str, reader: Reader, value: Any) -> Check:
    """Subject/comment text: ``includes`` (at least one of the words), ``not_includes`` (none
    of them), ``is`` (contains the string), ``is_not`` (does not contain it); case-insensitive."""
    words = frozenset(split_words(value))
    phrase = str(value or "").lower()

    def found(ctx: Context) -> frozenset[str]:
        return _words_of(str(reader(ctx) or ""))

    ops: dict[str, Check] = {
        "includes": lambda ctx: not words.isdisjoint(found(ctx)),
        "not_includes": lambda ctx: words.isdisjoint(found(ctx)),
        "is": lambda ctx: phrase in str(reader(ctx) or "").lower(),
        "is_not": lambda ctx: phrase not in str(reader(ctx) or "").lower(),
    }
    if operator not in ops:
        raise CannotEvaluate(f"operator `{operator}` does not apply to text")
    return ops[operator]


def text_check(operator: str, reader: Reader, value: Any) -> Check | None:
    """Operators of text fields (ticket, user and organization fields); None when ``operator``
    is not one of them. ``present``/``not_present`` test for a value at all."""
    if operator == "present":
        return lambda ctx: reader(ctx) not in (*NULLS, [], False)
    if operator == "not_present":
        return lambda ctx: reader(ctx) in (*NULLS, [], False)
    if operator in ("includes_words", "not_includes_words"):
        check = words_check(operator.replace("_words", ""), reader, value)
        return check
    if operator in ("includes_string", "not_includes_string"):
        return words_check("is" if operator == "includes_string" else "is_not", reader, value)
    return None


def days_check(operator: str, reader: Reader, value: Any) -> Check:
    """``within_previous_n_days`` / ``within_next_n_days`` on a date value, from today."""
    days = int(as_number(value))

    def within(ctx: Context) -> bool:
        day = as_date(reader(ctx))
        today = ctx.now.date()
        if day is None:
            return False
        if operator == "within_previous_n_days":
            return today - timedelta(days=days) <= day <= today
        return today <= day <= today + timedelta(days=days)

    return within


def hours_check(operator: str, reader: Reader, value: Any, *, until: bool = False) -> Check:
    """Automation time conditions: whole hours elapsed since (or, ``until``, left before) a
    timestamp, compared with ``is``/``less_than``/``greater_than``. No timestamp: false."""
    hours = as_number(value)
    if operator not in ("is", "less_than", "greater_than"):
        raise CannotEvaluate(f"operator `{operator}` does not apply to a time condition")
    # Whole hours elapsed, ``h = seconds // 3600`` (none when negative), compared with
    # ``hours`` as bounds on the elapsed time itself: h > H ⇔ t ≥ (⌊H⌋+1)h;
    # h < H ⇔ t < ⌈H⌉h; h = H ⇔ H·h ≤ t < (H+1)·h (H whole). No float division per check.
    zero, low, high = timedelta(0), timedelta(0), None
    try:
        if operator == "greater_than":
            low = max(timedelta(hours=math.floor(hours) + 1), zero)
        elif operator == "less_than":
            high = max(timedelta(hours=math.ceil(hours)), zero)
        elif hours.is_integer() and hours >= 0:
            low, high = timedelta(hours=hours), timedelta(hours=hours + 1)
        else:  # a whole number of hours never equals a fraction (or a negative)
            return lambda ctx: False
    except (OverflowError, ValueError):  # beyond any date: compare the hours themselves
        return _hours_slow(operator, reader, hours, until)

    def elapsed(ctx: Context) -> timedelta | None:
        stamp = reader(ctx)
        if stamp is None:
            return None
        span: timedelta = stamp - ctx.now if until else ctx.now - stamp
        return span

    if high is None:
        return lambda ctx: (t := elapsed(ctx)) is not None and t >= low
    return lambda ctx: (t := elapsed(ctx)) is not None and low <= t < high


def _hours_slow(operator: str, reader: Reader, hours: float, until: bool) -> Check:
    """:func:`hours_check` for a number of hours no time span holds (infinite, too large)."""

    def elapsed(ctx: Context) -> int | None:
        stamp = reader(ctx)
        if stamp is None:
            return None
        seconds = (stamp - ctx.now if until else ctx.now - stamp).total_seconds()
        return None if seconds < 0 else int(seconds // 3600)

    ops: dict[str, Check] = {
        "is": lambda ctx: elapsed(ctx) == hours,
        "less_than": lambda ctx: (h := elapsed(ctx)) is not None and h < hours,
        "greater_than": lambda ctx: (h := elapsed(ctx)) is not None and h > hours,
    }
    return ops[operator]
