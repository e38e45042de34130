"""Resource files: reading each once, and expanding an instance's `include` list into files.

A resource file is a mapping of kind → list of objects, plus an optional ``include:`` list of
further files or folders (relative to the file), applied *before* the file's own objects so the
file overlays what it includes. A help center article (a Markdown or HTML file under an
``articles/`` folder) is a resource file of one ``hc_articles`` object, read by
:mod:`helpctl.guide.articles`. A folder means its ``*.yaml``/``*.yml`` files and its articles,
recursively, in path order, skipping hidden entries. Includes may not leave the project folder
(after resolving symlinks and ``..``), must exist and may not form a cycle.

:class:`ProjectFiles` parses each file once per run: a fleet of instances sharing one base folder
reads and checks that folder once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpctl.config.loader import PROJECT_FILE, kind_names, suggest
from helpctl.config.merge import has_vars
from helpctl.config.plaintext import might_hold_secrets, plaintext_secrets
from helpctl.config.project import InstanceConfig
from helpctl.config.yamlpos import PosDict, PosList, YamlFileError, parse_yaml, read_yaml_text
from helpctl.errors import Position, Problem
from helpctl.guide.sources import ARTICLE_KIND, is_article_file

if TYPE_CHECKING:  # the article reader (Markdown, front matter) only for a project with articles
    from helpctl.guide.articles import ArticleReader

__all__ = ["ParsedFile", "ProjectFiles", "RawObject", "names_in_broken"]

_SUFFIXES = (".yaml", ".yml")
_VAR_START = re.compile(re.escape("${"))


@dataclass
class RawObject:
    """One object as written in one file; ``key`` is its identity when it has a usable one,
    ``index`` its place in the file's list of that kind."""

    kind: str
    key: str | None
    data: PosDict
    has_vars: bool
    index: int = 0


