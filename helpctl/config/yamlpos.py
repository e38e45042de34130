"""Safe YAML loading that remembers where every mapping, key and list item was written.

PyYAML's safe loader forgets positions, silently keeps the last of two duplicate keys and expands
aliases without bound. This module composes the node graph with libyaml (``CSafeLoader`` when
available) and builds the Python values itself, so that:

- every mapping is a :class:`PosDict` and every list a :class:`PosList`, carrying the
  :class:`~helpctl.errors.Position` of the container, of each key and of each item;
- a duplicate key, a tab in indentation, a non-UTF-8 byte, an oversized file, an empty file and
  an alias expansion past a sane size are each refused with their own stable code.

Every refusal is a :class:`YamlFileError` carrying one :class:`~helpctl.errors.Problem`.
Scalars are plain ``str``/``int``/``float``/``bool``/``None``; timestamps stay the text written
(the config language is JSON-shaped, so a date is a string).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from helpctl.errors import ConfigError, Position, Problem

__all__ = [
    "MAX_FILE_BYTES",
    "PosDict",
    "PosList",
    "YamlFileError",
    "collect_locations",
    "locations_of",
    "parse_yaml",
    "position",
    "read_yaml_file",
    "read_yaml_text",
]

#: Files past this size are refused before being read (``file_too_large``).
MAX_FILE_BYTES = 5 * 1024 * 1024

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """libyaml composition without PyYAML's per-scalar Python resolver: every scalar arrives
    tagged str and :class:`_Builder` types plain scalars itself (half the parse time)."""

    yaml_implicit_resolvers: ClassVar[dict[str, Any]] = {}

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        # libyaml calls these two around every node, for path resolvers, which this loader
        # has none of: C callables that do nothing save a Python call per node (~10% of the
        # composition time)
        self.descend_resolver: Callable[[Any, Any], Any] = {}.get
        self.ascend_resolver = tuple

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        return _DEFAULT_TAGS[kind]


_IMPLICIT: dict[str, list[tuple[str, Any]]] = Resolver.yaml_implicit_resolvers
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_DEFAULT_TAGS: dict[type[Node], str] = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _NamedText(io.StringIO):
    """Text the parser reads with a name, so every mark it makes names the file."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:null": "construct_yaml_null",
}


def position(mark: Mark) -> Position:
    """A parser mark (0-based, named after the file) as a 1-based Position."""
    return Position(mark.name, mark.line + 1, mark.column + 1)


class PosDict(dict[str, Any]):
    """A mapping read from YAML, remembering where it starts and where each key is written.

    Positions are kept as the parser's marks (each names its file, so a mapping merged from an
    overlay can mix files) and turned into :class:`Position` only when asked for.
    """

    __slots__ = ("_mark", "key_marks")

    def __init__(self, mark: Mark | None = None) -> None:
        super().__init__()
        self._mark = mark
        self.key_marks: dict[str, Mark] = {}

    @property
    def mark(self) -> Position | None:
        return position(self._mark) if self._mark is not None else None

    def key_position(self, key: str) -> Position | None:
        """Where ``key`` is written, else where the mapping starts."""
        mark = self.key_marks.get(key)
        return position(mark) if mark is not None else self.mark


class PosList(list[Any]):
    """A sequence read from YAML, remembering where it starts and where each item is."""

    __slots__ = ("_mark", "item_marks")

    def __init__(self, mark: Mark | None = None) -> None:
        super().__init__()
        self._mark = mark
        self.item_marks: list[Mark] = []

    @property
    def mark(self) -> Position | None:
        return position(self._mark) if self._mark is not None else None

    def item_position(self, index: int) -> Position | None:
        if 0 <= index < len(self.item_marks):
            return position(self.item_marks[index])
        return self.mark


class YamlFileError(ConfigError):
    """A file could not be read as YAML at all; ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message, hint=problem.hint, position=problem.position)
        self.problem = problem


def _fail(code: str, message: str, pos: Position, hint: str = "") -> YamlFileError:
    return YamlFileError(Problem(code, message, pos, hint=hint))


def read_yaml_file(path: Path, display: str, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read and parse one YAML file, refusing what cannot be config: too large, not UTF-8,
    empty, malformed."""
    return parse_yaml(read_yaml_text(path, display, max_bytes=max_bytes), display)


def read_yaml_text(path: Path, display: str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a file, refusing oversized files and non-UTF-8 bytes."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _fail(
                "file_too_large",
                f"file is {size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.0f} MB",
                Position(display),
                "split it into several files and include them",
            )
        raw = path.read_bytes()
    except OSError as ex:
        message = f"cannot read file: {ex.strerror}"
        raise _fail("file_unreadable", message, Position(display)) from ex
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as ex:
        line = raw.count(b"\n", 0, ex.start) + 1
        column = ex.start - (raw.rfind(b"\n", 0, ex.start) + 1) + 1
        raise _fail(
            "file_not_utf8",
            f"byte 0x{raw[ex.start]:02x} at offset {ex.start} is not valid UTF-8",
            Position(display, line, column),
            "save the file as UTF-8",
        ) from ex
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, display: str) -> Any:
    """Parse one YAML document into PosDict/PosList/scalars; ``display`` names it in positions."""
    loader = _Loader(_NamedText(text, display))
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as ex:
        raise _syntax_error(ex, text, display) from ex
    except yaml.YAMLError as ex:
        raise _fail("yaml_syntax", str(ex), Position(display)) from ex
    finally:
        loader.dispose()
    if node is None:
        raise _fail(
            "file_empty",
            "file holds no YAML document (empty, or only comments)",
            Position(display),
            "add content, or remove the file (write `{}` for an intentionally empty file)",
        )
    builder = _Builder(display, limit=10 * len(text) + 100_000)
    try:
        return builder.build(node)
    except RecursionError as ex:
        raise _fail(
            "yaml_alias_bomb",
            "document nests or refers to itself too deeply to be expanded",
            Position(display),
            "remove recursive anchors/aliases",
        ) from ex


