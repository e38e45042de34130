"""Migration sources: one module per legacy system, all behind the :class:`Source` protocol.

Built-in kinds are listed in :data:`BUILTIN`; third-party packages add kinds through the entry
point group ``helpctl.sources``, whose entry points load a factory
``factory(spec: dict, base_dir: Path) -> Source``. A built-in kind cannot be replaced.

Every built-in module offers ``OPTIONS`` (key → required), an optional
``check(spec) -> list[(key, message, hint)]`` for deeper offline checks, and
``open_source(spec, base_dir, client_factory) -> Source``.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from helpctl.errors import SourceError
from helpctl.migrate.model import Source

__all__ = ["BUILTIN", "ENTRY_POINT_GROUP", "known_kinds", "open_source", "spec_problems"]

ENTRY_POINT_GROUP = "helpctl.sources"

#: kind → module (imported lazily, so the SQL driver loads only for SQL migrations).
BUILTIN = {
    "stackexchange": "helpctl.migrate.sources.stackexchange",
    "forum": "helpctl.migrate.sources.forum",
    "csv": "helpctl.migrate.sources.csv_messages",
    "sql": "helpctl.migrate.sources.sql",
    "jsonl": "helpctl.migrate.sources.jsonl",
    "zendesk": "helpctl.migrate.sources.zendesk",
    "rt": "helpctl.migrate.sources.rt",
}

SourceProblem = tuple[str, str, str]  # (key inside the spec, message, hint)


def _plugins() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN}


def known_kinds() -> list[str]:
    """Every kind a mapping file may name: built-ins first, then installed plugins."""
    return [*BUILTIN, *sorted(_plugins())]


def _module(kind: str) -> ModuleType:
    return importlib.import_module(BUILTIN[kind])


def spec_problems(spec: dict[str, Any]) -> list[SourceProblem]:
    """Offline checks of a ``source:`` section: kind known, keys known, required keys present."""
    kind = spec.get("kind")
    if not isinstance(kind, str) or not kind:
        return [("", "source.kind is required", f"one of: {', '.join(known_kinds())}")]
    if kind not in BUILTIN:
        if kind in _plugins():
            return []
        close = difflib.get_close_matches(kind, known_kinds(), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(known_kinds())}"
        return [("kind", f"unknown source kind {kind!r}", hint)]
    module = _module(kind)
    options: dict[str, bool] = module.OPTIONS
    out: list[SourceProblem] = []
    for key in spec:
        if key != "kind" and key not in options:
            close = difflib.get_close_matches(str(key), list(options), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"{kind} takes: {', '.join(options)}"
            out.append((str(key), f"unknown key {key!r} for a {kind} source", hint))
    for key, required in options.items():
        if required and key not in spec:
            out.append(
                ("", f"a {kind} source needs {key!r}", f"{kind} takes: {', '.join(options)}")
            )
    check: Callable[[dict[str, Any]], list[SourceProblem]] | None = getattr(module, "check", None)
    if check is not None and not out:
        out.extend(check(spec))
    return out


def open_source(
    spec: dict[str, Any],
    base_dir: Path,
    *,
    client_factory: Callable[[dict[str, Any]], Any] | None = None,
) -> Source:
    """Open the source ``spec`` describes; relative paths are relative to ``base_dir`` (the
    mapping file's folder). ``client_factory(spec)`` supplies an API client to sources that need
    one (``zendesk``). Raises :class:`SourceError` for an unusable spec."""
    problems = spec_problems(spec)
    if problems:
        _key, message, hint = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SourceError(f"{message}{more}", hint=hint)
    kind = str(spec["kind"])
    if kind in BUILTIN:
        source: Source = _module(kind).open_source(spec, base_dir, client_factory)
        return source
    factory = _plugins()[kind].load()
    try:
        plugin: Source = factory(spec, base_dir)
    except SourceError:
        raise
    except Exception as exc:  # a plugin's own failure, shown as a source error
        raise SourceError(f"source plugin {kind!r} could not open: {exc}") from exc
    return plugin
