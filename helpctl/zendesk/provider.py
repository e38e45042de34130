"""``ZendeskProvider``: the :class:`~helpctl.providers.base.Provider` protocol over the REST API.

- :meth:`~ZendeskProvider.populate` reads whole lists, 100 objects a request (ticket fields and
  forms in one unpaginated request each), never one GET per object: a plan costs
  ⌈N/100⌉ requests per kind plus the locales. The lists of the kinds that the asked kinds
  reference are read too, because names are resolved through them; only the asked kinds are
  returned.
- :meth:`~ZendeskProvider.apply` runs a plan's changes in the planner's order through
  :class:`~helpctl.zendesk.apply_ops.Writer` and reports every change (done, failed with
  Zendesk's reason, or skipped because an object it names could not be created). One failure
  never stops the others.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from helpctl.errors import ApiError, ConfigError, HelpctlError
from helpctl.plan import Change, InstancePlan
from helpctl.providers.base import ApplyReport, ChangeResult
from helpctl.resources import KINDS, RULE_KINDS, dc_placeholder_name
from helpctl.resources.state import Resource, State
from helpctl.secrets.webhooks import SecretReader
from helpctl.zendesk.apply_ops import BULK_LIMIT, Writer
from helpctl.zendesk.apply_parts import read_sublists
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.endpoints import LOCALES, endpoint
from helpctl.zendesk.guide_ops import known_images
from helpctl.zendesk.live import LiveCache
from helpctl.zendesk.pagination import MissingContinuation, next_page
from helpctl.zendesk.payloads import NameIndex, from_zendesk
from helpctl.zendesk.rule_records import Record, desired_record_names, live_record_ids
from helpctl.zendesk.unmanaged import count_unmanaged

__all__ = ["ZendeskProvider", "needed_kinds", "reason_of"]


def needed_kinds(kinds: Iterable[str]) -> list[str]:
    """``kinds`` plus every kind they (transitively) reference, in dependency order."""
    wanted = set(kinds)
    for kind in wanted:
        if kind not in KINDS:
            raise ConfigError(f"unknown resource kind {kind!r}", hint="kinds: " + ", ".join(KINDS))
    frontier = list(wanted)
    while frontier:
        for dep in KINDS[frontier.pop()].depends_on:
            if dep not in wanted:
                wanted.add(dep)
                frontier.append(dep)
    return [k for k in KINDS if k in wanted]


def reason_of(err: HelpctlError) -> str:
    """Zendesk's reason for a failure, as a report line (method, path, status, details)."""
    text = str(err)
    if isinstance(err, ApiError) and err.instance and text.startswith(f"[{err.instance}] "):
        text = text[len(err.instance) + 3 :]
    return text


