"""Finding secrets written in plain text anywhere in a config tree.

A key that names a secret (``token``, ``password``, ``secret``, ``api_key``, anything ending in
``_token``/``_password``/``_secret``) must hold a reference (``{env: NAME}`` or ``{file: PATH}``),
never a literal. The Problem says where; it never repeats the value.
"""

from __future__ import annotations

from typing import Any

from helpctl.config.yamlpos import PosDict, PosList
from helpctl.errors import Position, Problem

__all__ = ["is_secret_key", "might_hold_secrets", "plaintext_secrets"]

_SECRET_KEYS = frozenset({"token", "password", "secret", "api_key", "apikey", "client_secret"})
_SECRET_SUFFIXES = ("_token", "_password", "_secret", "_api_key")


# Every key is_secret_key() accepts contains one of these words.
_SECRET_WORDS = ("token", "password", "secret", "api_key", "apikey")


def might_hold_secrets(text: str) -> bool:
    """A quick test of the raw text: False means no key in it can name a secret, so the tree
    walk can be skipped (most files)."""
    lowered = text.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return lowered in _SECRET_KEYS or lowered.endswith(_SECRET_SUFFIXES)


def plaintext_secrets(value: Any, prefix: str = "") -> list[Problem]:
    """A ``secret_plaintext`` Problem for every secret-named key holding a literal."""
    found: list[Problem] = []
    _scan(value, prefix, found)
    return found


def _scan(value: Any, prefix: str, found: list[Problem]) -> None:
    if isinstance(value, PosDict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(item, dict | list):
                _scan(item, path, found)
            elif is_secret_key(key) and item not in (None, ""):
                found.append(_problem(key, path, value.key_position(key)))
    elif isinstance(value, PosList):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                _scan(item, f"{prefix}[{index}]", found)


def _problem(key: str, path: str, pos: Position | None) -> Problem:
    return Problem(
        "secret_plaintext",
        f"`{key}` holds a literal secret; secrets are only written by reference",
        pos,
        path,
        hint=f"write `{key}: {{env: NAME}}` (or `{{file: PATH}}`) and rotate the exposed secret",
    )
