"""apply() against a sandbox that fails on purpose: the same end state as without faults, and
no object created twice (500s and resets strike after some writes were stored)."""

from __future__ import annotations

import httpx
import pytest
from provider_e2e_support import ALL, desired_state

from helpctl.plan import diff
from helpctl.resources import KINDS
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.provider import ZendeskProvider

FAULTS = "429:0.1,500:0.05,reset:0.02"


#: Seeds whose fault sequences make a create's answer get lost both before and after the object
#: was stored (so both the adopt and the re-send paths run).
SEEDS = [2, 3, 5]


@pytest.mark.parametrize("seed", SEEDS)
def test_apply_under_faults_reaches_the_desired_state_without_duplicates(seed: int) -> None:
    with SandboxServer(accounts=("faulty",), seed=seed) as server, httpx.Client() as http:
        email, token = server.credentials()
        client = ZendeskClient(
            http,
            base_url=server.base_url(),
            auth=Auth.token(email, token),
            sleep=lambda s: None,
            max_retries=10,
        )
        provider = ZendeskProvider(client, "faulty")
        desired = desired_state()
        server.set_faults("faulty", FAULTS)

        report = provider.apply(diff(desired, provider.populate(ALL), kinds=KINDS))
        server.set_faults("faulty", None)
        live = provider.populate(ALL)

    assert report.ok, [r.reason for r in report.failed]
    assert diff(desired, live, kinds=KINDS).changes == []
    for kind in KINDS:
        keys = [r.key for r in live.of(kind)]
        assert not [k for k in keys if "(#" in k], f"{kind}: an object was created twice: {keys}"
    assert client.stats.rate_limited > 0, "faults were injected"
