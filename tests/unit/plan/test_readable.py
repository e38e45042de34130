"""Changes for people: structural entries (nothing cut) and the fleet review that folds identical
changes across instances."""

from __future__ import annotations

from review_fixtures import MARKETS, fleet_plans, update, variant_change

from helpctl.errors import Position, Problem
from helpctl.plan import Change, InstancePlan
from helpctl.plan.readable import Entry, change_entries, word_hunks
from helpctl.plan.review import group_problems, review
from helpctl.resources.state import Resource


def test_an_option_added_is_one_entry_not_the_whole_list() -> None:
    old = [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}]
    new = [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}, {"name": "C", "value": "c"}]
    entries = change_entries(update("ticket_fields", "F", "custom_field_options", old, new))
    assert entries == [
        Entry("custom_field_options[value=c]", "add", new={"name": "C", "value": "c"})
    ]


def test_an_edited_option_a_removed_one_and_a_new_order_are_each_named() -> None:
    old = [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}, {"name": "X", "value": "x"}]
    new = [{"name": "B", "value": "b"}, {"name": "A2", "value": "a"}]
    entries = change_entries(update("ticket_fields", "F", "custom_field_options", old, new))
    assert Entry("custom_field_options[value=a].name", "change", "A", "A2") in entries
    assert Entry("custom_field_options[value=x]", "remove", old=old[2]) in entries
    assert Entry("custom_field_options", "order", ["a", "b"], ["b", "a"]) in entries


def test_a_rule_action_changed_is_named_by_its_field() -> None:
    old = [{"field": "status", "value": "open"}, {"field": "group_id", "value": "Tier 1"}]
    new = [{"field": "status", "value": "open"}, {"field": "group_id", "value": "Tier 2"}]
    entries = change_entries(update("triggers", "T", "actions", old, new))
    assert entries == [Entry("actions[field=group_id].value", "change", "Tier 1", "Tier 2")]


def test_repeated_action_fields_fall_back_to_item_positions() -> None:
    old = [{"field": "notify", "value": "a"}, {"field": "notify", "value": "b"}]
    new = [{"field": "notify", "value": "a"}, {"field": "notify", "value": "c"}]
    [entry] = change_entries(update("triggers", "T", "actions", old, new))
    assert (entry.path, entry.old, entry.new) == ("actions[1].value", "b", "c")


def test_a_long_variant_is_a_text_entry_whose_identity_is_the_changed_words() -> None:
    [entry] = change_entries(variant_change("Bazario LatAm"))
    assert (entry.path, entry.op) == ("variants.uk", "text")
    assert len(entry.old) > 80 and entry.old.endswith("робочого дня.")  # whole, not cut
    assert word_hunks(entry.old, entry.new)  # the words that change
    other = change_entries(variant_change("Bazario EMEA"))[0]
    assert entry != other and entry.signature() == other.signature()


def test_a_create_lists_the_values_it_creates() -> None:
    attrs = {"title": "Route", "actions": [{"field": "group_id", "value": "Tier 2"}]}
    change = Change("create", "triggers", "Route", desired=Resource("triggers", "Route", attrs))
    assert change_entries(change) == [
        Entry("title", "add", new="Route"),
        Entry("actions[field=group_id]", "add", new={"field": "group_id", "value": "Tier 2"}),
    ]


def test_review_prints_a_shared_change_once_naming_every_instance() -> None:
    items = review(fleet_plans())
    variant, option = items
    assert variant.instances == list(MARKETS)
    [group] = variant.common
    assert group.instances == list(MARKETS) and not group.identical
    assert variant.varying() == []
    assert option.instances == ["latam"] and option.kind == "ticket_fields"


def test_review_keeps_what_differs_under_the_instances_it_applies_to() -> None:
    plans = [
        InstancePlan("a", [update("groups", "G", "description", "old", "new")]),
        InstancePlan("b", [update("groups", "G", "description", "old", "other")]),
    ]
    [item] = review(plans)
    assert item.common == []
    assert [(names, [g.entry.new for g in groups]) for names, groups in item.varying()] == [
        (["a"], ["new"]),
        (["b"], ["other"]),
    ]


def test_problems_found_on_several_instances_are_grouped_by_place() -> None:
    where = Position("base/triggers.yaml", 4, 3)
    problems = [
        Problem("ref_unknown_group", "no group 'X'", where, instance=name) for name in MARKETS
    ] + [Problem("other", "only here", Position("markets/emea/x.yaml", 1), instance="emea")]
    grouped = group_problems(problems)
    assert [(p.code, p.instance, names) for p, names in grouped] == [
        ("ref_unknown_group", "", list(MARKETS)),
        ("other", "", ["emea"]),
    ]
