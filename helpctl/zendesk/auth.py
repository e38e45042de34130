"""Credentials for the Zendesk API, held so that they can be sent but never shown.

An :class:`Auth` renders only to the ``Authorization`` header value, through :meth:`Auth.header`.
Its ``repr``/``str`` name the scheme and the email, never the token, so an ``Auth`` that ends up
in a log line, a traceback or a debugger shows nothing secret.
"""

from __future__ import annotations

import base64
from typing import Literal

__all__ = ["Auth"]

Scheme = Literal["token", "bearer"]


class Auth:
    """An API token (HTTP Basic ``{email}/token:{token}``) or an OAuth bearer token."""

    __slots__ = ("_header", "_secrets", "email", "scheme")

    def __init__(self, scheme: Scheme, header_value: str, *, email: str, secrets: tuple[str, ...]):
        self.scheme: Scheme = scheme
        self.email = email
        self._header = header_value
        # Every spelling of the secret that could leak: the raw token and the encoded header.
        self._secrets = tuple(s for s in secrets if len(s) >= 4)

    @classmethod
    def token(cls, email: str, token: str) -> Auth:
        """Zendesk API-token auth: Basic ``base64("{email}/token:{token}")``."""
        raw = f"{email}/token:{token}".encode()
        encoded = base64.b64encode(raw).decode("ascii")
        return cls("token", f"Basic {encoded}", email=email, secrets=(token, encoded))

    @classmethod
    def bearer(cls, token: str) -> Auth:
        """OAuth access-token auth: ``Bearer {token}``."""
        return cls("bearer", f"Bearer {token}", email="", secrets=(token,))

    def header(self) -> str:
        """The ``Authorization`` header value. Only the HTTP layer should call this."""
        return self._header

    def redact(self, text: str) -> str:
        """``text`` with every spelling of the secret replaced by ``***`` (defence in depth for
        messages built from third-party text, such as transport exception messages)."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "***")
        return text

    def __repr__(self) -> str:
        who = f", email={self.email!r}" if self.email else ""
        return f"Auth({self.scheme}{who}, secret=***)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Auth) and other._header == self._header

    def __hash__(self) -> int:
        return hash(self._header)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the secret to wherever the pickle goes; refuse instead.
        raise TypeError("Auth objects hold a secret and cannot be pickled")
