"""Clients share one TLS context, and sharing never weakens it."""

from __future__ import annotations

import ssl

from helpctl.zendesk.client import _shared_tls_context


def test_clients_opened_for_a_fleet_share_one_tls_context() -> None:
    assert _shared_tls_context() is _shared_tls_context()


def test_the_shared_tls_context_verifies_certificates_and_hostnames() -> None:
    ctx = _shared_tls_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname is True
