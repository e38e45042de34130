"""Plan entries (:mod:`helpctl.plan.readable`) as diff lines: ``(sign, text)`` pairs that the
text and Markdown renderers lay out. Values are never cut.

A text entry is a line diff (difflib) when every instance sharing it has the same text; when the
text around the changed words differs per instance (a ``${var}``), each changed run of words is
shown once with the context the instances share, ``…`` standing for the rest.
"""

from __future__ import annotations

import difflib
import json
import re
from difflib import SequenceMatcher
from typing import Any

from helpctl.plan.readable import Entry
from helpctl.plan.review import EntryGroup

__all__ = ["Line", "group_lines", "value_text"]

#: ``(sign, text)``: sign is ``+`` (added), ``-`` (removed), ``~`` (a heading of what changes)
#: or `` `` (context).
Line = tuple[str, str]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def value_text(value: Any) -> str:
    """A value on one line, whole: strings as written, the rest as compact JSON."""
    if isinstance(value, str) and "\n" not in value:
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _line_diff(old: str, new: str) -> list[Line]:
    a, b = old.splitlines() if old else [], new.splitlines() if new else []
    out: list[Line] = []
    for line in difflib.unified_diff(a, b, lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            if out:
                out.append((" ", "…"))
            continue
        out.append((line[0], line[1:]) if line[:1] in "+-" else (" ", line[1:]))
    return out


def _spans(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """The changed runs of tokens, runs on the same line merged into one span."""
    spans: list[list[int]] = []
    gap_has_newline = True
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            gap_has_newline = any("\n" in t for t in a[i1:i2])
        elif spans and not gap_has_newline:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    return [(s[0], s[1], s[2], s[3]) for s in spans]


def _hunks(old: str, new: str) -> list[tuple[str, str, str, str]]:
    """(left context, old words, new words, right context) per changed span, within its line."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for i1, i2, j1, j2 in _spans(a, b):
        left = "".join(a[:i1]).rsplit("\n", 1)[-1]
        right = "".join(a[i2:]).split("\n", 1)[0]
        out.append((left, "".join(a[i1:i2]), "".join(b[j1:j2]), right))
    return out


def _shared_start(texts: list[str]) -> str:
    first = texts[0]
    n = 0
    while n < len(first) and all(len(t) > n and t[n] == first[n] for t in texts):
        n += 1
    return first[:n]


def _common_suffix(texts: list[str]) -> str:
    rev = _shared_start([t[::-1] for t in texts])[::-1]
    if any(len(t) > len(rev) for t in texts) and not rev[:1].isspace():
        rev = rev.split(" ", 1)[1] if " " in rev else ""  # no partial first word
    return rev


def _common_prefix(texts: list[str]) -> str:
    pre = _shared_start(texts)
    if any(len(t) > len(pre) for t in texts) and not pre[-1:].isspace():
        pre = pre.rsplit(" ", 1)[0] + " " if " " in pre else ""
    return pre


def _word_diff(group: EntryGroup) -> list[Line]:
    per = [_hunks(str(e.old), str(e.new)) for e in group.by_instance.values()]
    out: list[Line] = []
    for k, (_, old, new, _) in enumerate(per[0]):
        lefts = [h[k][0] for h in per]
        rights = [h[k][3] for h in per]
        left, right = _common_suffix(lefts), _common_prefix(rights)
        pre = "…" if any(x != left for x in lefts) else ""
        post = "…" if any(x != right for x in rights) else ""
        if out:
            out.append((" ", "…"))
        if old:
            out.append(("-", f"{pre}{left}{old}{right}{post}"))
        if new:
            out.append(("+", f"{pre}{left}{new}{right}{post}"))
    return out


def _text_lines(group: EntryGroup) -> list[Line]:
    e = group.entry
    if group.identical:
        return [("~", f"{e.path}:"), *_line_diff(str(e.old), str(e.new))]
    head = f"{e.path}: changed words (the text around them differs per instance):"
    return [("~", head), *_word_diff(group)]


def group_lines(group: EntryGroup) -> list[Line]:
    """The lines of one entry (as shared by the instances of ``group``)."""
    e: Entry = group.entry
    if e.op == "text":
        return _text_lines(group)
    if e.op == "add":
        return [("+", f"{e.path}: {value_text(e.new)}")]
    if e.op == "remove":
        return [("-", f"{e.path}: {value_text(e.old)}")]
    if e.op == "order":
        new = ", ".join(value_text(x) for x in e.new)
        if e.old is None:
            return [("~", f"order of {e.path}: {new}")]
        old = ", ".join(value_text(x) for x in e.old)
        return [("~", f"{e.path}: new order"), ("-", old), ("+", new)]
    return [("-", f"{e.path}: {value_text(e.old)}"), ("+", f"{e.path}: {value_text(e.new)}")]
