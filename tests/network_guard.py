"""The loopback-only rule every test runs under (the autouse fixture in tests/conftest.py)."""

from __future__ import annotations

import ipaddress
from typing import Any

__all__ = ["NetworkBlocked", "is_loopback"]


def is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like never leave the machine
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    """A test tried to reach an address beyond loopback."""
