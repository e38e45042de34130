"""User fields, organization fields and support addresses against a real sandbox: applied,
read back unchanged (rules naming dropdown options by value, Zendesk holding option ids), then
reordered and edited, each ending in an empty plan."""

from __future__ import annotations

from provider_e2e_support import ALL, desired_state

from helpctl.plan import diff
from helpctl.resources import KINDS
from helpctl.resources.state import State
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.provider import ZendeskProvider

FIXTURE = "record_fields.json"
NEW_KINDS = ("user_fields", "organization_fields", "support_addresses")


def _apply(provider: ZendeskProvider, desired: State, **options: object) -> None:
    plan = diff(desired, provider.populate(ALL), kinds=KINDS, **options)  # type: ignore[arg-type]
    report = provider.apply(plan)
    assert report.ok, [f"{r.change.kind} {r.change.key}: {r.reason}" for r in report.failed]


def test_the_new_kinds_read_back_as_written_and_plan_empty(provider: ZendeskProvider) -> None:
    desired = desired_state(FIXTURE)

    _apply(provider, desired)

    live = provider.populate(ALL)
    for kind in (*NEW_KINDS, "triggers"):
        have = live.index(kind)
        for res in desired.of(kind):
            assert {k: have[res.key].attrs.get(k) for k in res.attrs} == res.attrs, res.key
    assert [r.key for r in live.of("user_fields")] == [r.key for r in desired.of("user_fields")]
    assert diff(desired, live, kinds=KINDS).changes == []


def test_zendesk_holds_option_ids_and_brand_ids_where_the_config_names_them(
    provider: ZendeskProvider, client: ZendeskClient
) -> None:
    _apply(provider, desired_state(FIXTURE))

    fields = client.get("user_fields")["user_fields"]
    tier = next(f for f in fields if f["key"] == "seller_tier")
    gold = next(o["id"] for o in tier["custom_field_options"] if o["value"] == "tier_gold")
    trigger = client.get("triggers")["triggers"][0]
    tested = [c for c in trigger["conditions"]["all"] if c["field"].startswith("requester.")]
    assert tested[0]["value"] == str(gold)
    brands = {b["name"]: b["id"] for b in client.get("brands")["brands"]}
    addresses = client.get("recipient_addresses")["recipient_addresses"]
    assert {a["email"]: a["brand_id"] for a in addresses} == {
        "help@acme-kids.zendesk.com": brands["Acme Kids"],
        "orders@acme.example": brands["Acme Kids"],
    }


def test_reordering_fields_and_their_options_and_editing_titles_ends_in_an_empty_plan(
    provider: ZendeskProvider,
) -> None:
    first = desired_state(FIXTURE)
    _apply(provider, first)
    second = desired_state(FIXTURE)
    fields = second.resources["user_fields"]
    fields.reverse()
    tier = next(r for r in fields if r.key == "seller_tier")
    tier.attrs["options"] = list(reversed(tier.attrs["options"]))
    tier.attrs["title"] = "Marketplace tier"

    plan = diff(second, provider.populate(ALL), kinds=KINDS)
    assert {c.action for c in plan.changes if c.kind == "user_fields"} >= {"update", "reorder"}
    _apply(provider, second)

    live = provider.populate(ALL)
    assert [r.key for r in live.of("user_fields")] == [r.key for r in fields]
    assert live.index("user_fields")["seller_tier"].attrs["options"] == tier.attrs["options"]
    assert diff(second, live, kinds=KINDS).changes == []
