"""Default factories of pydantic fields: ``Field(default_factory=empty_list)``, not ``list``.

pydantic inspects a default factory's signature when it builds a model (does the factory take
the validated data?). For the builtins ``list`` and ``dict`` that means parsing their text
signature with :mod:`tokenize`: ~5 ms of ``helpctl validate``'s start-up, paid on every run,
where a Python function's signature is a lookup. A mutable default (``= []``) would avoid the
inspection too, but pydantic deep-copies it for every object validated (~1 µs a field, which a
fleet of thousands of objects pays many times over).
"""

from typing import Any

__all__ = ["empty_dict", "empty_list"]


def empty_list() -> list[Any]:
    """A new empty list."""
    return []


def empty_dict() -> dict[Any, Any]:
    """A new empty dict."""
    return {}
