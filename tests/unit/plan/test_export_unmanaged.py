"""An export names what the account holds that helpctl does not manage, with counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from helpctl.config.project import InstanceConfig, Project
from helpctl.providers.export import write_export
from helpctl.resources import KINDS
from helpctl.resources.state import State

Case = Callable[[str], tuple[State, State]]


def test_the_exported_project_names_the_unmanaged_kinds_with_counts(
    case: Case, tmp_path: Path
) -> None:
    _, live = case("export_live")
    inst = InstanceConfig(name="prod", backend="sandbox", account="acme", path="db.sqlite3")
    project = Project(root=tmp_path / "src", instances={"prod": inst})

    result = write_export(
        project,
        inst,
        live,
        KINDS,
        tmp_path / "out",
        unmanaged={"targets": 3, "routing_attributes": 2},
    )

    text = (tmp_path / "out" / "helpctl.yaml").read_text()
    assert "# Not managed by helpctl, so not exported: targets (3), routing_attributes (2)." in text
    assert yaml.safe_load(text)["instances"]["prod"]["account"] == "acme"
    assert result.unmanaged == {"targets": 3, "routing_attributes": 2}


def test_an_export_of_a_fully_managed_account_says_nothing_more(case: Case, tmp_path: Path) -> None:
    _, live = case("export_live")
    inst = InstanceConfig(name="prod", backend="sandbox", account="acme", path="db.sqlite3")
    write_export(
        Project(root=tmp_path, instances={"prod": inst}), inst, live, KINDS, tmp_path / "o"
    )
    assert "Not managed" not in (tmp_path / "o" / "helpctl.yaml").read_text()
