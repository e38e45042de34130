"""export: live state → helpctl files that validate and plan empty against the same account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from helpctl.config.project import InstanceConfig, Project, SecretRef
from helpctl.providers.export import export_documents, without_empty, write_export
from helpctl.resources import KINDS
from helpctl.resources.state import State

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


def test_export_keeps_a_served_sandbox_s_url_and_its_credential_references(
    case: Case, tmp_path: Path
) -> None:
    _, live = case("export_live")
    inst = InstanceConfig(
        name="shared",
        backend="sandbox",
        account="acme",
        url="http://127.0.0.1:8765",
        email="admin@example.com",
        token=SecretRef(env="SANDBOX_TOKEN"),
    )
    project = Project(root=tmp_path / "src", instances={"shared": inst})
    write_export(project, inst, live, KINDS, tmp_path / "out")
    entry = yaml.safe_load((tmp_path / "out" / "helpctl.yaml").read_text())["instances"]["shared"]
    assert entry["url"] == "http://127.0.0.1:8765"
    assert "path" not in entry
    assert entry["auth"] == {"email": "admin@example.com", "token": {"env": "SANDBOX_TOKEN"}}


def test_exported_files_start_with_the_schema_line_and_hold_no_empty_values(
    case: Case, tmp_path: Path
) -> None:
    _, live = case("export_live")
    group = next(r for r in live.of("groups"))
    group.attrs.update({"description": None, "tags": [], "settings": {"nested": {}}})
    inst = InstanceConfig(name="prod", backend="sandbox", account="acme")
    project = Project(root=tmp_path / "src", instances={"prod": inst})
    result = write_export(project, inst, live, KINDS, tmp_path / "out")
    for name in result.files:
        text = (tmp_path / "out" / name).read_text()
        schema = "project" if name == "helpctl.yaml" else "resources"
        line = f"# yaml-language-server: $schema=schema/{schema}.schema.json"
        assert text.splitlines()[0] == line
        assert (tmp_path / "out" / "schema" / f"{schema}.schema.json").is_file()
        _assert_no_empty(yaml.safe_load(text), name)
    assert "groups.yaml" in result.files


def _assert_no_empty(value: object, where: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None and item != [] and item != {}, f"{where}: {key}"
            _assert_no_empty(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _assert_no_empty(item, where)


def test_without_empty_keeps_list_places_and_falsy_scalars() -> None:
    value = {"a": None, "b": [], "c": {"d": {}}, "e": [None, {"f": []}, 0], "g": False, "h": ""}
    assert without_empty(value) == {"e": [None, {}, 0], "g": False, "h": ""}
