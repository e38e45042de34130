"""What the account holds that helpctl does not manage, counted from the recorded whole account,
so an export can say what it left out."""

from __future__ import annotations

from pathlib import Path

import httpx
import respx
from provider_support import paths, salto_replies, serve

from helpctl.zendesk.provider import ZendeskProvider
from helpctl.zendesk.unmanaged import ACCOUNT_KINDS, unmanaged_kinds


def test_the_recorded_account_s_unmanaged_kinds_are_counted(
    router: respx.Router, provider: ZendeskProvider, zendesk_fixtures: Path
) -> None:
    replies = salto_replies(zendesk_fixtures)
    serve(router, replies)
    missing = httpx.Response(404, json={"error": "InvalidEndpoint", "description": "Not found"})
    router.route().mock(return_value=missing)  # what the recording lacks: not on this account
    expected = {
        kind.name: len(replies[kind.path][kind.key])
        for kind in unmanaged_kinds()
        if kind.path in replies and replies[kind.path].get(kind.key)
    }

    counts = provider.unmanaged_counts()

    assert counts == expected
    assert counts["targets"] >= 1 and "custom_roles" in counts
    # kinds helpctl manages (the help center since issue 12) are not counted
    assert not {"help_center_categories", "webhooks", "schedules"} & set(counts)
    # one request per kind: every recorded list fits one page
    assert len(paths(router.calls)) == len(unmanaged_kinds())


def test_a_kind_helpctl_manages_is_not_reported_as_unmanaged() -> None:
    names = {k.name for k in unmanaged_kinds()}
    assert "user_fields" not in names and "support_addresses" not in names
    assert {k.name for k in ACCOUNT_KINDS} >= names
    assert all(k.path != "recipient_addresses" for k in unmanaged_kinds())