def _syntax_error(ex: yaml.MarkedYAMLError, text: str, display: str) -> YamlFileError:
    mark = ex.problem_mark or ex.context_mark
    if mark is None:
        return _fail("yaml_syntax", str(ex.problem or ex), Position(display))
    lines = text.splitlines()
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent:
        return _fail(
            "yaml_tab",
            "tab character in indentation; YAML indents with spaces only",
            Position(display, mark.line + 1, indent.index("\t") + 1),
            "replace the tabs with spaces",
        )
    message = " ".join(p for p in (ex.context, ex.problem) if p) or "malformed YAML"
    return _fail("yaml_syntax", message, Position(display, mark.line + 1, mark.column + 1))


class _Builder:
    """Turns a composed node graph into positioned values, counting nodes to stop alias bombs."""

    def __init__(self, display: str, limit: int) -> None:
        self.display = display
        self.limit = limit
        self.count = 0
        self.ctor = SafeConstructor()

    def pos(self, node: Node) -> Position:
        return position(node.start_mark)

    def build(self, node: Node) -> Any:
        self.count += 1
        if self.count > self.limit:
            raise _fail(
                "yaml_alias_bomb",
                f"aliases expand the document past {self.limit:,} nodes",
                self.pos(node),
                "write the repeated content out, or reuse fewer aliases",
            )
        cls = node.__class__
        if cls is ScalarNode:
            if node.tag != _STR:
                return self.scalar(node)
            value = node.value
            if not node.style and (not value or value[0] in _IMPLICIT):  # type: ignore[attr-defined]
                return self.plain(node)
            return value
        if node.tag not in _COLLECTION_TAGS:
            return self.scalar(node)  # refuses the unknown tag
        if cls is MappingNode:
            return self.mapping(node)
        if cls is SequenceNode:
            out = PosList(node.start_mark)
            marks = out.item_marks
            for item in node.value:
                marks.append(item.start_mark)
                out.append(self.build(item))
            return out
        raise _fail("yaml_syntax", f"unsupported YAML node {cls.__name__}", self.pos(node))

    def plain(self, node: Node) -> Any:
        """An unquoted scalar that may be a number, bool or null (YAML 1.1 rules)."""
        value = node.value
        for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
            if regexp.match(value):
                node.tag = tag
                return self.scalar(node)
        return value

    def scalar(self, node: Node) -> Any:
        method = _SCALAR_TAGS.get(node.tag)
        if method is not None:
            try:
                return getattr(self.ctor, method)(node)
            except ValueError:  # an integer past Python's 4,300-digit conversion limit
                raise _fail(
                    "number_too_large",
                    f"a number of {len(node.value)} characters is too large to read",
                    self.pos(node),
                    "write a sensible number, or quote it if it is text",
                ) from None
        if node.tag == _TIMESTAMP:
            return node.value
        raise _fail(
            "yaml_syntax",
            f"unsupported tag {node.tag!r}",
            self.pos(node),
            "remove the explicit tag; helpctl files hold plain YAML values",
        )

    def mapping(self, node: Node) -> PosDict:
        out = PosDict(node.start_mark)
        marks = out.key_marks
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or (key_node.value == "<<" and not key_node.style):
                merges.append(value_node)
                continue
            if key_node.__class__ is not ScalarNode:
                raise _fail("yaml_syntax", "keys must be plain text", self.pos(key_node))
            key: str = key_node.value
            if key in marks:
                first = marks[key]
                raise _fail(
                    "yaml_duplicate_key",
                    f"duplicate key {key!r} (first written at line {first.line + 1})",
                    self.pos(key_node),
                    "YAML keeps only one of them; remove or merge the duplicates",
                )
            marks[key] = key_node.start_mark
            # The common case inline, without a call per value: a str-tagged scalar that stays
            # text (quoted, or plain and unable to be a number, bool or null).
            if value_node.__class__ is ScalarNode and value_node.tag == _STR:
                value = value_node.value
                if value_node.style or (value and value[0] not in _IMPLICIT):
                    out[key] = value
                    continue
            out[key] = self.build(value_node)
        for merge in merges:
            self.merge_into(out, merge)
        return out

    def merge_into(self, out: PosDict, node: Node) -> None:
        sources = node.value if node.__class__ is SequenceNode else [node]
        for source in sources:
            value = self.build(source)
            if not isinstance(value, PosDict):
                raise _fail("yaml_syntax", "`<<` merges only mappings", self.pos(source))
            for key, item in value.items():
                if key not in out:
                    out[key] = item
                    out.key_marks[key] = value.key_marks[key]


def locations_of(value: Any, prefix: str = "") -> dict[str, Position]:
    """Every key path inside ``value`` (``conditions.all[0].value``) mapped to its position."""
    out: dict[str, Position] = {}
    collect_locations(value, prefix, out)
    return out


def collect_locations(value: Any, prefix: str, out: dict[str, Position]) -> None:
    if isinstance(value, PosDict):
        marks = value.key_marks
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            mark = marks.get(key)
            if mark is not None:
                out[path] = position(mark)
            if isinstance(item, dict | list):
                collect_locations(item, path, out)
    elif isinstance(value, PosList):
        marks_list = value.item_marks
        for index, item in enumerate(value):
            path = f"{prefix}[{index}]"
            if index < len(marks_list):
                out[path] = position(marks_list[index])
            if isinstance(item, dict | list):
                collect_locations(item, path, out)
