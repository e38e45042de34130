"""The one URL policy: where helpctl may send credentials, and where the sandbox may listen.

* ``https`` only, except plain ``http`` to loopback (``localhost``, ``127.0.0.0/8``, ``::1``),
  where the sandbox runs;
* no user or password in the URL (credentials are ``auth:`` references, never URL text);
* any other scheme (``file:``, ``ftp:``…) or a URL without a host is refused;
* a malformed URL (``https://[::1/``, a port that is not a number) is a clear refusal, not a
  crash.

:func:`check_url` is pure and returns what is wrong (or None), so validation can report it at
file:line; :func:`require_url` raises it as a :class:`~helpctl.errors.ConfigError`. Instance
connection (:mod:`helpctl.providers.connect`), the HTTP client (:mod:`helpctl.zendesk.urls`) and
``helpctl sandbox serve`` all ask this module; nothing here imports an HTTP library. Messages
never echo the URL itself: it may carry a password.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from helpctl.errors import ConfigError, Position

__all__ = [
    "UrlProblem",
    "api_url",
    "check_subdomain",
    "check_url",
    "is_loopback",
    "require_url",
    "subdomain_url",
]

_EXAMPLE = "write the full URL, e.g. https://acme.zendesk.com"


@dataclass(frozen=True)
class UrlProblem:
    """Why a URL is refused (``message``) and what to write instead (``hint``)."""

    message: str
    hint: str

    def __str__(self) -> str:
        return self.message


def is_loopback(host: str) -> bool:
    """``localhost``, an address in ``127.0.0.0/8``, or ``::1`` (brackets and case ignored)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url.strip())
        _ = parts.hostname, parts.port  # both raise ValueError on bad brackets or port
    except ValueError:
        return None
    return parts


def check_url(url: str) -> UrlProblem | None:
    """What is wrong with sending credentials to ``url``, or None when it is allowed."""
    parts = _split(url)
    if parts is None:
        return UrlProblem(
            "the url is malformed (check the brackets around an IPv6 address and the port)",
            _EXAMPLE,
        )
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return UrlProblem("the url must start with https:// and name a host", _EXAMPLE)
    if "@" in parts.netloc:
        return UrlProblem(
            f"the url for {host} carries credentials",
            "remove them from the url; put credentials under `auth:` as references",
        )
    if parts.scheme == "http" and not is_loopback(host):
        return UrlProblem(
            f"refusing plain http to {host}: credentials would travel unencrypted",
            "use an https:// url (plain http is allowed only to loopback, for the sandbox)",
        )
    return None


def require_url(url: str, *, instance: str = "", position: Position | None = None) -> str:
    """``url`` (stripped) when :func:`check_url` allows it; else ConfigError naming the
    instance."""
    problem = check_url(url)
    if problem is not None:
        where = f"instance {instance}: " if instance else ""
        raise ConfigError(f"{where}{problem.message}", hint=problem.hint, position=position)
    return url.strip()


def api_url(url: str, *, instance: str = "", position: Position | None = None) -> str:
    """The allowed ``url`` as an API base: its path ending in ``/api/v2/``."""
    parts = urlsplit(require_url(url, instance=instance, position=position))
    path = parts.path.rstrip("/")
    if not path.endswith("/api/v2"):
        path += "/api/v2"
    return f"{parts.scheme}://{parts.netloc}{path}/"


def check_subdomain(label: str) -> str | None:
    """What is wrong with ``label`` as a Zendesk subdomain (one DNS label), or None."""
    if (
        not label
        or len(label) > 63
        or not all(c.isascii() and (c.isalnum() or c == "-") for c in label)
    ):
        return "is not a Zendesk subdomain"
    return None


def subdomain_url(label: str) -> str:
    """``https://{label}.zendesk.com/api/v2/`` for a label :func:`check_subdomain` allows."""
    return f"https://{label.lower()}.zendesk.com/api/v2/"
