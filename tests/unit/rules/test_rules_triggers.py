"""The trigger cycle: order by category then position, restart from the top after each firing,
each trigger at most once per update, net changes only, notifications over the final ticket."""

from __future__ import annotations

from typing import Any

import pytest
from rules_fixtures import AGENT, MONDAY_10, REQUESTER, build_directory, make_ticket

from helpctl.rules import CannotEvaluate, Comment, Engine, Update


def trigger(title: str, all_: list[Any], actions: list[Any], **extra: Any) -> dict[str, Any]:
    conditions = {"all": [dict(zip(("field", "operator", "value"), c, strict=True)) for c in all_]}
    return {
        "id": extra.pop("id", abs(hash(title)) % 10_000),
        "title": title,
        "conditions": conditions,
        "actions": [{"field": f, "value": v} for f, v in actions],
        **extra,
    }


CATEGORIES = [
    {"id": "2", "name": "Routing", "position": 2},
    {"id": "1", "name": "Notify", "position": 1},
]


def test_triggers_fire_by_category_position_then_trigger_position() -> None:
    rules = [
        trigger(
            "route",
            [("update_type", "is", "Create")],
            [("current_tags", "routed")],
            category_id="2",
            position=1,
        ),
        trigger(
            "late notify",
            [("update_type", "is", "Create")],
            [("current_tags", "late")],
            category_id="1",
            position=5,
        ),
        trigger(
            "early notify",
            [("update_type", "is", "Create")],
            [("current_tags", "early")],
            category_id="1",
            position=2,
        ),
    ]
    run = Engine(build_directory(), triggers=rules, trigger_categories=CATEGORIES).run_triggers(
        Update.create(make_ticket())
    )
    assert run.fired == ["early notify", "late notify", "route"]
    assert run.ticket.tags == ["early", "late", "routed"]


def test_a_later_trigger_change_restarts_the_cycle_so_earlier_triggers_see_it() -> None:
    rules = [
        trigger(
            "escalate billing", [("group_id", "is", "2")], [("priority", "urgent")], position=1
        ),
        trigger(
            "route refunds",
            [("subject_includes_word", "includes", "refund")],
            [("group_id", "2")],
            position=2,
        ),
    ]
    run = Engine(build_directory(), triggers=rules).run_triggers(Update.create(make_ticket()))
    assert run.fired == ["route refunds", "escalate billing"]
    assert run.ticket.priority == "urgent"
    assert [(c.field, c.value) for c in run.changes] == [("group_id", 2), ("priority", "urgent")]


def test_each_trigger_fires_at_most_once_per_update() -> None:
    rules = [
        trigger("ping", [("status", "is", "new")], [("current_tags", "ping")], position=1),
        trigger(
            "pong", [("current_tags", "includes", "ping")], [("remove_tags", "ping")], position=2
        ),
    ]
    run = Engine(build_directory(), triggers=rules).run_triggers(Update.create(make_ticket()))
    # ping fires, pong removes its tag, ping's conditions hold again but it already fired
    assert run.fired == ["ping", "pong"]
    assert run.ticket.tags == []


def test_an_action_that_sets_what_is_there_records_no_change() -> None:
    rules = [
        trigger(
            "normal", [("update_type", "is", "Create")], [("priority", "normal"), ("group_id", "1")]
        )
    ]
    run = Engine(build_directory(), triggers=rules).run_triggers(
        Update.create(make_ticket(priority="normal"))
    )
    assert run.fired == ["normal"]
    assert [(c.field, c.previous, c.value) for c in run.changes] == [("group_id", None, 1)]


def test_explanation_gives_the_first_condition_that_did_not_hold() -> None:
    rules = [
        trigger(
            "solved mail",
            [("update_type", "is", "Create"), ("status", "is", "solved")],
            [("current_tags", "x")],
        ),
        trigger("off", [("update_type", "is", "Create")], [("current_tags", "y")], active=False),
    ]
    run = Engine(build_directory(), triggers=rules).run_triggers(Update.create(make_ticket()))
    by_title = {o.title: o for o in run.explanation.outcomes}
    assert by_title["solved mail"].fired is False
    assert by_title["solved mail"].miss is not None
    assert by_title["solved mail"].miss.path == "conditions.all[1]"
    assert "`status` is 'solved'" in by_title["solved mail"].why
    assert by_title["off"].why == "inactive"
    assert run.ticket.tags == []


def test_any_conditions_need_one_to_hold() -> None:
    rule = trigger("brand", [("update_type", "is", "Create")], [("current_tags", "acme")])
    rule["conditions"]["any"] = [
        {"field": "brand_id", "operator": "is", "value": "12"},
        {"field": "brand_id", "operator": "is", "value": "11"},
    ]
    engine = Engine(build_directory(), triggers=[rule])
    assert engine.run_triggers(Update.create(make_ticket())).fired == ["brand"]
    miss = engine.run_triggers(Update.create(make_ticket(brand_id=13))).explanation.outcomes[0]
    assert miss.miss is not None and miss.miss.group == "any"
    assert "none of the `any` conditions held" in miss.why


