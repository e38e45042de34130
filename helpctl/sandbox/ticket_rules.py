"""Triggers on every ticket create and update through the API (never on imports, as Zendesk),
and the audit each write leaves: ``Create`` (or ``Change`` with ``previous_value``) events for
what the request set, ``Comment``, then the triggers' ``Change`` and ``Notification`` events
with ``via`` naming the rule. Notifications also go to the account's outbox (``GET
/api/v2/sandbox/outbox``). A rule the engine cannot evaluate leaves an ``Error`` event instead
of failing the request.
"""

from __future__ import annotations

import time
from typing import Any

from helpctl.rules import CannotEvaluate, Change, Comment, Notification, Ticket, Update
from helpctl.sandbox.replies import Call, iso
from helpctl.sandbox.rule_account import (
    account_engine,
    apply_to_doc,
    as_datetime,
    ticket_of,
)

__all__ = ["AUDIT_FIELDS", "TicketWrite", "run_triggers", "state_of", "store_audit"]

#: The fields a Create/Change event reports, in the order Zendesk lists them.
AUDIT_FIELDS = (
    "subject",
    "status",
    "priority",
    "type",
    "requester_id",
    "assignee_id",
    "group_id",
    "organization_id",
    "brand_id",
    "ticket_form_id",
    "tags",
    "custom_status_id",
)


def state_of(call: Call, ticket_id: int) -> dict[str, Any]:
    """What the sandbox keeps about a ticket beside its document (status time, automations'
    memory)."""
    row = call.ctx.store.get(call.ctx.name, "ticket_state", ticket_id)
    return row.doc() if row else {}


def _save_state(call: Call, ticket_id: int, state: dict[str, Any]) -> None:
    call.ctx.store.put(call.ctx.name, "ticket_state", ticket_id, state, parent=ticket_id)


class TicketWrite:
    """One create or update of a ticket document: runs the triggers over it (changing ``doc``
    in place) and builds its audit."""

    def __init__(
        self,
        call: Call,
        doc: dict[str, Any],
        previous: dict[str, Any] | None,
        comments: list[dict[str, Any]],
        at: float,
    ) -> None:
        self.call = call
        self.doc = doc
        self.previous = previous
        self.comments = comments
        self.at = at
        self.audit_id = comments[0]["audit_id"] if comments else call.ctx.store.new_id()
        self.events: list[dict[str, Any]] = []
        self.user_id: int | None = call.ctx.account.user_id  # None: the system (automations)
        self.by_request = True  # False: the request set nothing (events come from a rule)

    def _event(self, **fields: Any) -> None:
        self.events.append({"id": self.call.ctx.store.new_id(), **fields})

    def _field_events(self) -> None:
        for key in AUDIT_FIELDS:
            value = self.doc.get(key)
            if self.previous is None:
                if value not in (None, [], ""):
                    self._event(type="Create", field_name=key, value=value)
            elif self.previous.get(key) != value:
                old = self.previous.get(key)
                self._event(type="Change", field_name=key, value=value, previous_value=old)
        for comment in self.comments:
            keys = ("author_id", "body", "html_body", "plain_body", "public", "attachments")
            fields = {k: comment[k] for k in keys}
            self._event(type="Comment", audit_id=self.audit_id, comment_id=comment["id"], **fields)

    def _rule_changes(
        self, changes: list[Change], rules: dict[str, Any], rel: str = "trigger"
    ) -> None:
        for change in changes:
            name = change.field.removeprefix("custom_fields_")
            value, previous = change.value, change.previous
            if name == "tags":
                value, previous = sorted(value or []), sorted(previous or [])
            self._event(
                type="Change",
                field_name=name,
                value=value,
                previous_value=previous,
                via=_via(rules.get(change.rule), rel),
            )

    def _notifications(
        self, notes: list[Notification], rules: dict[str, Any], rel: str = "trigger"
    ) -> None:
        store, name = self.call.ctx.store, self.call.ctx.name
        for note in notes:
            via = _via(rules.get(note.rule), rel)
            recipients = [note.user_id] if note.user_id is not None else []
            self._event(
                type="Notification",
                subject=note.subject,
                body=note.body,
                recipients=recipients,
                via=via,
            )
            entry_id = store.new_id()
            entry = {
                "id": entry_id,
                "ticket_id": self.doc["id"],
                "audit_id": self.audit_id,
                **note.as_dict(),
                "created_at": iso(self.at),
            }
            store.put(name, "outbox", entry_id, entry, parent=self.doc["id"], changed=self.at)

    def run(self) -> None:
        """Run the account's triggers and record every event of this write."""
        if self.by_request:
            self._field_events()
        engine = account_engine(self.call)
        directory = engine.directory
        state = state_of(self.call, self.doc["id"]) if self.previous else {}
        before = ticket_of(self.previous, directory, state) if self.previous else None
        after = ticket_of(self.doc, directory, state)
        if before is None or after.status != before.status:
            after.status_changed_at = as_datetime(self.at)
        update = Update(
            after,
            before,
            self._comment(),
            directory.user(self.user_id),
            after.via_id,
            as_datetime(self.at) or after.updated_at,
        )
        try:
            result = engine.run_triggers(update)
        except CannotEvaluate as ex:
            self._event(type="Error", message=f"Triggers not run: {ex}")
            result = None
        final: Ticket = result.ticket if result else after
        if result is not None:
            rules = {t.label: t.raw for t in engine.triggers}
            apply_to_doc(self.doc, final)
            self._rule_changes(result.changes, rules)
            self._notifications(result.notifications, rules)
        # Kept only when it differs from what the document tells (its creation time).
        if self.previous is not None and final.status != self.previous.get("status"):
            _save_state(self.call, self.doc["id"], {**state, "status_changed_at": self.at})
        elif self.previous is None and final.status != "new":
            _save_state(self.call, self.doc["id"], {"status_changed_at": self.at})

    def _comment(self) -> Comment | None:
        if not self.comments:
            return None
        first = self.comments[0]
        return Comment(
            str(first["body"]), bool(first["public"]), first["author_id"], as_datetime(self.at)
        )

    def audit(self) -> dict[str, Any]:
        return {
            "id": self.audit_id,
            "ticket_id": self.doc["id"],
            "created_at": iso(self.at),
            "author_id": self.user_id if self.user_id is not None else -1,
            "metadata": {"system": {}, "custom": {}},
            "events": self.events,
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
        }


def _via(rule: dict[str, Any] | None, rel: str = "trigger") -> dict[str, Any]:
    if rule is None:
        return {"channel": "rule", "source": {"from": {}, "to": {}, "rel": rel}}
    source = {"id": rule.get("id"), "title": rule.get("title")}
    return {"channel": "rule", "source": {"to": {}, "from": source, "rel": rel}}


def run_triggers(
    call: Call,
    doc: dict[str, Any],
    previous: dict[str, Any] | None,
    comments: list[dict[str, Any]],
    at: float | None = None,
) -> dict[str, Any]:
    """Run the triggers over one write of ``doc`` (changed in place); returns its audit."""
    write = TicketWrite(call, doc, previous, comments, at if at is not None else time.time())
    write.run()
    return write.audit()


def store_audit(call: Call, audit: dict[str, Any], changed: float) -> None:
    call.ctx.store.put(
        call.ctx.name, "audits", audit["id"], audit, parent=audit["ticket_id"], changed=changed
    )
