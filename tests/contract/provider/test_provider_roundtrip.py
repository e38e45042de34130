"""Every recorded list/show reply of a supported kind: populate → model → the same writable JSON.

The recorded objects are served as the instance's only objects of their kind; what ``to_zendesk``
makes of the populated attrs must be what Zendesk sent (server-only keys aside): the same ids
for every name, the same option lists, the same rule arrays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from provider_support import fixture, load_json

from helpctl.zendesk.endpoints import ENDPOINTS
from helpctl.zendesk.payloads import to_zendesk
from helpctl.zendesk.provider import ZendeskProvider

CASES = fixture("recorded_replies.json")
PAIRS = [(kind, path) for kind, files in CASES["replies"].items() for path in files]


def _blank(value: Any) -> bool:
    return value is None or value == [] or value == {}


def covers(recorded: Any, sent: Any) -> bool:
    """True when everything ``sent`` says is what ``recorded`` holds (extra recorded keys, such
    as ids of options or urls, are server-side and ignored)."""
    if _blank(sent) and _blank(recorded):
        return True
    if isinstance(sent, dict):
        return isinstance(recorded, dict) and all(
            covers(recorded.get(k), v) for k, v in sent.items()
        )
    if isinstance(sent, list):
        return (
            isinstance(recorded, list)
            and len(recorded) == len(sent)
            and all(covers(r, s) for r, s in zip(recorded, sent, strict=True))
        )
    return bool(sent == recorded)


def recorded_value(obj: dict[str, Any], key: str) -> Any:
    """What Zendesk holds for a writable key: the ``raw_`` form when it is a placeholder; a
    view's ``output`` comes back as ``execution``."""
    raw = obj.get(f"raw_{key}")
    if isinstance(raw, str) and "{{dc." in raw:
        return raw
    if key == "output" and "execution" in obj:
        execution = obj["execution"]
        out = {k: execution.get(k) for k in ("group_by", "group_order", "sort_by", "sort_order")}
        return {**out, "columns": [c["id"] for c in execution.get("columns") or []]}
    return obj.get(key)


def serve_only(
    router: respx.Router, kind: str, objects: list[dict[str, Any]], locales: Any
) -> None:
    for other, ep in ENDPOINTS.items():
        answer = {ep.plural: objects if other == kind else []}
        router.get(path__regex=rf"(^|/){ep.path}$").mock(
            return_value=httpx.Response(200, json=answer)
        )
    router.get("locales").mock(return_value=httpx.Response(200, json=locales))


@pytest.mark.parametrize(
    ("kind", "path"), PAIRS, ids=[f"{k}:{p.split('/', 1)[1]}" for k, p in PAIRS]
)
def test_recorded_reply_round_trips_through_populate_to_the_same_writable_json(
    router: respx.Router,
    provider: ZendeskProvider,
    zendesk_fixtures: Path,
    kind: str,
    path: str,
) -> None:
    ep = ENDPOINTS[kind]
    reply = load_json(zendesk_fixtures / path)
    objects = reply[ep.plural] if ep.plural in reply else [reply[ep.singular]]
    serve_only(router, kind, objects, load_json(zendesk_fixtures / CASES["locales"]))

    state = provider.populate([kind])

    by_id = {str(o["id"]): o for o in objects}
    assert sorted(str(r.live_id) for r in state.of(kind)) == sorted(by_id)
    index = provider.live_index()
    for res in state.of(kind):
        sent = to_zendesk(kind, res.attrs, index)
        obj = by_id[str(res.live_id)]
        wrong = {k: v for k, v in sent.items() if not covers(recorded_value(obj, k), v)}
        assert not wrong, f"{kind} {res.key}: sent {wrong}"
