"""Splitting an article file into its front matter (YAML between ``---`` lines) and body."""

from __future__ import annotations

from dataclasses import dataclass

from helpctl.config.yamlpos import PosDict, YamlFileError, parse_yaml
from helpctl.errors import Position, Problem

__all__ = ["Split", "split"]


@dataclass
class Split:
    """A file's front matter (positions are the file's own lines), its body and the line the
    body starts on (1-based)."""

    meta: PosDict
    body: str
    body_line: int
    problems: list[Problem]


def split(text: str, display: str) -> Split:
    """Front matter and body of ``text``; a file without front matter has an empty one."""
    lines = text.splitlines(keepends=True)
    empty = PosDict()
    if not lines or lines[0].rstrip("\r\n") != "---":
        return Split(_empty(display), text, 1, [])
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") in ("---", "..."):
            break
    else:
        where = Position(display, 1, 1)
        problem = Problem(
            "hc_front_matter",
            "the front matter opened on line 1 is never closed",
            where,
            hint="end it with a line holding only `---`",
        )
        return Split(empty, "", 1, [problem])
    yaml_text = "\n" + "".join(lines[1:end])  # leading newline: marks count the file's lines
    body = "".join(lines[end + 1 :])
    if not yaml_text.strip():
        return Split(_empty(display), body, end + 2, [])
    try:
        meta = parse_yaml(yaml_text, display)
    except YamlFileError as ex:
        return Split(_empty(display), body, end + 2, [ex.problem])
    if not isinstance(meta, PosDict):
        problem = Problem(
            "hc_front_matter",
            "the front matter is a mapping of keys (title: …, section: …)",
            Position(display, 2, 1),
            hint="write `key: value` lines between the `---` lines",
        )
        return Split(_empty(display), body, end + 2, [problem])
    return Split(meta, body, end + 2, [])


def _empty(display: str) -> PosDict:
    try:
        meta = parse_yaml("\n{}\n", display)
    except YamlFileError:  # pragma: no cover - constant text
        return PosDict()
    return meta if isinstance(meta, PosDict) else PosDict()
