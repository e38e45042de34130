"""The shape of a scenario file, as pydantic models (``extra="forbid"``: a mistyped key is a
problem with a did-you-mean, like config).

::

    scenarios:
      - name: Refund requests go to Payments
        instances: [latam]                  # default: every instance of the project
        ticket:
          brand: Bazario Brasil
          subject: Where is my refund?
          comment: I was charged twice      # the first comment (the description)
          fields: {Contact reason: reason_refund}
          requester: {email: lucia@example.com, locale: pt-BR}
        expect:
          group: Payments
          tags: {include: [payments]}
          notifications:
            - {to: requester, body_contains: Obrigado}
        steps:
          - update: {status: solved, comment: Refunded}
            by: agent@bazario.example
          - after: 4 days
            expect: {status: closed}

Pure domain: no I/O.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from helpctl.config.factories import empty_dict, empty_list

__all__ = [
    "CommentSpec",
    "Expect",
    "NotificationExpect",
    "OrganizationSpec",
    "RequesterSpec",
    "Scenario",
    "ScenarioFile",
    "Step",
    "TagsExpect",
    "TicketSpec",
    "UpdateSpec",
]

Status = Literal["new", "open", "pending", "hold", "solved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
TicketType = Literal["question", "incident", "problem", "task"]
FieldValue = str | int | float | bool | list[str] | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class OrganizationSpec(_Strict):
    name: str
    fields: dict[str, FieldValue] = Field(default_factory=empty_dict)


class RequesterSpec(_Strict):
    name: str = "Casey Customer"
    email: str = "customer@example.com"
    locale: str = "en-US"
    organization: str | OrganizationSpec | None = None
    fields: dict[str, FieldValue] = Field(default_factory=empty_dict)


class CommentSpec(_Strict):
    body: str
    public: bool = True


class TicketSpec(_Strict):
    """The ticket a scenario creates (as its requester, through ``channel``)."""

    subject: str = "A question"
    comment: str = "Hello, I need help."
    brand: str | None = None
    form: str | None = None
    fields: dict[str, FieldValue] = Field(default_factory=empty_dict)
    tags: list[str] = Field(default_factory=empty_list)
    channel: str | int = "web"
    priority: Priority | None = None
    type: TicketType | None = None
    group: str | None = None
    requester: RequesterSpec = Field(default_factory=RequesterSpec)


class UpdateSpec(_Strict):
    """A follow-up update (by ``Step.by``, else the requester)."""

    comment: str | CommentSpec | None = None
    status: Status | None = None
    priority: Priority | None = None
    type: TicketType | None = None
    group: str | None = None
    fields: dict[str, FieldValue] = Field(default_factory=empty_dict)
    tags: list[str] | None = None
    add_tags: list[str] = Field(default_factory=empty_list)
    remove_tags: list[str] = Field(default_factory=empty_list)
    channel: str | int | None = None


class TagsExpect(_Strict):
    include: list[str] = Field(default_factory=empty_list)
    exclude: list[str] = Field(default_factory=empty_list)
    exact: list[str] | None = None


class NotificationExpect(_Strict):
    """One notification that must have been sent (each expected one matches a different one)."""

    to: str | None = None
    subject: str | None = None
    subject_contains: str | None = None
    body_contains: str | list[str] | None = None


class Expect(_Strict):
    """What must hold after a step; only the keys written are checked (``group: null``: no
    group)."""

    status: Status | None = None
    priority: Priority | None = None
    type: TicketType | None = None
    group: str | None = None
    custom_status: str | None = None
    fields: dict[str, FieldValue] = Field(default_factory=empty_dict)
    tags: TagsExpect | None = None
    notifications: list[NotificationExpect] | None = None
    fired: list[str] | None = None


class Step(_Strict):
    """One of ``update``, ``after`` (a duration: automations run every hour of it) or
    ``macro`` (applied by ``by`` and submitted), then what must hold."""

    update: UpdateSpec | None = None
    after: str | None = None
    macro: str | None = None
    by: str | None = None
    expect: Expect | None = None


class Scenario(_Strict):
    name: str
    description: str = ""
    instances: list[str] | None = None
    at: str | None = None
    ticket: TicketSpec = Field(default_factory=TicketSpec)
    expect: Expect | None = None
    steps: list[Step] = Field(default_factory=empty_list)


class ScenarioFile(_Strict):
    scenarios: list[Scenario]
