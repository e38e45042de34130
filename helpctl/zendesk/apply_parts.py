"""The parts of an object Zendesk reads and writes apart from the object itself
(``ZendeskKind.sublists`` and ``put_parts``): a schedule's holidays (a list under each schedule)
and its weekly intervals (written only through ``PUT {id}/workweek``).

Reading costs one request per object that has sub-lists (Zendesk offers no way to list a
kind's holidays at once); writing sends only what differs from the live object.
"""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.kinds import ZENDESK_KINDS

__all__ = ["read_sublists", "split_parts", "write_parts"]


def read_sublists(client: ZendeskClient, kind: str, objs: list[dict[str, Any]]) -> None:
    """Put each object's sub-lists into it (``obj["holidays"]``)."""
    entry = ZENDESK_KINDS[kind]
    for sub in entry.sublists:
        for obj in objs:
            answer = client.get(f"{entry.endpoint.item(obj['id'])}/{sub.path}")
            items = answer.get(sub.plural) if isinstance(answer, dict) else None
            obj[sub.key] = [i for i in items or [] if isinstance(i, dict)]


def split_parts(kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``body`` without the keys written apart, and those keys."""
    entry = ZENDESK_KINDS[kind]
    apart = {p.key for p in entry.put_parts} | {s.key for s in entry.sublists}
    if not apart:
        return body, {}
    return (
        {k: v for k, v in body.items() if k not in apart},
        {k: v for k, v in body.items() if k in apart},
    )


def write_parts(
    client: ZendeskClient,
    kind: str,
    obj: dict[str, Any],
    parts: dict[str, Any],
    live: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``parts`` of the object ``obj`` (as created or updated) where they differ from
    ``live``; the object with its parts as they now are."""
    entry = ZENDESK_KINDS[kind]
    base = entry.endpoint.item(obj["id"])
    before = live if live is not None else obj
    for part in entry.put_parts:
        if part.key in parts and parts[part.key] != before.get(part.key):
            client.put(f"{base}/{part.path}", {part.envelope: {part.key: parts[part.key]}})
            obj[part.key] = parts[part.key]
    for sub in entry.sublists:
        current = list((live or {}).get(sub.key) or [])
        if sub.key not in parts:
            obj[sub.key] = current
            continue
        have = {str(i.get(sub.identity)): i for i in current}
        kept: list[dict[str, Any]] = []
        for item in parts[sub.key]:
            old = have.pop(str(item.get(sub.identity)), None)
            path = f"{base}/{sub.path}"
            if old is None:
                answer = client.post(path, {sub.singular: item})
            elif any(old.get(k) != v for k, v in item.items()):
                answer = client.put(f"{path}/{old['id']}", {sub.singular: item})
            else:
                kept.append(old)
                continue
            kept.append(answer.get(sub.singular, item) if isinstance(answer, dict) else item)
        for old in have.values():
            client.delete(f"{base}/{sub.path}/{old['id']}")
        obj[sub.key] = kept
    return obj
