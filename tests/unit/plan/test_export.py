"""export: live state → helpctl files that validate and plan empty against the same account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from helpctl.config.project import InstanceConfig, Project
from helpctl.providers.export import export_documents, write_export
from helpctl.resources import KINDS
from helpctl.state import State

Case = Callable[[str], tuple[State, State]]


def test_export_leaves_system_objects_out_and_declares_them_external(case: Case) -> None:
    _, live = case("export_live")
    docs, external = export_documents(live, KINDS)
    assert external == {"brands": ["Acme"], "ticket_fields": ["Subject"]}
    assert [b["name"] for b in docs["brands"]] == ["Acme Motors"]


def test_export_sorts_unordered_kinds_and_keeps_live_order_of_ordered_ones(case: Case) -> None:
    _, live = case("export_live")
    docs, _ = export_documents(live, KINDS)
    assert [g["name"] for g in docs["groups"]] == ["Alpha", "Zeta"]
    assert [f["name"] for f in docs["ticket_forms"]] == ["Second", "First"]


def test_export_writes_a_project_reaching_the_same_sandbox_account(
    case: Case, tmp_path: Path
) -> None:
    _, live = case("export_live")
    src = tmp_path / "src"
    inst = InstanceConfig(name="prod", backend="sandbox", account="acme", path="db.sqlite3")
    project = Project(root=src, instances={"prod": inst})
    result = write_export(project, inst, live, KINDS, tmp_path / "out")
    doc = yaml.safe_load((tmp_path / "out" / "helpctl.yaml").read_text())
    entry = doc["instances"]["prod"]
    assert entry["account"] == "acme"
    assert (tmp_path / "out" / entry["path"]).resolve() == (src / "db.sqlite3").resolve()
    assert entry["include"] == [f for f in result.files if f != "helpctl.yaml"]
    assert entry["external"] == {"brands": ["Acme"], "ticket_fields": ["Subject"]}


def test_export_of_some_kinds_declares_the_other_kinds_objects_external(case: Case) -> None:
    _, live = case("export_live")
    docs, external = export_documents(live, {"ticket_forms": KINDS["ticket_forms"]})
    assert list(docs) == ["ticket_forms"]
    assert external == {
        "brands": ["Acme", "Acme Motors"],
        "groups": ["Alpha", "Zeta"],
        "ticket_fields": ["Order number", "Subject"],
    }
