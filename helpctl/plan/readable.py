"""Changes for people: one field diff → the entries a reviewer reads, nothing cut.

A :class:`~helpctl.plan.model.FieldDiff` holds a whole old and new value; a reviewer wants to
see what moved inside it. :func:`change_entries` breaks a change down structurally:

- maps key by key (``variants.uk``), with the planner's rule that only what the desired side
  sets is compared (a key only the live side has is not a change);
- lists item by item: items that carry an identity (``value``, ``name``, ``title``, ``locale``,
  ``field``…) unique on each side are matched by it (an option added, removed, edited, the order
  changed); other lists are matched as sequences (an action inserted, one edited in place);
- long or multi-line text as a ``text`` entry, shown as a line diff, with the changed words
  (:func:`word_hunks`) as its identity across instances;
- a create lists every value it creates; a delete names the object only.

Pure domain: no I/O, no rendering (the CLI renders entries as text or Markdown).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from helpctl.plan.field_diff import same_value
from helpctl.plan.model import MARKER_PATH, Change

__all__ = ["LONG_TEXT", "Entry", "change_entries", "is_text", "word_hunks"]

#: Text longer than this (or on several lines) is shown as a line diff, not as old → new.
LONG_TEXT = 60

#: Keys that identify an item of a list of objects, tried in this order.
ITEM_KEYS = ("field", "locale", "value", "name", "title", "key", "id", "tag")

Op = Literal["add", "remove", "change", "text", "order"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Entry:
    """One thing a change does, at ``path`` (``options[value=vip].name``, ``variants.uk``).

    - ``add`` / ``remove``: ``new`` / ``old`` is the value added or removed;
    - ``change``: a short value replaced (``old`` → ``new``);
    - ``text``: long or multi-line text edited (both full strings; render as a line diff);
    - ``order``: the items of a list in a new order (``old``, ``new``: their identities).
    """

    path: str
    op: Op
    old: Any = None
    new: Any = None

    def signature(self) -> str:
        """What makes two instances' entries "the same change": for text, the path and the
        changed words (the text around them may differ, e.g. by a ``${var}``); otherwise the
        whole entry."""
        if self.op == "text":
            return _canon([self.path, "text", word_hunks(str(self.old), str(self.new))])
        return _canon([self.path, self.op, self.old, self.new])


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def is_text(value: Any) -> bool:
    """A string shown as a line diff: long, or on several lines."""
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value)


def word_hunks(old: str, new: str) -> list[tuple[str, str]]:
    """The changed runs of words, as (old, new) pairs, in order (context left out)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [
        ("".join(a[i1:i2]), "".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _item_key(old: Sequence[Any], new: Sequence[Any]) -> str | None:
    """The first of :data:`ITEM_KEYS` every item of both lists has, when it is unique on each
    side (a rule's actions by ``field`` unless one field is set twice)."""
    items = [*old, *new]
    if not items or not all(isinstance(x, Mapping) for x in items):
        return None
    key = next((k for k in ITEM_KEYS if all(k in x for x in items)), None)
    if key is None:
        return None
    olds = [_canon(x[key]) for x in old]
    news = [_canon(x[key]) for x in new]
    return key if len(set(olds)) == len(olds) and len(set(news)) == len(news) else None


def _label(value: Any) -> str:
    return value if isinstance(value, str) else _canon(value)


def _keyed(path: str, key: str, old: Sequence[Any], new: Sequence[Any]) -> list[Entry]:
    olds = {_canon(x[key]): x for x in old}
    news = {_canon(x[key]): x for x in new}
    out: list[Entry] = []
    for ident, item in news.items():
        where = f"{path}[{key}={_label(item[key])}]"
        if ident not in olds:
            out.append(Entry(where, "add", new=item))
        else:
            out += value_entries(where, olds[ident], item)
    out += [
        Entry(f"{path}[{key}={_label(item[key])}]", "remove", old=item)
        for ident, item in olds.items()
        if ident not in news
    ]
    kept_old = [_label(x[key]) for x in old if _canon(x[key]) in news]
    kept_new = [_label(x[key]) for x in new if _canon(x[key]) in olds]
    if kept_old != kept_new:
        out.append(Entry(path, "order", old=kept_old, new=kept_new))
    return out


def _sequence(path: str, old: Sequence[Any], new: Sequence[Any]) -> list[Entry]:
    matcher = SequenceMatcher(None, [_canon(x) for x in old], [_canon(x) for x in new])
    out: list[Entry] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out += value_entries(f"{path}[{j1 + k}]", old[i1 + k], new[j1 + k])
            continue
        out += [Entry(f"{path}[{i}]", "remove", old=old[i]) for i in range(i1, i2)]
        out += [Entry(f"{path}[{j}]", "add", new=new[j]) for j in range(j1, j2)]
    return out


def _created(path: str, value: Any) -> list[Entry]:
    """A value set where there was none: lists item by item, maps key by key, text in full."""
    if isinstance(value, list) and value:
        return value_entries(path, [], value)
    if isinstance(value, Mapping) and value:
        return value_entries(path, {}, value)
    if is_text(value):
        return [Entry(path, "text", "", value)]
    return [Entry(path, "add", new=value)]


def value_entries(path: str, old: Any, new: Any) -> list[Entry]:
    """The entries that turn ``old`` into ``new`` at ``path`` (nothing when they agree)."""
    if same_value(new, old):
        return []
    if isinstance(new, Mapping) and isinstance(old, Mapping | None):
        before = old or {}
        out: list[Entry] = []
        for key, value in new.items():
            where = f"{path}.{key}" if path else str(key)
            if key in before:
                out += value_entries(where, before[key], value)
            elif not same_value(value, None):
                out += _created(where, value)
        return out
    if isinstance(new, list) and isinstance(old, list | None):
        before_list = old or []
        key = _item_key(before_list, new)
        return _keyed(path, key, before_list, new) if key else _sequence(path, before_list, new)
    if isinstance(new, str) and isinstance(old, str | None) and (is_text(new) or is_text(old)):
        return [Entry(path, "text", old or "", new)]
    if old is None:
        return [Entry(path, "add", new=new)]
    return [Entry(path, "change", old, new)]


def change_entries(change: Change) -> list[Entry]:
    """Everything ``change`` does, entry by entry (a reorder is one ``order`` entry)."""
    if change.action == "reorder":
        return [Entry(change.scope or change.kind, "order", new=list(change.order))]
    if change.action == "delete":
        return []
    if change.action == "create":
        attrs = change.desired.attrs if change.desired is not None else {}
        return [entry for key, value in attrs.items() for entry in _created(key, value)]
    out: list[Entry] = []
    for d in change.diffs:
        if d.path == MARKER_PATH:
            out.append(Entry(d.path, "add", new=d.new))
        else:
            out += value_entries(d.path, d.old, d.new)
    return out
