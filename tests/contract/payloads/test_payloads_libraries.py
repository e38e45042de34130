"""Every list/show reply of a supported kind in the go-zendesk and zendesk-go fixtures reads into
a model-valid Resource and writes back to the same writable JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from zendesk_recordings import library_objects

from helpctl.resources import KINDS
from helpctl.resources.catalogue import check_rule
from helpctl.zendesk.payloads import NameIndex, from_zendesk, to_zendesk

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "zendesk"
LIBRARIES = ("go-zendesk", "zendesk-go")
CASES = [
    (f"{lib}/{name}", kind, obj)
    for lib in LIBRARIES
    if (FIXTURES / lib).is_dir()
    for name, kind, obj in library_objects(FIXTURES / lib)
]
IDS = [f"{where}:{obj.get('id')}" for where, _, obj in CASES]


#: Help center kinds: the libraries have no recording of them; Salto's is read by
#: test_payloads_salto.py.
GUIDE_KINDS = {"user_segments", "permission_groups", "hc_categories", "hc_sections", "hc_articles"}


def test_every_supported_kind_has_a_recorded_reply(zendesk_fixtures: Path) -> None:
    # these kinds are recorded only in the salto account (test_payloads_salto)
    only_salto = {
        "trigger_categories",
        "schedules",
        "sla_policies",
        "custom_statuses",
        "webhooks",
        "support_addresses",
    }
    assert {kind for _, kind, _ in CASES} == set(KINDS) - only_salto - GUIDE_KINDS


@pytest.mark.parametrize(("where", "kind", "obj"), CASES, ids=IDS)
def test_recorded_object_round_trips(
    where: str,
    kind: str,
    obj: dict[str, Any],
    library_index: NameIndex,
    writable: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> None:
    res = from_zendesk(kind, obj, library_index)
    assert (
        KINDS[kind].model.model_validate(res.attrs).model_dump(mode="json", exclude_unset=True)
        == res.attrs
    )
    body = to_zendesk(kind, res.attrs, library_index, live_id=res.live_id)
    recorded = writable(kind, obj)
    compared = {k: v for k, v in body.items() if k in recorded}
    assert compared == {k: recorded[k] for k in compared}
    if kind != "views":
        echoed = {**obj, **body}
        assert from_zendesk(kind, echoed, library_index).attrs == res.attrs


@pytest.mark.parametrize(
    ("where", "kind", "obj"),
    [c for c in CASES if c[1] in ("triggers", "automations", "macros", "views")],
)
def test_recorded_rules_pass_the_catalogue(
    where: str, kind: str, obj: dict[str, Any], library_index: NameIndex
) -> None:
    body = to_zendesk(kind, from_zendesk(kind, obj, library_index).attrs, library_index)
    assert check_rule(kind, body.get("conditions"), body.get("actions")) == []
