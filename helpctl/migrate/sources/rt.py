"""``rt``: Request Tracker 5, read live over its REST 2 API.

::

    source:
      kind: rt
      url: http://127.0.0.1:8080             # RT's WebBaseURL
      auth: {user: migrator, password: {env: RT_PASSWORD}}   # or {token: {file: rt.token}}
      queues: [General, Поддержка]           # default: every queue the account can see
      query: "Created > '2015-01-01'"        # more TicketSQL, ANDed; optional
      start_time: 2024-06-01                 # delta: only tickets RT last updated after it
      max_bytes: 50MB                        # files larger are not fetched (linked instead)

Tickets are listed with TicketSQL, 100 per page, by id (``id > last``: a keyset, so tickets
changing during the read are neither skipped nor read twice), with their fields in the listing
itself. Per ticket RT then needs: its history (one page per 100 transactions), the list of its
attachments (MIME parts), one fetch per message body and one per file: see ``bench/rt.py``.
``Create``, ``Correspond`` (public) and ``Comment`` (internal) transactions become comments;
everything else (``EmailRecord`` copies of RT's own mail, status and owner changes) is history,
not conversation. Queue → ``topic``; RT's status and priority as they are (the mapping's
``status:`` translates: new, open, stalled, resolved, rejected); custom fields →
``custom.<name>``; requestors and Cc → ``custom.rt.requestors`` / ``custom.rt.cc``. Users are
read once each: privileged → agents.

A ticket, history, file or user RT will not serve is a record problem (the ticket is
quarantined with the reason, or the user is unknown to the mapping); an unreachable RT or
refused credentials stop the run (:class:`SourceError`). After a full read
:attr:`RtSource.last_updated` holds the newest ``LastUpdated`` seen, the ``start_time`` of a
later delta run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from helpctl.config.project import SecretRef
from helpctl.errors import ConfigError, SourceError
from helpctl.migrate.mapping_spec import parse_size
from helpctl.migrate.model import LegacyAttachment, LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.sources.text import parse_time
from helpctl.rt.client import RecordError, RtAuth, RtClient
from helpctl.secrets import resolve_secret

__all__ = ["OPTIONS", "RtSource", "check", "open_source"]

OPTIONS = {
    "url": True,
    "auth": True,
    "queues": False,
    "query": False,
    "start_time": False,
    "max_bytes": False,
    "timeout": False,
}
MESSAGES = {"Create": True, "Correspond": True, "Comment": False}  # type → public
_FIELDS = (
    "Subject,Status,Priority,Queue,Owner,Requestor,Cc,CustomFields,Created,Resolved,LastUpdated"
)
_PARTS = "TransactionId,ContentType,Filename,ContentLength"
_DEFAULT_MAX = 50 * 1024**2
_NOBODY = "Nobody"


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and set(value) <= {"env", "file"}


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    url = spec.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        out.append(("url", "url is RT's base URL", "e.g. https://rt.example.com"))
    auth = spec.get("auth")
    ok_basic = isinstance(auth, dict) and set(auth) == {"user", "password"}
    ok_token = isinstance(auth, dict) and set(auth) == {"token"}
    secret = (auth.get("password") if ok_basic else auth.get("token")) if auth else None
    if not (ok_basic or ok_token) or not _is_ref(secret):
        out.append(
            (
                "auth",
                "auth is {user: NAME, password: REF} or {token: REF}",
                "REF is {env: VARIABLE} or {file: PATH}: secrets are never written inline",
            )
        )
    queues = spec.get("queues")
    if queues is not None and not (isinstance(queues, list) and all(queues)):
        out.append(("queues", "queues is a list of queue names", "e.g. [General, Support]"))
    start = spec.get("start_time")
    if start is not None and not isinstance(start, int) and parse_time(start) is None:
        out.append(("start_time", "start_time is unix seconds or an ISO date", "e.g. 2024-06-01"))
    if "max_bytes" in spec and parse_size(spec["max_bytes"]) is None:
        out.append(("max_bytes", "max_bytes is a size like 50MB", "e.g. 20MB"))
    return out


def resolve_auth(auth: dict[str, Any], base_dir: Path) -> RtAuth:
    """The credentials ``auth`` names; a :class:`SourceError` naming the reference (never the
    value) when it cannot be read."""
    key = "token" if "token" in auth else "password"
    ref = SecretRef(env=auth[key].get("env"), file=auth[key].get("file"))
    try:
        value = resolve_secret(ref, root=base_dir, instance="rt source", what=key)
    except ConfigError as err:
        raise SourceError(err.message, hint=err.hint) from None
    if key == "token":
        return RtAuth(token=value)
    return RtAuth(user=str(auth["user"]), password=value)


def open_source(spec: dict[str, Any], base_dir: Path, _client_factory: Any = None) -> RtSource:
    client = RtClient(
        str(spec["url"]),
        resolve_auth(spec["auth"], base_dir),
        timeout=float(spec.get("timeout", 60)),
    )
    start = spec.get("start_time")
    since = parse_time(start) if start is not None else None
    return RtSource(
        client,
        queues=[str(q) for q in spec.get("queues") or []],
        query=spec.get("query"),
        since=since,
        max_bytes=parse_size(spec.get("max_bytes", _DEFAULT_MAX)) or _DEFAULT_MAX,
    )


def ticket_sql(queues: list[str], query: str | None, since: datetime | None, after: int) -> str:
    """The TicketSQL of one page: the configured filters, deleted tickets out, ids past
    ``after``."""
    parts = [f"id > {after}", "Status != 'deleted'"]
    if queues:
        parts.append("(" + " OR ".join(f"Queue = '{_quote(q)}'" for q in queues) + ")")
    if since is not None:
        parts.append(f"LastUpdated > '{since.strftime('%Y-%m-%d %H:%M:%S')}'")
    if query:
        parts.append(f"({query})")
    return " AND ".join(parts)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


class RtSource:
    """Tickets of one RT; see the module docstring."""

    kind = "rt"

    def __init__(
        self,
        client: RtClient,
        *,
        queues: list[str] | None = None,
        query: str | None = None,
        since: datetime | None = None,
        max_bytes: int = _DEFAULT_MAX,
    ) -> None:
        self.client = client
        self.queues = queues or []
        self.query = query
        self.since = since
        self.max_bytes = max_bytes
        self.last_updated: datetime | None = None
        self._users: dict[str, LegacyUser | None] = {}
        self._queue_names: dict[str, str] | None = None

    def count(self) -> int | None:
        body = self.client.get("tickets", self._listing(0, per_page=1, fields="id"))
        total = body.get("total")
        return int(total) if total is not None else None

    def _listing(self, after: int, *, per_page: int = 100, fields: str = _FIELDS) -> dict[str, Any]:
        return {
            "query": ticket_sql(self.queues, self.query, self.since, after),
            "orderby": "id",
            "order": "ASC",
            "per_page": per_page,
            "fields": fields,
        }

    def queue_names(self) -> dict[str, str]:
        """queue id → name, read once."""
        if self._queue_names is None:
            self._queue_names = {
                str(q["id"]): str(q.get("Name") or q["id"])
                for page in self.client.pages("queues/all", {"fields": "Name"})
                for q in page
            }
        return self._queue_names

    def tickets(self) -> Iterator[LegacyTicket]:
        after = 0
        while True:
            try:
                body = self.client.get("tickets", self._listing(after))
            except RecordError as err:
                raise SourceError(
                    f"RT would not list tickets: {err}",
                    hint="check source.queues and source.query (TicketSQL), and that the "
                    "account may see the queues",
                ) from None
            items = list(body.get("items") or [])
            for item in items:
                yield self.ticket(item)
            if len(items) < 100:
                return
            after = int(items[-1]["id"])

    # -- one ticket --------------------------------------------------------------------------
    def ticket(self, item: dict[str, Any]) -> LegacyTicket:
        """The ticket a listing item describes, with its conversation read from RT."""
        tid = str(item["id"])
        problems: list[str] = []
        updated = _time(item.get("LastUpdated"), problems)
        if updated is not None and (self.last_updated is None or updated > self.last_updated):
            self.last_updated = updated
        try:
            comments = self.comments(tid, problems)
        except RecordError as err:
            comments, problems = [], [*problems, f"RT would not serve ticket {tid}: {err}"]
        requestors = [_ref(r) for r in item.get("Requestor") or []]
        owner = _ref(item.get("Owner"))
        owner = owner if owner != _NOBODY else None
        people = {p for p in [*requestors[:1], owner, *(c.author_id for c in comments)] if p}
        return LegacyTicket(
            source_id=tid,
            subject=str(item.get("Subject") or ""),
            comments=comments,
            status=str(item.get("Status") or "open"),
            priority=None if item.get("Priority") is None else str(item["Priority"]),
            topic=self.queue_names().get(_ref(item.get("Queue")) or "", None),
            custom=_custom(item, requestors),
            requester_id=requestors[0] if requestors else None,
            assignee_id=owner,
            created_at=_time(item.get("Created"), problems),
            updated_at=updated,
            solved_at=_time(item.get("Resolved"), problems),
            users={k: u for k in sorted(people) if (u := self.user(k)) is not None},
            problems=problems,
        )

    def comments(self, tid: str, problems: list[str]) -> list[LegacyComment]:
        """The ticket's messages in RT's order (Created, then id) with bodies and files."""
        parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for page in self.client.pages(f"ticket/{tid}/attachments", {"fields": _PARTS}):
            for part in page:
                parts[str(part.get("TransactionId"))].append(part)
        out = []
        fields = {"fields": "Type,Creator,Created"}
        for page in self.client.pages(f"ticket/{tid}/history", fields):
            for txn in page:
                if txn.get("Type") in MESSAGES:
                    comment = self._comment(txn, parts.get(str(txn["id"]), []), problems)
                    if comment.body.strip() or comment.attachments:
                        out.append(comment)
        return out

    def _comment(
        self, txn: dict[str, Any], parts: list[dict[str, Any]], problems: list[str]
    ) -> LegacyComment:
        body, html = self._body(parts, problems)
        return LegacyComment(
            source_id=str(txn["id"]),
            author_id=_ref(txn.get("Creator")),
            body=body,
            created_at=_time(txn.get("Created"), problems),
            public=MESSAGES[str(txn["Type"])],
            html=html,
            attachments=[self._file(txn, p, problems) for p in parts if p.get("Filename")],
        )

    def _body(self, parts: list[dict[str, Any]], problems: list[str]) -> tuple[str, bool]:
        """The text part of a message, else its HTML part (RT keeps an HTML-only body as is)."""
        inline = [p for p in parts if not p.get("Filename")]
        for kind in ("text/plain", "text/html"):
            part = next((p for p in inline if str(p.get("ContentType")).lower() == kind), None)
            if part is None:
                continue
            try:
                data = self.client.attachment(str(part["id"]), self.max_bytes)
            except RecordError as err:
                problems.append(f"message body {part['id']}: {err}")
                return "", False
            return data.decode("utf-8", errors="replace"), kind == "text/html"
        return "", False

    def _file(
        self, txn: dict[str, Any], part: dict[str, Any], problems: list[str]
    ) -> LegacyAttachment:
        name = str(part["Filename"])
        kind = str(part.get("ContentType") or "application/octet-stream")
        size = int(part.get("ContentLength") or 0)
        url = f"{self.client.url}/Ticket/Attachment/{txn['id']}/{part['id']}/{name}"
        if size > self.max_bytes:  # not fetched: the mapping links, skips or quarantines it
            return LegacyAttachment(name, kind, size, url=url)
        try:
            data = self.client.attachment(str(part["id"]), self.max_bytes)
        except RecordError as err:
            problems.append(f"attachment {name!r} on transaction {txn['id']}: {err}")
            return LegacyAttachment(name, kind, size, url=url)
        return LegacyAttachment(name, kind, len(data), data=data, url=url)

    def user(self, name: str) -> LegacyUser | None:
        """An RT user by name, read once; None when RT no longer has (or shows) them."""
        if name not in self._users:
            try:
                u = self.client.get(f"user/{name}")
            except RecordError:
                self._users[name] = None
            else:
                self._users[name] = _user(name, u)
        return self._users[name]


def _user(name: str, u: dict[str, Any]) -> LegacyUser:
    privileged = str(u.get("Privileged") or "0") not in ("0", "")
    return LegacyUser(
        source_id=name,
        name=str(u.get("RealName") or u.get("Name") or name),
        email=str(u["EmailAddress"]) if u.get("EmailAddress") else None,
        role="agent" if privileged else "end-user",
        organization=str(u["Organization"]) if u.get("Organization") else None,
        extra={"disabled": str(u.get("Disabled") or "0") not in ("0", "")},
    )


def _ref(value: Any) -> str | None:
    """The id of a REST 2 reference (``{"type": "user", "id": "root", "_url": …}``)."""
    if isinstance(value, dict) and value.get("id") is not None:
        return str(value["id"])
    return None


def _custom(item: dict[str, Any], requestors: list[str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for cf in item.get("CustomFields") or []:
        values = [str(v) for v in cf.get("values") or [] if v not in (None, "")]
        if values:
            out[str(cf.get("name"))] = values[0] if len(values) == 1 else values
    out["rt.requestors"] = [r for r in requestors if r]
    out["rt.cc"] = [c for c in (_ref(x) for x in item.get("Cc") or []) if c]
    return out


def _time(value: Any, problems: list[str]) -> datetime | None:
    """RT's UTC time; its "unset" (1970-01-01) is None."""
    if value in (None, "", "1970-01-01T00:00:00Z"):
        return None
    parsed = parse_time(value)
    if parsed is None:
        problems.append(f"invalid timestamp {value!r}")
    return parsed