class ZendeskProvider:
    """Reads and writes one Zendesk instance (or a sandbox account) through a client."""

    def __init__(
        self, client: ZendeskClient, instance: str, secrets: SecretReader | None = None
    ) -> None:
        self.client = client
        self.instance = instance
        self.secrets = secrets  # reads webhook credentials just before they are sent
        self._cache: LiveCache | None = None

    # -- populate --------------------------------------------------------------------------
    def populate(self, kinds: Sequence[str]) -> State:
        """The live state of ``kinds``, system objects included and marked."""
        needed = needed_kinds(kinds)
        asked = [k for k in needed if k in set(kinds)]
        lists = self._read_lists(needed)
        index = NameIndex.from_lists(lists)
        self._cache = LiveCache(lists, index)
        state = State(self.instance)
        for kind in asked:
            state.resources[kind] = [self._resource(kind, obj, index) for obj in lists[kind]]
        return state

    def _read_lists(self, kinds: list[str]) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        if "dynamic_content" in kinds:
            lists["locales"] = self._list_locales()
        for kind in kinds:
            lists[kind] = self.list_kind(kind)
        _sort_by_position(lists)
        for record, ids in live_record_ids(lists).items():
            if ids:
                lists[record] = self._show_records(record, ids)
        return lists

    def _show_records(self, record: Record, ids: list[str]) -> list[dict[str, Any]]:
        """The users or organizations live rules name, 100 a request (never a list of them
        all); an id whose record is gone is simply not in the answer."""
        found: list[dict[str, Any]] = []
        for start in range(0, len(ids), BULK_LIMIT):
            chunk = ",".join(ids[start : start + BULK_LIMIT])
            answer = self.client.get(f"{record}/show_many", params={"ids": chunk}) or {}
            found.extend(r for r in answer.get(record) or [] if isinstance(r, dict))
        return found

    def _find_records(self, plan: InstancePlan, index: NameIndex) -> None:
        """Index the users (by email) and organizations (by name) that desired rules name and
        no live rule does: one search each."""
        rules = [c.desired.attrs for c in plan.changes if c.desired and c.kind in RULE_KINDS]
        wanted = desired_record_names(rules)
        known = {v.lower() for v in index.users.values()}
        for email in wanted["users"]:
            if email.lower() not in known:
                with contextlib.suppress(HelpctlError):
                    self._find_user(email, index)
        for name in wanted["organizations"]:
            if index.id_of("organizations", name) is None:
                with contextlib.suppress(HelpctlError):
                    self._find_organization(name, index)

    def _find_user(self, email: str, index: NameIndex) -> None:
        answer = self.client.get("users/search", params={"query": f"email:{email}"}) or {}
        for user in answer.get("users") or []:
            if str(user.get("email", "")).lower() == email.lower():
                index.add_user(user["id"], email)
                return

    def _find_organization(self, name: str, index: NameIndex) -> None:
        """``organizations/search?name=`` matches the exact name, ignoring case; only the
        name as written is taken (another case would differ from the live rule forever), and
        another case is remembered for the error."""
        answer = self.client.get("organizations/search", params={"name": name}) or {}
        for org in answer.get("organizations") or []:
            if not isinstance(org, dict):
                continue
            if org.get("name") == name:
                index.register("organizations", org)
                return
            index.org_spellings[name] = str(org.get("name"))

    def list_kind(self, kind: str) -> list[dict[str, Any]]:
        """Every live object of ``kind`` (deleted ones left out), as Zendesk sends them."""
        ep = endpoint(kind)
        items: Iterable[dict[str, Any]]
        if ep.pagination == "none":
            items = self._unpaginated(ep.path, ep.plural)
        else:
            params = dict(ep.params) or None
            items = self.client.iter_items(
                ep.path, ep.plural, pagination=ep.pagination, params=params
            )
        objs = [obj for obj in items if not (obj.get("deleted") or obj.get("is_deleted"))]
        read_sublists(self.client, kind, objs)
        return objs

    def _unpaginated(self, path: str, key: str) -> list[dict[str, Any]]:
        """One request for a whole list; should the server page it anyway, the list is read
        again in cursor pages rather than its rest silently dropped."""
        body = self.client.get(path)
        items = body.get(key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ApiError(
                f"the answer has no {key!r} list",
                method="GET",
                path=path,
                instance=self.instance,
                hint="the helpdesk answered in an unexpected shape; report this answer",
            )
        try:
            paged = next_page(body) is not None
        except MissingContinuation:
            paged = True
        if paged:
            return list(self.client.iter_items(path, key, pagination="cursor"))
        return items

    def _list_locales(self) -> list[dict[str, Any]]:
        return self._unpaginated(LOCALES.path, LOCALES.plural)

    def _resource(self, kind: str, obj: dict[str, Any], index: NameIndex) -> Resource:
        try:
            return from_zendesk(kind, obj, index)
        except (ValidationError, KeyError, TypeError, ValueError) as err:
            ep = endpoint(kind)
            raise ApiError(
                f"{ep.singular} {obj.get('id')} cannot be read into helpctl's model: {_short(err)}",
                method="GET",
                path=ep.path,
                instance=self.instance,
                hint="this object uses a setting helpctl does not support yet; exclude the "
                "kind or report the object's JSON",
            ) from None

    def article_images(self) -> dict[str, dict[str, bytes]]:
        """The images the last populate's articles show, downloaded: title → file name →
        bytes (for export; an image that cannot be fetched is left out, and validation of the
        export names it)."""
        if self._cache is None:
            return {}
        out: dict[str, dict[str, bytes]] = {}
        for obj in self._cache.of("hc_articles"):
            title = self._cache.index.name_of("hc_articles", obj["id"]) or str(obj.get("title"))
            for name, url in known_images(obj).items():
                # the path on this instance's own host: the URL written at upload time may
                # name another host (a brand's) or, in the sandbox, a port no longer served
                path = urlsplit(url).path
                with contextlib.suppress(ApiError):
                    data = self.client.request("GET", path, raw=True)
                    if isinstance(data, bytes):
                        out.setdefault(title, {})[name] = data
        return out

    def unmanaged_counts(self) -> dict[str, int]:
        """Objects per account kind helpctl does not manage (:mod:`helpctl.zendesk.unmanaged`)."""
        return count_unmanaged(self.client)

    def live_index(self) -> NameIndex:
        """The id ↔ name index of the last populate (empty before any)."""
        return self._cache.index if self._cache is not None else NameIndex()

    # -- apply -----------------------------------------------------------------------------
    def apply(
        self, plan: InstancePlan, *, progress: Callable[[ChangeResult], None] | None = None
    ) -> ApplyReport:
        """Run ``plan``'s changes in order; every change gets a result, none raises.

        ``progress`` is called with each result as soon as it is known (a line per object).
        """
        kinds = list(dict.fromkeys([*plan.kinds, *(c.kind for c in plan.changes)]))
        report = ApplyReport(self.instance)
        if not plan.changes:
            return report
        cache = self._ready(kinds)
        # a rule naming a user that cannot be found then fails with Zendesk's own reason; one
        # naming an unknown organization fails with helpctl's (create it first)
        self._find_records(plan, cache.index)
        writer = Writer(self.client, cache, self.secrets)
        missing: set[tuple[str, str]] = set()
        for change in plan.changes:
            result = self._run(writer, change, missing)
            if result.status != "done" and change.action == "create":
                missing.add((change.kind, change.key))
            report.results.append(result)
            if progress is not None:
                progress(result)
        _fill_links(writer, report)
        return report

    def _ready(self, kinds: list[str]) -> LiveCache:
        """The live cache covering ``kinds`` (read now unless the last populate covered them)."""
        needed = needed_kinds(kinds)
        if self._cache is None or not set(needed) <= self._cache.kinds:
            self.populate(needed)
        assert self._cache is not None
        return self._cache

    def _run(self, writer: Writer, change: Change, missing: set[tuple[str, str]]) -> ChangeResult:
        blocker = blocked_by(change, missing)
        if blocker:
            return ChangeResult(change, "skipped", reason=blocker)
        try:
            live_id = writer.run(change)
        except HelpctlError as err:
            live_id = change.live.live_id if change.live is not None else None
            return ChangeResult(change, "failed", reason=reason_of(err), live_id=live_id)
        return ChangeResult(change, "done", live_id=live_id)


def _fill_links(writer: Writer, report: ApplyReport) -> None:
    """Links to articles created later in the apply, filled in now; a failure fails its change."""
    if not writer.guide.pending:
        return
    failed = writer.guide.fill_links()
    for n, result in enumerate(report.results):
        reason = failed.get(id(result.change))
        if reason is not None and result.status == "done":
            report.results[n] = ChangeResult(
                result.change, "failed", reason=reason, live_id=result.live_id
            )


def blocked_by(change: Change, missing: set[tuple[str, str]]) -> str:
    """Why ``change`` cannot be sent (it names an object whose create failed), or ""."""
    if change.desired is None or not missing:
        return ""
    fields = {key for kind, key in missing if kind == "ticket_fields"}
    placeholders = {dc_placeholder_name(key) for kind, key in missing if kind == "dynamic_content"}
    for ref in KINDS[change.kind].references(change.desired.attrs):
        if ref.kind == "ticket_field_options":
            hit = next((t for t in fields if ref.name.startswith(f"{t}/")), None)
            if hit is not None:
                return f"not sent: it uses ticket_fields `{hit}`, whose create did not succeed"
        elif ref.kind == "dynamic_content":
            if ref.name in placeholders:
                return (
                    f"not sent: it uses {{{{dc.{ref.name}}}}}, whose dynamic content item "
                    "was not created"
                )
        elif (ref.kind, ref.name) in missing:
            return f"not sent: it uses {ref.kind} `{ref.name}`, whose create did not succeed"
    return ""


def _sort_by_position(lists: dict[str, list[dict[str, Any]]]) -> None:
    """Put ordered kinds in their significant order (stable: equal positions keep list order);
    triggers by their category's position first."""
    big = 1 << 62
    for kind, items in lists.items():
        ep = endpoint(kind) if kind in KINDS else None
        if ep is None or ep.position is None:
            continue
        if kind == "triggers":
            cats = {
                str(c["id"]): c.get("position") or 0 for c in lists.get("trigger_categories", [])
            }
            items.sort(
                key=lambda o: (
                    cats.get(str(o.get("category_id")), big),
                    _num(o.get(ep.position or "")),
                )
            )
        else:
            items.sort(key=lambda o: _num(o.get(ep.position or "")))


def _num(value: Any) -> int:
    return value if isinstance(value, int) else 1 << 62


def _short(err: Exception) -> str:
    text = str(err).replace("\n", " ")
    return text if len(text) <= 300 else text[:297] + "..."