@dataclass
class ParsedFile:
    """A resource file, read and checked on its own (no knowledge of any instance)."""

    path: Path
    display: str
    objects: list[RawObject] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    includes: list[tuple[str, Position | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: for a file that failed to parse: the identities it seems to define, per kind (read
    #: line by line), so references to them can say why they are missing
    unparsed: dict[str, list[str]] = field(default_factory=dict)


class ProjectFiles:
    """Parses resource files of one project, each once, and resolves includes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._parsed: dict[Path, ParsedFile] = {}
        self._identity = _identities()
        self._articles: ArticleReader | None = None

    def display(self, path: Path) -> str:
        return _display(self.root, path)

    def parse(self, path: Path) -> ParsedFile:
        cached = self._parsed.get(path)
        if cached is None:
            cached = self._parsed[path] = self._read(path)
        return cached

    def instance_files(self, instance: InstanceConfig) -> tuple[list[ParsedFile], list[Problem]]:
        """The files an instance includes, in the order their objects apply."""
        order: list[ParsedFile] = []
        problems: list[Problem] = []
        positions: list[Position | None] = list(instance.include_positions)
        positions += [instance.position] * (len(instance.include) - len(positions))
        for entry, pos in zip(instance.include, positions, strict=False):
            files, found = self.resolve(self.root, entry, pos)
            problems += found
            for path in files:
                self._visit(path, [path], order, problems)
        return order, problems

    def _visit(
        self, path: Path, stack: list[Path], order: list[ParsedFile], problems: list[Problem]
    ) -> None:
        parsed = self.parse(path)
        for entry, pos in parsed.includes:
            files, found = self.resolve(path.parent, entry, pos)
            problems += found
            for child in files:
                if child in stack:
                    chain = " → ".join(self.display(p) for p in [*stack, child])
                    problems.append(
                        Problem(
                            "include_cycle",
                            f"include cycle: {chain}",
                            pos,
                            "include",
                            hint="remove one of the includes that close the cycle",
                        )
                    )
                    continue
                self._visit(child, [*stack, child], order, problems)
        order.append(parsed)

    def resolve(
        self, base: Path, entry: str, pos: Position | None
    ) -> tuple[list[Path], list[Problem]]:
        """The files one include entry names (a file, or a folder's YAML files)."""
        target = (base / entry).resolve()
        if not target.is_relative_to(self.root):
            return [], [_outside(entry, pos)]
        if not target.exists():
            return [], [self._missing(base, entry, pos)]
        if target.is_file():
            return [target], []
        if not target.is_dir():
            return [], [_not_regular(entry, pos)]
        files: list[Path] = []
        problems: list[Problem] = []
        for path in sorted(target.rglob("*")):
            rel = path.relative_to(target).parts
            wanted = path.suffix in _SUFFIXES or is_article_file(path)
            if not wanted or any(p.startswith(".") for p in rel):
                continue
            real = path.resolve()
            if not real.is_relative_to(self.root):
                problems.append(_outside(f"{entry.rstrip('/')}/{'/'.join(rel)}", pos))
            elif real.is_file() and real != self.root / PROJECT_FILE:
                files.append(real)
            elif not real.is_dir():
                problems.append(_not_regular(f"{entry.rstrip('/')}/{'/'.join(rel)}", pos))
        return files, problems

    def _missing(self, base: Path, entry: str, pos: Position | None) -> Problem:
        parent = (base / entry).parent
        siblings = sorted(p.name for p in parent.iterdir()) if parent.is_dir() else []
        hint = suggest(Path(entry).name, siblings) if siblings else "check the path"
        return Problem("include_missing", f"included path `{entry}` does not exist", pos, "", hint)

    def _read(self, path: Path) -> ParsedFile:
        display = self.display(path)
        parsed = ParsedFile(path, display)
        if path.suffix not in _SUFFIXES:
            return self._read_article(parsed)
        text = ""
        try:
            text = read_yaml_text(path, display)
            doc = parse_yaml(text, display)
        except YamlFileError as ex:
            parsed.problems.append(ex.problem)
            parsed.unparsed = names_in_broken(text, self._identity)
            return parsed
        if might_hold_secrets(text):
            parsed.problems += plaintext_secrets(doc)
        if not isinstance(doc, PosDict):
            parsed.problems.append(
                Problem(
                    "wrong_type",
                    "a resource file is a mapping of kind → list of objects",
                    Position(display, 1, 1),
                    hint="start with a kind, e.g. `groups:`",
                )
            )
            return parsed
        for key, value in doc.items():
            pos = doc.key_position(key)
            if key == "include":
                includes = _include_list(value, pos)
                if includes is None:
                    parsed.problems.append(
                        Problem("wrong_type", "`include` is a path or a list of paths", pos, key)
                    )
                parsed.includes += includes or []
            elif key not in self._identity:
                hint = suggest(key, [*self._identity, "include"])
                problem = Problem("unknown_kind", f"unknown kind `{key}`", pos, key, hint)
                parsed.problems.append(problem)
            else:
                self._objects(parsed, key, value, pos, _var_test(text))
        return parsed

    def _read_article(self, parsed: ParsedFile) -> ParsedFile:
        """An article file (and its translations beside it): one ``hc_articles`` object."""
        if self._articles is None:
            from helpctl.guide.articles import ArticleReader

            # not the bound method: that would make a reference cycle holding every parsed
            # file, freed only by a full garbage collection (0.2 s after validating a large fleet)
            self._articles = ArticleReader(partial(_display, self.root))
        article = self._articles.read(parsed.path)
        parsed.problems += article.problems
        parsed.kinds.append(ARTICLE_KIND)
        if article.data is not None:
            title = article.data.get("title")
            key = title if isinstance(title, str) and title else None
            parsed.objects.append(RawObject(ARTICLE_KIND, key, article.data, False))
        return parsed

    def _objects(
        self,
        parsed: ParsedFile,
        kind: str,
        value: Any,
        pos: Position | None,
        holds_vars: Callable[[PosList, int], bool],
    ) -> None:
        parsed.kinds.append(kind)
        if value is None:
            return
        if not isinstance(value, PosList):
            parsed.problems.append(
                Problem("wrong_type", f"`{kind}` must be a list of objects", pos, kind)
            )
            return
        identity = self._identity[kind]
        first: dict[str, Position | None] = {}
        for index, item in enumerate(value):
            where = value.item_position(index)
            if not isinstance(item, PosDict):
                parsed.problems.append(
                    Problem("wrong_type", "each item must be a mapping", where, f"{kind}[{index}]")
                )
                continue
            key = item.get(identity)
            key = key if isinstance(key, str) and key else None
            if key is not None:
                at = item.key_position(identity)
                if key in first:
                    parsed.problems.append(_duplicate(kind, key, at, first[key]))
                    continue
                first[key] = at
            parsed.objects.append(RawObject(kind, key, item, holds_vars(value, index), index))


_KIND_LINE = re.compile(r"^([A-Za-z_]+):\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^(\s*)-\s+(?:(\w+):\s*(.*?))?\s*$")
_KEY_LINE = re.compile(r"^(\s*)(\w+):\s*(.*?)\s*$")


def _scalar(text: str) -> str:
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def names_in_broken(text: str, identities: dict[str, str]) -> dict[str, list[str]]:
    """The identities a resource file that failed to parse seems to define, per kind.

    A line scan of the block style every example uses (``kind:`` at the left margin, objects
    as ``- title: X`` items or with the identity key on a later line of the item); good enough
    to tell a reference "defined in that file, which failed to parse" from a typo.
    """
    out: dict[str, list[str]] = {}
    kind: str | None = None
    item_indent: int | None = None
    for line in text.replace("\t", " ").splitlines():
        head = _KIND_LINE.match(line)
        if head:
            kind = head.group(1) if head.group(1) in identities else None
            item_indent = None
            continue
        if kind is None:
            continue
        item = _ITEM_LINE.match(line)
        if item and (item_indent is None or len(item.group(1)) == item_indent):
            item_indent = len(item.group(1))
            key, value = item.group(2), item.group(3)
        else:
            plain = _KEY_LINE.match(line)
            if not plain or item_indent is None or len(plain.group(1)) != item_indent + 2:
                continue
            key, value = plain.group(2), plain.group(3)
        if key == identities[kind] and value and _scalar(value):
            out.setdefault(kind, []).append(_scalar(value))
    return out


def _var_test(text: str) -> Callable[[PosList, int], bool]:
    """How to tell whether the object at ``items[index]`` holds a ``${``.

    Reading the object's own span of the file text (from its start to the next item's) is much
    cheaper than serialising the object, and may only err towards True (a ``${`` in a comment),
    which costs a substitution that changes nothing. It is exact only when the text is all
    there is: an escape (``"\x24{"``) or an alias to an anchor written elsewhere can put a
    ``${`` into a value without it appearing in the span, so such files check each object.
    A file whose text holds no ``${`` at all has no variables.
    """
    if "${" not in text:
        return lambda items, index: False
    if "\\" in text or "&" in text:
        return lambda items, index: has_vars(items[index])
    offsets = [match.start() for match in _VAR_START.finditer(text)]

    def in_span(items: PosList, index: int) -> bool:
        marks = items.item_marks
        start = marks[index].index
        end = marks[index + 1].index if index + 1 < len(marks) else len(text)
        return bisect.bisect_left(offsets, start) < bisect.bisect_left(offsets, end)

    return in_span


def _display(root: Path, path: Path) -> str:
    """``path`` as shown in positions: relative to the project folder when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _identities() -> dict[str, str]:
    from helpctl.resources import KINDS

    return {name: KINDS[name].identity for name in kind_names()}


def _include_list(value: Any, pos: Position | None) -> list[tuple[str, Position | None]] | None:
    if isinstance(value, str):
        return [(value, pos)]
    if isinstance(value, PosList) and all(isinstance(item, str) for item in value):
        return [(item, value.item_position(i)) for i, item in enumerate(value)]
    return None


def _not_regular(entry: str, pos: Position | None) -> Problem:
    return Problem(
        "include_not_regular",
        f"included path `{entry}` is not a regular file or folder (a FIFO, device or socket)",
        pos,
        "",
        "include YAML files or folders only",
    )


def _outside(entry: str, pos: Position | None) -> Problem:
    return Problem(
        "include_outside_project",
        f"included path `{entry}` is outside the project folder",
        pos,
        "",
        hint="keep included files inside the folder that holds helpctl.yaml",
    )


def _duplicate(kind: str, key: str, at: Position | None, first: Position | None) -> Problem:
    line = f" (first at line {first.line})" if first and first.line else ""
    return Problem(
        "duplicate_identity",
        f"{kind} `{key}` is defined twice in this file{line}",
        at,
        f"{kind}[{key}]",
        hint="merge the two definitions, or rename one (use another file to overlay)",
    )
