"""Comparing one desired object with its live counterpart, attribute by attribute.

The rule that makes "after an apply, the next plan is empty" hold: only what the desired side
*sets* is compared. Canonical attrs are ``exclude_unset`` dumps, so a key the user did not write
is not managed and never shows as a change, whatever the server keeps there. A key the user wrote
is compared against the live value, or against Zendesk's default for it (``KindSpec.defaults``)
when the live object omits it. Inside nested maps the same rule applies; lists are compared
element by element, in order (option order, form field order and rule condition order are all
significant in Zendesk).

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from helpctl.plan.model import FieldDiff

__all__ = ["field_diffs", "same_value"]


def _is_blank(value: Any) -> bool:
    """What a server leaves out when a value is unset: None, "", [], {}, False."""
    return value is None or value is False or value == "" or value == [] or value == {}


def same_value(desired: Any, live: Any) -> bool:
    """True when ``live`` already satisfies ``desired`` (see the module docstring)."""
    if live is None:
        return _is_blank(desired)
    if isinstance(desired, Mapping):
        if not isinstance(live, Mapping):
            return False
        return all(same_value(value, live.get(key)) for key, value in desired.items())
    if isinstance(desired, list):
        if not isinstance(live, list) or len(live) != len(desired):
            return False
        return all(same_value(d, lv) for d, lv in zip(desired, live, strict=True))
    if isinstance(desired, bool) or isinstance(live, bool):
        return desired is live or (_is_blank(desired) and _is_blank(live))
    if isinstance(desired, int | float) and isinstance(live, int | float):
        return float(desired) == float(live)
    if desired is None:
        return _is_blank(live)
    return bool(desired == live)


def field_diffs(
    desired: Mapping[str, Any],
    live: Mapping[str, Any],
    defaults: Mapping[str, Any],
    never_compared: Collection[str] = (),
) -> list[FieldDiff]:
    """The top-level keys of ``desired`` whose value the live object does not already have.

    ``never_compared`` are the keys that steer the planner (``KindSpec.never_compared``).

    ``old`` is what the live object has (or Zendesk's default when it omits the key), ``new``
    what the config says. Keys are reported in the order the desired side lists them.
    """
    diffs: list[FieldDiff] = []
    for key, new in desired.items():
        if key in never_compared:
            continue
        old = live[key] if key in live else defaults.get(key)
        if not same_value(new, old):
            diffs.append(FieldDiff(path=key, old=old, new=new))
    return diffs
