"""Notification actions turned into rendered messages, once a run is over.

``notification_user`` ``[recipient, subject, body]`` goes to each user the recipient names
(``requester_id``, ``requester_and_ccs``, ``assignee_id``, ``current_user``, ``all_agents`` or a
user id), rendered in that user's locale. ``notification_group`` ``[group, subject, body]``
goes to each member of the group (or, when the directory lists no members, once to the group in
the account's default locale). Webhooks and targets get their payload rendered; SMS their text.
Zendesk renders notifications after every trigger of the update ran, so placeholders show the
final ticket.

Pure domain: no I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from helpctl.rules.actions import PendingNotification
from helpctl.rules.directory import Directory
from helpctl.rules.model import Ticket, User
from helpctl.rules.render import placeholders, render_text

__all__ = ["Notification", "render_notifications"]


@dataclass(frozen=True, slots=True)
class Notification:
    """One rendered message.

    ``channel`` is ``email``, ``sms``, ``webhook`` or ``target``; ``to`` the email address (or
    ``group:<name>`` for a group without known members, ``webhook:<id>``, ``target:<id>``);
    ``user_id`` / ``group_id`` / ``target_id`` say whom it was addressed to; ``rule`` names the
    rule that sent it.
    """

    channel: str
    to: str
    subject: str
    body: str
    locale: str
    rule: str
    user_id: int | None = None
    group_id: int | None = None
    target_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "locale": self.locale,
            "rule": self.rule,
            "user_id": self.user_id,
            "group_id": self.group_id,
            "target_id": self.target_id,
        }


def _users(
    recipient: Any, ticket: Ticket, directory: Directory, current_user: User | None
) -> list[User]:
    if recipient == "requester_id":
        return [ticket.requester]
    if recipient == "requester_and_ccs":
        ccs = [directory.user(i) or User(id=i) for i in ticket.cc_ids]
        return [ticket.requester, *ccs]
    if recipient == "current_user":
        return [current_user] if current_user else []
    if recipient == "all_agents":
        return directory.agents()
    if recipient == "assignee_id":
        user_id = ticket.assignee_id
    else:
        user_id = int(recipient) if str(recipient).isdigit() else None
    if user_id is None:
        return []
    return [directory.user(user_id) or User(id=user_id)]


def _group_users(head: Any, ticket: Ticket, directory: Directory) -> tuple[int | None, list[User]]:
    group_id = (
        ticket.group_id if head == "group_id" else (int(head) if str(head).isdigit() else None)
    )
    group = directory.groups.get(group_id) if group_id is not None else None
    if group is None:
        return group_id, []
    return group_id, [directory.user(i) or User(id=i) for i in group.member_ids]


def _address(user: User) -> str:
    return user.email or f"user:{user.id}"


def _payload(value: Any, context: dict[str, Any], directory: Directory) -> str:
    if isinstance(value, list):  # URL parameters: [[key, value], ...]
        pairs = [
            [k, render_text(str(v), context, directory, directory.default_locale)] for k, v in value
        ]
        return json.dumps(pairs, ensure_ascii=False)
    return render_text(str(value or ""), context, directory, directory.default_locale)


def render_notifications(
    pending: list[PendingNotification],
    ticket: Ticket,
    directory: Directory,
    current_user: User | None,
) -> list[Notification]:
    """Every queued notification rendered over ``ticket``, one message per recipient."""
    if not pending:
        return []
    context = placeholders(ticket, directory, current_user)
    out: list[Notification] = []
    for item in pending:
        action, value = item.action, (*item.value, "", "", "")
        if action in ("notification_webhook", "notification_target"):
            channel = "webhook" if action == "notification_webhook" else "target"
            body = _payload(item.value[1] if len(item.value) > 1 else "", context, directory)
            target = str(value[0])
            out.append(
                Notification(
                    channel, f"{channel}:{target}", "", body, "", item.rule, target_id=target
                )
            )
            continue
        sms = action.startswith("notification_sms")
        subject, body = ("", value[1]) if sms else (value[1], value[2])
        if action.endswith("_group"):
            group_id, users = _group_users(value[0], ticket, directory)
            if not users and group_id is not None:
                name = directory.groups[group_id].name if group_id in directory.groups else group_id
                locale = directory.default_locale
                out.append(
                    Notification(
                        "sms" if sms else "email",
                        f"group:{name}",
                        render_text(str(subject), context, directory, locale),
                        render_text(str(body), context, directory, locale),
                        locale,
                        item.rule,
                        group_id=group_id,
                    )
                )
                continue
        else:
            group_id, users = None, _users(value[0], ticket, directory, current_user)
        for user in users:
            out.append(
                Notification(
                    "sms" if sms else "email",
                    _address(user),
                    render_text(str(subject), context, directory, user.locale),
                    render_text(str(body), context, directory, user.locale),
                    user.locale,
                    item.rule,
                    user_id=user.id,
                    group_id=group_id,
                )
            )
    return out
