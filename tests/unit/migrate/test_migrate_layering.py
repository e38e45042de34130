"""The migration package's shape, read from its source: no import cycle among its modules, the
mapping reads no source module, and nothing in it speaks HTTP or knows the Zendesk client (the
Zendesk implementation of :class:`~helpctl.migrate.target.ImportTarget` lives in
``helpctl/zendesk/imports.py`` and is composed by
:class:`~helpctl.providers.connect.Connections`)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import helpctl.migrate

PACKAGE = Path(helpctl.migrate.__file__).parent
#: Imports no module of ``helpctl/migrate/`` may make, even lazily or only for type checking.
FORBIDDEN = ("httpx", "helpctl.zendesk", "helpctl.sandbox", "helpctl.cli", "typer")
#: The modules that turn a legacy record into a target-shaped one.
MAPPING = ("mapping", "mapping_checks", "mapping_rules", "mapping_schema", "mapping_spec")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports anywhere (top level, in functions, under TYPE_CHECKING),
    with ``from pkg import name`` read as ``pkg.name`` when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_package_is_read_whole() -> None:
    graph = _graph()
    assert {"helpctl.migrate.runner", "helpctl.migrate.target", "helpctl.migrate.sources"} <= set(
        graph
    )
    assert "helpctl.migrate.mapping_checks" in graph["helpctl.migrate.mapping"]


def test_no_import_cycle_among_migrate_modules() -> None:
    graph = _graph()
    inside = {mod: {dep for dep in deps if dep in graph} for mod, deps in graph.items()}
    try:
        TopologicalSorter(inside).prepare()
    except CycleError as err:
        pytest.fail(f"import cycle in helpctl.migrate: {' -> '.join(err.args[1])}")


@pytest.mark.parametrize("name", MAPPING)
def test_the_mapping_imports_no_source_module(name: str) -> None:
    # The ``source:`` section is checked against the source registry (the package itself);
    # helpers the mapping shares with sources live in helpctl/migrate/values.py.
    graph = _graph()
    deps = graph[f"helpctl.migrate.{name}"]
    assert not [d for d in deps if d in graph and d.startswith("helpctl.migrate.sources.")]


def test_migrate_imports_no_http_client_nor_zendesk_adapter() -> None:
    offending = {
        mod: sorted(d for d in deps if d.startswith(FORBIDDEN))
        for mod, deps in _graph().items()
        if any(d.startswith(FORBIDDEN) for d in deps)
    }
    assert offending == {}
