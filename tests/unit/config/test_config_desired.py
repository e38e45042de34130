"""The desired state of an instance: includes in order, overlays, excludes, vars, positions."""

from __future__ import annotations

from pathlib import Path

from helpctl.config.desired import DesiredLoader, load_desired
from helpctl.config.loader import load_project


def test_overlay_replaces_actions_and_keeps_the_base_conditions(valid_dir: Path) -> None:
    state, problems = load_desired(load_project(valid_dir / "fleet"), "ar")
    assert problems == []
    route = state.get("triggers", "Route payments")
    assert route is not None
    assert route.attrs["actions"] == [{"field": "group_id", "value": "Tier 1"}]
    assert route.attrs["conditions"]["all"][1]["value"] == "reason_payment"
    assert route.where("actions[0].value").file == "markets/ar/overlay.yaml"
    assert route.where("conditions.all[1].value").file == "base/rules/triggers.yaml"


def test_instances_sharing_a_base_get_their_own_overlay(valid_dir: Path) -> None:
    project = load_project(valid_dir / "fleet")
    loader = DesiredLoader(project)
    ar, _ = loader.load("ar")
    mx, _ = loader.load("mx")
    assert ar.get("triggers", "Route payments").attrs["actions"][0]["value"] == "Tier 1"  # type: ignore[union-attr]
    assert mx.get("triggers", "Route payments").attrs["actions"][0]["value"] == "Payments"  # type: ignore[union-attr]


def test_vars_are_substituted_per_instance_and_escapes_stay_literal(valid_dir: Path) -> None:
    project = load_project(valid_dir / "fleet")
    ar, _ = load_desired(project, "ar")
    mx, _ = load_desired(project, "mx")
    assert ar.get("dynamic_content", "auto_reply").attrs["variants"]["es"] == (  # type: ignore[union-attr]
        "Recibimos tu solicitud (Argentina)."
    )
    assert mx.get("dynamic_content", "auto_reply").attrs["variants"]["es"] == (  # type: ignore[union-attr]
        "Recibimos tu solicitud (Mexico)."
    )
    refund = ar.get("macros", "Payments::Refund issued")
    assert refund is not None
    assert refund.attrs["actions"][0]["value"].endswith(
        "Argentina is on its way. Costs ${fee} apply."
    )


def test_exclude_drops_one_object_for_one_instance(valid_dir: Path) -> None:
    project = load_project(valid_dir / "fleet")
    mx, _ = load_desired(project, "mx")
    ar, _ = load_desired(project, "ar")
    assert mx.get("macros", "Payments::Refund issued") is None
    assert ar.get("macros", "Payments::Refund issued") is not None


def test_nested_include_is_applied_before_the_file_that_includes_it(valid_dir: Path) -> None:
    state, _ = load_desired(load_project(valid_dir / "fleet"), "ar")
    titles = [r.key for r in state.of("triggers")]
    assert titles == ["Escalate legal threats", "Auto-reply on new request", "Route payments"]


def test_renamed_from_is_kept_on_the_resource_not_in_its_attrs(valid_dir: Path) -> None:
    state, _ = load_desired(load_project(valid_dir / "fleet"), "mx")
    macro = state.get("macros", "Shipping::Where is my order")
    assert macro is not None
    assert macro.renamed_from == ("Shipping::Order status",)
    assert "renamed_from" not in macro.attrs


def test_resources_carry_the_position_of_their_first_definition(valid_dir: Path) -> None:
    state, _ = load_desired(load_project(valid_dir / "fleet"), "ar")
    group = state.get("groups", "Tier 1")
    assert group is not None
    assert str(group.position) == "base/catalog.yaml:4:5"
    assert group.attrs == {"name": "Tier 1", "description": "Primer nivel (es)"}


def test_kinds_come_out_in_dependency_order(valid_dir: Path) -> None:
    state, _ = load_desired(load_project(valid_dir / "fleet"), "ar")
    assert state.kinds() == [
        "brands",
        "groups",
        "ticket_fields",
        "dynamic_content",
        "trigger_categories",
        "triggers",
        "macros",
    ]


def test_an_invalid_object_is_reported_once_not_again_as_a_dangling_reference(
    invalid_dir: Path,
) -> None:
    project = load_project(invalid_dir / "wrong_type_bool")
    _, problems = load_desired(project, "sandbox")
    assert [p.code for p in problems] == ["wrong_type"]
    assert problems[0].path == "groups[Tier 1].is_public"
    assert problems[0].instance == "sandbox"


def test_every_object_holding_a_variable_is_substituted_per_instance(valid_dir: Path) -> None:
    project = load_project(valid_dir / "var_spans")
    loader = DesiredLoader(project)
    for name, region in (("north", "North"), ("south", "South")):
        state, problems = loader.load(name)
        assert problems == []
        groups = [res.key for res in state.of("groups")]
        assert groups == ["Tier 1", "Tier 2", f"{region} desk"]
        signatures = {res.key: res.attrs["signature_template"] for res in state.of("brands")}
        assert signatures == {
            "Acme": f"Acme {region}",  # written as an escape
            "Acme Outlet": f"Acme {region}",  # through an alias
            "Acme Plain": f"Acme {region} team",
        }
