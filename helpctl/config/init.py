"""`helpctl init`: write a small working project with a `sandbox` instance.

The starter files are package data (``helpctl/config/templates/starter/``); the JSON Schemas are
generated into ``schema/`` so editors complete and check the files from the first keystroke.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from helpctl.config.schema import project_schema, resources_schema
from helpctl.errors import ConfigError

__all__ = ["GITIGNORE", "init_project", "write_gitignore", "write_schemas"]

_TEMPLATE = "starter"


def init_project(target: Path, *, force: bool = False) -> list[Path]:
    """Write the starter project into ``target``; returns the files written, in order.

    Refuses a folder that already holds files unless ``force`` (then same-named files are
    overwritten and others left alone).
    """
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target} exists and is not a folder", hint="choose another path")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ConfigError(
            f"{target} is not empty",
            hint="choose an empty folder, or pass --force to write the starter files into it",
        )
    root = resources.files("helpctl.config").joinpath("templates", _TEMPLATE)
    written: list[Path] = []
    _copy(root, target, written)
    written += write_schemas(target / "schema")
    written.append(write_gitignore(target))
    return written


#: What a project's `.gitignore` keeps out of git: the embedded sandbox's database holds API
#: tokens, tickets and migration ledgers, and a plain `git add -A` would commit it.
GITIGNORE = """\
# Written by `helpctl init`: local state that must not be committed.
# .helpctl/ holds the sandbox database (API tokens, tickets) and the migration ledgers.
.helpctl/
# Saved plans are build output (CI keeps them as artifacts).
plan.json
"""


def write_gitignore(target: Path) -> Path:
    """Write ``target/.gitignore``; an existing one keeps its lines and gains those it lacks."""
    path = target / ".gitignore"
    wanted = GITIGNORE.splitlines()
    if not path.exists():
        path.write_text(GITIGNORE, encoding="utf-8")
        return path
    text = path.read_text(encoding="utf-8")
    have = set(text.splitlines())
    missing = [line for line in wanted if line not in have and not line.startswith("#")]
    if missing:
        sep = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + sep + "\n".join([wanted[0], *missing]) + "\n", encoding="utf-8")
    return path


def write_schemas(folder: Path) -> list[Path]:
    """Write `resources.schema.json` and `project.schema.json` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, doc in (
        ("project.schema.json", project_schema()),
        ("resources.schema.json", resources_schema()),
    ):
        path = folder / name
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        out.append(path)
    return out


def _copy(source: Traversable, target: Path, written: list[Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("__", ".")):
            continue
        if entry.is_dir():
            _copy(entry, target / entry.name, written)
        else:
            path = target / entry.name
            path.write_bytes(entry.read_bytes())
            written.append(path)
