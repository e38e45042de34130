"""The writes of an apply: one method per action, with the right endpoint and body per kind.

- **create**: ``to_zendesk`` with the live index, marked with ``MARKER`` where the kind has a
  field for it, without option ids (a new field has none), POSTed in the kind's envelope. A
  create whose answer was lost (a transport failure or a 5xx after the request left) is
  **never re-sent blindly**: the kind is listed and an object with the same identity that was
  not there before is adopted; only when there is none is the create sent again.
  Runs racing from different machines share no lock, so a create also looks its identity up
  live **before** sending (an object another run created since the plan is adopted and
  updated, not duplicated), and **after**: when two runs created the same identity at once,
  the object with the lowest id wins, and the run whose object lost deletes it and adopts the
  winner; a create refused because the name is taken (kinds whose names Zendesk keeps unique)
  adopts the object holding it. Two racing runs thus leave one object per identity.
- **update**: the complete writable object (the live attrs with the desired ones over them), so
  rules carry both conditions and actions and ticket fields their whole option list, with
  the option ids of the field's own live id (not of another field sharing its title); PUT, or
  PATCH for trigger categories. Dynamic content items change their name with PUT and their
  variants one by one (Zendesk's item PUT only renames).
- **delete**: DELETE; an object already gone counts as deleted.
- **reorder**: forms and fields through their ``reorder`` endpoints (every id, in order),
  trigger categories and triggers through ``trigger_categories/jobs`` (``triggers/reorder``
  when the account has a single category), macros, automations and views through
  ``update_many`` positions, 100 at a time.
"""

from __future__ import annotations

import contextlib
from typing import Any

from helpctl.errors import ApiError, InvalidRecord, NotFound, ServerError, TransportError
from helpctl.plan import Change
from helpctl.resources import KINDS
from helpctl.secrets.webhooks import SecretReader
from helpctl.zendesk.apply_parts import split_parts, write_parts
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.credentials_out import with_credentials
from helpctl.zendesk.endpoints import Endpoint, endpoint
from helpctl.zendesk.guide_ops import GUIDE_CREATES, GuideWriter
from helpctl.zendesk.kinds import ZENDESK_KINDS
from helpctl.zendesk.live import Id, LiveCache, fill_slots
from helpctl.zendesk.payloads import from_zendesk, to_zendesk

__all__ = ["BULK_LIMIT", "Writer"]

#: Zendesk refuses bulk bodies of more than 100 items (400 TooManyValues).
BULK_LIMIT = 100
#: How many times a create whose answer is lost (and that no lookup finds) is sent.
LOST_CREATE_ATTEMPTS = 3


