"""helpctl: helpdesk configuration as code, and migration of support history into it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("helpctl")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