def test_triggers_do_not_run_on_a_ticket_that_was_closed() -> None:
    rules = [trigger("tag", [("update_type", "is", "Change")], [("current_tags", "x")])]
    closed = make_ticket(status="closed")
    run = Engine(build_directory(), triggers=rules).run_triggers(Update.change(closed, subject="x"))
    assert run.fired == [] and run.skipped


def test_notifications_render_after_the_cycle_over_the_final_ticket() -> None:
    rules = [
        trigger(
            "auto reply",
            [("update_type", "is", "Create")],
            [
                (
                    "notification_user",
                    ["requester_id", "#{{ticket.id}} {{ticket.group.name}}", "{{dc.greeting}}"],
                )
            ],
            position=1,
        ),
        trigger("route", [("update_type", "is", "Create")], [("group_id", "2")], position=2),
        trigger(
            "tell group",
            [("group_id", "changed", None)],
            [
                (
                    "notification_group",
                    ["group_id", "New in {{ticket.group.name}}", "{{ticket.latest_comment}}"],
                )
            ],
            position=3,
        ),
        trigger(
            "tell agents",
            [("update_type", "is", "Create")],
            [("notification_group", ["1", "Hi", "x"])],
            position=4,
        ),
        trigger(
            "hook",
            [("update_type", "is", "Create")],
            [("notification_webhook", ["500", '{"id": {{ticket.id}}}'])],
            position=5,
        ),
    ]
    run = Engine(build_directory(), triggers=rules).run_triggers(Update.create(make_ticket()))
    mail, group_mail, agent_mail, hook = run.notifications
    assert (mail.to, mail.subject, mail.body, mail.locale) == (
        "ana@example.com",
        "#42 Billing",
        "Hola",
        "es",
    )
    assert (group_mail.to, group_mail.subject, group_mail.body) == (
        "group:Billing",
        "New in Billing",
        "I was charged twice",
    )
    assert (agent_mail.to, agent_mail.user_id) == ("agent@acme.test", AGENT.id)
    assert (hook.channel, hook.to, hook.body) == ("webhook", "webhook:500", '{"id": 42}')


def test_change_conditions_compare_with_the_ticket_before_the_update() -> None:
    rules = [
        trigger(
            "reopened",
            [("status", "value_previous", "solved"), ("status", "value", "open")],
            [("current_tags", "reopened")],
        )
    ]
    before = make_ticket(status="solved")
    update = Update.change(
        before,
        status="open",
        comment=Comment("still broken", True, REQUESTER.id),
        current_user=REQUESTER,
        at=MONDAY_10,
    )
    run = Engine(build_directory(), triggers=rules).run_triggers(update)
    assert run.fired == ["reopened"]
    assert run.ticket.status_changed_at == MONDAY_10
    assert before.tags == []  # the input is never changed


def test_a_condition_the_engine_cannot_evaluate_fails_loudly_with_the_rule_named() -> None:
    rules = [
        trigger("twitter", [("requester_twitter_verified", "is", "true")], [("current_tags", "x")])
    ]
    engine = Engine(build_directory(), triggers=rules)
    assert [p.path for p in engine.problems()] == ["conditions.all[0]"]
    with pytest.raises(CannotEvaluate, match=r"triggers\[twitter\] conditions.all\[0\]"):
        engine.run_triggers(Update.create(make_ticket()))


def test_kept_verdicts_name_the_same_miss_as_a_fresh_look_at_the_final_ticket() -> None:
    """Verdicts are kept across restarts only when neither the failing condition nor those
    before it read a changed field: each miss is the one a fresh evaluation would give."""
    from helpctl.rules.context import BLANK, Context

    rules = [
        # first miss on tags (changed later): must be looked at again, then miss on subject
        trigger(
            "tagged zzz",
            [("current_tags", "includes", "routed"), ("subject_includes_word", "includes", "zzz")],
            [("priority", "low")],
            position=1,
        ),
        # first miss on the subject (never changed), tags after it: kept as is
        trigger(
            "zzz tagged",
            [("subject_includes_word", "includes", "zzz"), ("current_tags", "includes", "x")],
            [("priority", "low")],
            position=2,
        ),
        # held on tags, missed on the subject; once tagged, the tags condition is the miss
        trigger(
            "untagged zzz",
            [
                ("current_tags", "not_includes", "routed"),
                ("subject_includes_word", "includes", "zzz"),
            ],
            [("priority", "low")],
            position=3,
        ),
        trigger(
            "route", [("update_type", "is", "Create")], [("current_tags", "routed")], position=4
        ),
    ]
    engine = Engine(build_directory(), triggers=rules)
    update = Update.create(make_ticket())
    run = engine.run_triggers(update)
    assert run.fired == ["route"]
    ctx = Context(run.ticket, engine.directory, update.at, None, update, BLANK)
    for rule, outcome in zip(engine.triggers, run.explanation.outcomes, strict=True):
        if not outcome.fired:
            assert outcome.miss == rule.first_miss(ctx), rule.title
    paths = {o.title: o.miss.path for o in run.explanation.outcomes if o.miss}
    assert paths == {
        "tagged zzz": "conditions.all[1]",
        "zzz tagged": "conditions.all[0]",
        "untagged zzz": "conditions.all[0]",
    }
