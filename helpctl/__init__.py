"""helpctl: helpdesk configuration as code, and migration of support history into it."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs ~40 ms, paid by every command otherwise.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("helpctl")
        except PackageNotFoundError:  # a source tree that was not installed
            return "0.0.0+local"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
