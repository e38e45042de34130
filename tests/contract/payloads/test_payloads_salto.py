"""The salto recording of one whole account: every object of every supported kind is read into
a model-valid Resource, none dropped or merged, and written back to the same writable JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpctl.resources import KINDS
from helpctl.resources.catalogue import check_rule
from helpctl.zendesk.payloads import NameIndex, from_zendesk, to_zendesk

COUNTS = Path(__file__).resolve().parents[2] / "fixtures" / "resources" / "salto_counts.json"

Lists = dict[str, list[dict[str, Any]]]


def test_every_object_is_read_with_counts_as_recorded(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    expected = json.loads(COUNTS.read_text())
    counts = {}
    for kind in KINDS:
        keys = {from_zendesk(kind, obj, salto_index).key for obj in salto_lists[kind]}
        assert len(keys) == len(salto_lists[kind]), f"{kind}: objects merged"
        counts[kind] = len(keys)
    assert counts == expected


@pytest.mark.parametrize("kind", list(KINDS))
def test_live_attrs_are_valid_config(kind: str, salto_lists: Lists, salto_index: NameIndex) -> None:
    for obj in salto_lists[kind]:
        res = from_zendesk(kind, obj, salto_index)
        model = KINDS[kind].model.model_validate(res.attrs)
        assert model.model_dump(mode="json", exclude_unset=True) == res.attrs
        assert res.live_id == obj["id"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_attrs_write_back_to_the_recorded_writable_json(
    kind: str,
    salto_lists: Lists,
    salto_index: NameIndex,
    writable: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> None:
    for obj in salto_lists[kind]:
        res = from_zendesk(kind, obj, salto_index)
        body = to_zendesk(kind, res.attrs, salto_index, live_id=res.live_id)
        recorded = writable(kind, obj)
        if kind == "user_segments":  # the recording's segment names groups it does not hold
            known = {g["id"] for g in salto_lists["groups"]}
            recorded["group_ids"] = [i for i in recorded["group_ids"] if i in known]
        compared = {k: v for k, v in body.items() if k in recorded}
        assert compared == {k: recorded[k] for k in compared}
        assert set(body) - set(recorded) <= {"output"}  # views echo `execution` instead


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "views"])
def test_what_is_written_reads_back_as_the_same_attrs(
    kind: str, salto_lists: Lists, salto_index: NameIndex
) -> None:
    for obj in salto_lists[kind]:
        res = from_zendesk(kind, obj, salto_index)
        echoed = {**obj, **to_zendesk(kind, res.attrs, salto_index, live_id=res.live_id)}
        assert from_zendesk(kind, echoed, salto_index).attrs == res.attrs


def test_view_output_reads_back_from_the_execution_zendesk_returns(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    for obj in salto_lists["views"]:
        res = from_zendesk("views", obj, salto_index)
        output = to_zendesk("views", res.attrs, salto_index)["output"]
        recorded = [c["id"] for c in obj["execution"]["columns"]]
        assert output["columns"] == recorded
        assert output["sort_by"] == obj["execution"]["sort_by"]


def test_duplicate_field_titles_get_distinct_keys_lowest_id_keeps_the_name(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    dupes = [f for f in salto_lists["ticket_fields"] if f["title"] == "Product components"]
    keys = {f["id"]: from_zendesk("ticket_fields", f, salto_index).key for f in dupes}
    low, high = sorted(keys)
    assert keys[low] == "Product components"
    assert keys[high] == f"Product components (#{high})"
    assert salto_index.id_of("ticket_fields", keys[high]) == high


def test_system_fields_and_default_brand_are_system(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    fields = [from_zendesk("ticket_fields", f, salto_index) for f in salto_lists["ticket_fields"]]
    assert {f.key for f in fields if f.system} >= {"Subject", "Description", "Status", "Group"}
    assert all(not f.system for f in fields if f.attrs["type"] in ("multiselect", "regexp"))
    brands = [from_zendesk("brands", b, salto_index) for b in salto_lists["brands"]]
    assert [b.system for b in brands] == [bool(b["default"]) for b in salto_lists["brands"]]


def test_rule_ids_become_names(salto_lists: Lists, salto_index: NameIndex) -> None:
    (view,) = [v for v in salto_lists["views"] if v["title"] == "Test"]
    attrs = from_zendesk("views", view, salto_index).attrs
    assert attrs["conditions"]["all"][1] == {
        "field": "brand_id",
        "operator": "is",
        "value": "myBrand",
    }
    assert attrs["conditions"]["any"][1]["field"] == "custom_fields.agent dropdown 643 for agent"
    assert attrs["restriction"] == {"type": "Group", "ids": ["Support"]}
    assert attrs["output"]["columns"][4] == "custom_fields.zip code with validation"


def test_trigger_category_is_named_and_written_as_a_string_id(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    trigger = salto_lists["triggers"][0]
    attrs = from_zendesk("triggers", trigger, salto_index).attrs
    assert attrs["category"] == "Notifications"
    assert to_zendesk("triggers", attrs, salto_index)["category_id"] == trigger["category_id"]


def test_dynamic_content_variants_are_keyed_by_locale_code(
    salto_lists: Lists, salto_index: NameIndex
) -> None:
    item = salto_lists["dynamic_content"][1]
    attrs = from_zendesk("dynamic_content", item, salto_index).attrs
    assert attrs["default_locale"] == "en-US"
    assert set(attrs["variants"]) == {"en-US", "he", "es"}


@pytest.mark.parametrize("kind", ["triggers", "automations", "macros", "views"])
def test_the_rules_helpctl_writes_pass_the_catalogue(
    kind: str, salto_lists: Lists, salto_index: NameIndex
) -> None:
    for obj in salto_lists[kind]:
        body = to_zendesk(kind, from_zendesk(kind, obj, salto_index).attrs, salto_index)
        assert check_rule(kind, body.get("conditions"), body.get("actions")) == []