class Writer:
    """Sends the changes of one apply to one instance, keeping ``cache`` current."""

    def __init__(
        self, client: ZendeskClient, cache: LiveCache, secrets: SecretReader | None = None
    ) -> None:
        self.client = client
        self.cache = cache
        self.secrets = secrets
        self.guide = GuideWriter(client, cache)

    def run(self, change: Change) -> Id | None:
        """Send one change; the live id it concerns. Raises HelpctlError on failure."""
        if change.action == "create":
            return self.create(change)
        if change.action == "update":
            return self.update(change)
        if change.action == "delete":
            return self.delete(change)
        self.reorder(change)
        return None

    # -- create ----------------------------------------------------------------------------
    def create(self, change: Change) -> Id:
        assert change.desired is not None
        kind, ep = change.kind, endpoint(change.kind)
        if kind in GUIDE_CREATES:  # under a parent, images and translations: see guide_ops
            return self._create_guide(change)
        attrs = _writable(kind, change.desired.attrs)
        body = _without_option_ids(to_zendesk(kind, attrs, self.cache.index, mark=True))
        body, parts = split_parts(kind, body)
        body = with_credentials(kind, body, send=True, read=self.secrets)
        ident = str(attrs[KINDS[kind].identity])
        already = self._named(kind, ident)
        if already:  # created meanwhile by another run: adopt it
            return self._adopt(kind, already[0], attrs)
        ours, named = self._send_create(ep, body, kind, ident)
        winner = named[0]
        for obj in ours:  # a racing run's create came first: ours goes, theirs is adopted
            if _rank(obj) > _rank(winner):
                with contextlib.suppress(NotFound):
                    self.client.delete(ep.item(_id(obj)))
        if any(_id(obj) == _id(winner) for obj in ours):
            if parts:
                winner = write_parts(self.client, kind, winner, parts)
            winner = self._make_default(kind, attrs, winner)
            self.cache.put(kind, winner)
            return _id(winner)
        return self._adopt(kind, winner, attrs)

    def _create_guide(self, change: Change) -> Id:
        """A section or article: created under its parent by :class:`GuideWriter`, with the same
        live-identity checks before and after as every other create."""
        assert change.desired is not None
        kind, attrs = change.kind, change.desired.attrs
        ident = str(attrs[KINDS[kind].identity])
        already = self._named(kind, ident)
        if already:  # created meanwhile by another run: adopt it
            return self._adopt_guide(change, already[0])
        made = self.guide.create(change, attrs)
        winner = (self._named(kind, ident) or [made])[0]
        if _id(winner) == _id(made) or _rank(made) < _rank(winner):
            self.cache.put(kind, made)
            return _id(made)
        # a racing run's create came first: ours goes, theirs is adopted
        self.guide.forget(_id(made))
        with contextlib.suppress(NotFound):
            self.client.delete(endpoint(kind).item(_id(made)))
        self.cache.remove(kind, _id(made))
        return self._adopt_guide(change, winner)

    def _adopt_guide(self, change: Change, obj: dict[str, Any]) -> Id:
        """Make the live section or article ``obj`` the desired one, as an update would."""
        assert change.desired is not None
        kind = change.kind
        if kind != "hc_articles":
            return self._adopt(kind, obj, change.desired.attrs)
        live_id = _id(obj)
        answer = self.client.get(endpoint(kind).item(live_id), params={"include": "translations"})
        article = _unwrap(answer, endpoint(kind))
        self.cache.put(kind, article)
        live = from_zendesk(kind, article, self.cache.index)
        adopted = Change("update", kind, change.key, desired=change.desired, live=live)
        merged = {**live.attrs, **change.desired.attrs}
        return _id(self.guide.update_article(adopted, merged, live_id))

    def _send_create(
        self, ep: Endpoint, body: dict[str, Any], kind: str, ident: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """POST until an answer or a lookup shows the object: (what may be ours, every live
        object of that name, lowest id first)."""
        attempt = 1
        while True:
            try:
                ours = [self._post(ep, body)]
            except InvalidRecord as err:
                # a kind whose names are unique: a racing run's create got there first
                found = self._named(kind, ident) if _name_taken(err) else []
                if not found:
                    raise
                return [], found
            except (TransportError, ServerError):
                # the answer was lost: whatever appeared under this name since may be ours
                found = self._named(kind, ident)
                if found:
                    return found, found
                if attempt >= LOST_CREATE_ATTEMPTS:
                    raise
                attempt += 1
                continue
            return ours, self._named(kind, ident) or ours

    def _named(self, kind: str, ident: str) -> list[dict[str, Any]]:
        """The live objects named ``ident`` right now, lowest id first."""
        ep, key = endpoint(kind), KINDS[kind].identity
        found = [
            obj
            for obj in self.client.iter_items(ep.path, ep.plural, pagination=ep.pagination)
            if ident in (str(obj.get(key)), str(obj.get(f"raw_{key}")))
        ]
        return sorted(found, key=_rank)

    def _adopt(self, kind: str, obj: dict[str, Any], attrs: dict[str, Any]) -> Id:
        """Make ``obj`` (same identity, created by another run) the desired object."""
        self.cache.put(kind, obj)
        live_id = _id(obj)
        body = to_zendesk(kind, attrs, self.cache.index, mark=True, live_id=live_id)
        self.cache.put(kind, self._send_update(kind, live_id, attrs, body, credentials=True))
        return live_id

    def _post(self, ep: Endpoint, body: dict[str, Any]) -> dict[str, Any]:
        return _unwrap(self.client.post(ep.path, {ep.singular: body}), ep)

    # -- update ----------------------------------------------------------------------------
    def update(self, change: Change) -> Id:
        assert change.desired is not None and change.live is not None
        kind, live_id = change.kind, change.live.live_id
        assert live_id is not None
        if kind == "hc_articles":
            merged = {**change.live.attrs, **change.desired.attrs}
            return _id(self.guide.update_article(change, merged, live_id))
        attrs = _writable(kind, {**change.live.attrs, **change.desired.attrs})
        body = to_zendesk(
            kind,
            attrs,
            self.cache.index,
            mark=change.live.managed or change.restores_marker,
            live_id=live_id,
        )
        send = any(d.path == "authentication" for d in change.diffs)
        self.cache.put(kind, self._send_update(kind, live_id, attrs, body, credentials=send))
        return live_id

    def _send_update(
        self, kind: str, live_id: Id, attrs: dict[str, Any], body: dict[str, Any], *,
        credentials: bool,
    ) -> dict[str, Any]:  # fmt: skip
        """PUT (or PATCH) ``body``, then the parts written by their own endpoints; a webhook's
        credential only when ``credentials`` (set on create, changed on rotation)."""
        ep = endpoint(kind)
        body, parts = split_parts(kind, body)
        body = with_credentials(kind, body, send=credentials, read=self.secrets)
        live_obj = self.cache.get(kind, live_id)
        if kind == "dynamic_content":
            obj = self._update_item(live_id, body)
        else:
            send_update = self.client.patch if ep.update_verb == "PATCH" else self.client.put
            answer = send_update(ep.item(live_id), {ep.singular: body})
            if answer is None:  # webhooks answer 204: read the object back
                answer = self.client.get(ep.item(live_id))
            obj = self._make_default(kind, attrs, _unwrap(answer, ep))
        if parts or (live_obj is not None and ZENDESK_KINDS[kind].sublists):
            obj = write_parts(self.client, kind, obj, parts, live=live_obj)
        return obj

    def _update_item(self, item_id: Id, body: dict[str, Any]) -> dict[str, Any]:
        """A dynamic content item: the name by PUT, then each variant (default first)."""
        ep = endpoint("dynamic_content")
        live = self.cache.get("dynamic_content", item_id) or {}
        if body.get("name") != live.get("name"):
            self.client.put(ep.item(item_id), {"item": {"name": body["name"]}})
        base = f"{ep.item(item_id)}/variants"
        have = {str(v["locale_id"]): v for v in live.get("variants") or []}
        want = sorted(body.get("variants") or [], key=lambda v: not v.get("default"))
        for variant in want:
            old = have.pop(str(variant["locale_id"]), None)
            if old is None:
                self.client.post(base, {"variant": variant})
            elif any(old.get(k) != v for k, v in variant.items()):
                self.client.put(f"{base}/{old['id']}", {"variant": variant})
        for old in have.values():
            self.client.delete(f"{base}/{old['id']}")
        return _unwrap(self.client.get(ep.item(item_id)), ep)

    def _make_default(
        self, kind: str, attrs: dict[str, Any], obj: dict[str, Any]
    ) -> dict[str, Any]:
        """A custom status becomes its category's default only through ``custom_status/default``
        (the status's own PUT ignores ``default``)."""
        if kind != "custom_statuses" or not attrs.get("default") or obj.get("default"):
            return obj
        self.client.put("custom_status/default", {"ids": str(obj["id"])})
        return _unwrap(self.client.get(endpoint(kind).item(obj["id"])), endpoint(kind))

    # -- delete ----------------------------------------------------------------------------
    def delete(self, change: Change) -> Id:
        assert change.live is not None and change.live.live_id is not None
        live_id = change.live.live_id
        if change.live.system:
            raise ApiError(
                f"{change.kind} `{change.key}` is a system object and cannot be deleted",
                hint="remove the delete from the plan",
            )
        with contextlib.suppress(NotFound):  # already gone: the goal of the change holds
            self.client.delete(endpoint(change.kind).item(live_id))
        self.cache.remove(change.kind, live_id)
        return live_id

    # -- reorder ---------------------------------------------------------------------------
    def reorder(self, change: Change) -> None:
        kind, ep = change.kind, endpoint(change.kind)
        wanted = [i for i in (self.cache.id_of(kind, key) for key in change.order) if i is not None]
        if ep.reorder == "reorder":
            ids = fill_slots(self.cache.ids(kind), wanted)
            self.client.put(f"{ep.path}/reorder", {ep.reorder_key: ids})
            self.cache.reorder(kind, ids)
        elif ep.reorder == "update_many":
            self._positions(ep, fill_slots(self.cache.ids(kind), wanted))
        elif ep.reorder == "category_jobs":
            ids = fill_slots(self.cache.ids(kind), wanted)
            items = [{"id": str(i), "position": n} for n, i in enumerate(ids, start=1)]
            self._category_job({"trigger_categories": items})
            self.cache.reorder(kind, ids)
        elif ep.reorder == "within_categories":
            self._reorder_in_categories(ep, change, wanted)
        else:
            raise ApiError(f"{kind} have no order in Zendesk", hint="remove the reorder")

    def _positions(self, ep: Endpoint, ids: list[Id]) -> None:
        """Number ``ids`` 1…n, sending only the objects whose position changes."""
        moved: list[dict[str, Any]] = []
        for position, obj_id in enumerate(ids, start=1):
            obj = self.cache.get(ep.kind, obj_id)
            if obj is not None and obj.get("position") != position:
                moved.append({"id": obj_id, "position": position})
        for start in range(0, len(moved), BULK_LIMIT):
            chunk = moved[start : start + BULK_LIMIT]
            answer = self.client.put(f"{ep.path}/update_many", {ep.plural: chunk})
            if isinstance(answer, dict) and "job_status" in answer:
                _check_job(self.client.wait_job(answer), f"PUT {ep.path}/update_many")
            for item in chunk:
                (self.cache.get(ep.kind, item["id"]) or {})["position"] = item["position"]
        self.cache.reorder(ep.kind, ids)

    def _reorder_in_categories(self, ep: Endpoint, change: Change, wanted: list[Id]) -> None:
        """Triggers of one category: ``triggers/reorder`` (every trigger) when the account has
        at most one category, else positions within the category through the jobs endpoint."""
        category = change.scope.removeprefix("category ").strip() if change.scope else ""
        cat_id = self.cache.id_of("trigger_categories", category) if category else None
        everything = self.cache.ids(ep.kind)
        if len(self.cache.of("trigger_categories")) <= 1:
            ids = fill_slots(everything, wanted)
            self.client.put(f"{ep.path}/reorder", {ep.reorder_key: ids})
            self.cache.reorder(ep.kind, ids)
            return
        members = [
            i
            for i in everything
            if cat_id is None
            or str((self.cache.get(ep.kind, i) or {}).get("category_id")) == str(cat_id)
        ]
        ordered = fill_slots(members, wanted)
        items = []
        for position, trigger_id in enumerate(ordered, start=1):
            obj = self.cache.get(ep.kind, trigger_id) or {}
            items.append(
                {"id": trigger_id, "position": position, "category_id": obj.get("category_id")}
            )
        self._category_job({ep.plural: items})
        self.cache.reorder(ep.kind, fill_slots(everything, ordered))

    def _category_job(self, items: dict[str, Any]) -> None:
        body = {"job": {"action": "patch", "items": items}}
        answer = self.client.post("trigger_categories/jobs", body, idempotent=True)
        job = answer.get("job", answer) if isinstance(answer, dict) else {}
        if isinstance(job, dict) and "job_status" in job:
            job = self.client.wait_job(job)
        _check_job(job, "POST trigger_categories/jobs")


def _writable(kind: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """``attrs`` without the keys that only steer the planner (never sent)."""
    never = KINDS[kind].never_compared
    return {k: v for k, v in attrs.items() if k not in never}


def _without_option_ids(body: dict[str, Any]) -> dict[str, Any]:
    """A new field's options have no ids yet; any found by title belong to another field."""
    if isinstance(body.get("custom_field_options"), list):
        body["custom_field_options"] = [
            {k: v for k, v in opt.items() if k != "id"} for opt in body["custom_field_options"]
        ]
    return body


def _unwrap(answer: Any, ep: Endpoint) -> dict[str, Any]:
    obj = answer.get(ep.singular) if isinstance(answer, dict) else None
    if not isinstance(obj, dict) or "id" not in obj:
        raise ApiError(
            f"the answer has no {ep.singular!r} object",
            path=ep.path,
            hint="the helpdesk answered in an unexpected shape; report this answer",
        )
    return obj


def _name_taken(err: InvalidRecord) -> bool:
    """Zendesk's refusal of a duplicate name ("Name: … has already been taken")."""
    texts = [str(err), *(t for v in err.details.values() for t in v)]
    return any("already been taken" in t for t in texts)


def _rank(obj: dict[str, Any]) -> tuple[int, str]:
    """Creation order of live objects: ids grow with time (numeric ones compared as numbers)."""
    text = str(obj.get("id"))
    return (int(text), "") if text.isdigit() else (0, text)


def _id(obj: dict[str, Any]) -> Id:
    value = obj["id"]
    return value if isinstance(value, int | str) else str(value)


def _check_job(job: Any, what: str) -> None:
    """Raise when a bulk job failed as a whole or for any item."""
    if not isinstance(job, dict):
        return
    errors = [str(e.get("detail") or e.get("title") or e) for e in job.get("errors") or []]
    results = job.get("results")
    if isinstance(results, list):
        errors += [
            f"{r.get('id')}: {r.get('details') or r.get('error')}"
            for r in results
            if isinstance(r, dict) and (r.get("error") or r.get("success") is False)
        ]
    if job.get("status") == "failed" or errors:
        method, _, path = what.partition(" ")
        raise ApiError(
            "the job failed: " + ("; ".join(errors) or str(job.get("message") or "no reason")),
            method=method,
            path=path,
        )
