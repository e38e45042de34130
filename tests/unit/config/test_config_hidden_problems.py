"""Issue 10, finding 7/8: every problem of a run is reported, and none is a false lead.

- a misspelt key does not hide a dangling reference in the same object;
- references to objects of a file that failed to parse say so, instead of "define it";
- an include that is a FIFO is an error, not silently skipped (and never blocks).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpctl.config.files import names_in_broken
from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project

ROOT = Path(__file__).resolve().parents[3]
PROJECT = """\
version: 1
instances:
  desk:
    backend: sandbox
    include: [config/]
"""


def _project(root: Path, files: dict[str, str]) -> Path:
    (root / "config").mkdir(parents=True)
    (root / "helpctl.yaml").write_text(PROJECT, encoding="utf-8")
    for name, text in files.items():
        (root / "config" / name).write_text(text, encoding="utf-8")
    return root


def test_an_unknown_key_does_not_hide_a_dangling_reference_in_the_same_object(
    tmp_path: Path,
) -> None:
    root = _project(
        tmp_path,
        {
            "macros.yaml": "macros:\n  - title: Hand over\n    descripton: typo\n"
            "    actions: [{field: group_id, value: Tier 9}]\n"
        },
    )
    problems = validate_project(load_project(root))
    assert sorted(p.code for p in problems) == ["ref_unknown_group", "unknown_key"]
    dangling = next(p for p in problems if p.code == "ref_unknown_group")
    assert dangling.path == "macros[Hand over].actions[0].value"
    assert dangling.position is not None and dangling.position.line == 4


def test_a_reference_into_a_file_that_failed_to_parse_names_that_file(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "brands.yaml": "brands:\n  - name: Acme\n    subdomain: acme\n\thost_mapping: x\n",
            "groups.yaml": "groups:\n  - name: Tier 1\n",
            "triggers.yaml": "triggers:\n  - title: Route\n    conditions:\n      all:\n"
            "        - {field: brand_id, operator: is, value: Acme}\n"
            "    actions: [{field: group_id, value: Tier 1}]\n",
        },
    )
    problems = validate_project(load_project(root))
    codes = [p.code for p in problems]
    assert codes.count("yaml_tab") + codes.count("yaml_syntax") == 1
    (ref,) = [p for p in problems if p.code == "ref_unknown_brand"]
    assert "defined in config/brands.yaml, which failed to parse" in ref.message
    assert "define it" not in ref.hint and "config/brands.yaml" in ref.hint


def test_names_in_a_broken_file_are_read_line_by_line() -> None:
    text = (
        "groups:\n  - name: Tier 1\n    description: x\n  - description: y\n    name: 'Tier 2'\n"
        "ticket_fields:\n  - title: Reason\n    options:\n      - name: Not an object\n"
        "        value: v\n"
    )
    found = names_in_broken(text, {"groups": "name", "ticket_fields": "title"})
    assert found == {"groups": ["Tier 1", "Tier 2"], "ticket_fields": ["Reason"]}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_include_is_an_error_and_is_never_opened(tmp_path: Path) -> None:
    root = _project(tmp_path, {"groups.yaml": "groups:\n  - name: Tier 1\n"})
    os.mkfifo(root / "config" / "pipe.yaml")
    os.mkfifo(root / "direct.yaml")
    (root / "helpctl.yaml").write_text(
        PROJECT.replace("[config/]", "[config/, direct.yaml]"), encoding="utf-8"
    )
    problems = validate_project(load_project(root))  # would block forever on open()
    found = sorted((p.code, p.message.split("`")[1]) for p in problems)
    assert found == [
        ("include_not_regular", "config/pipe.yaml"),
        ("include_not_regular", "direct.yaml"),
    ]


def test_a_market_overlay_whose_base_was_deleted_is_flagged_not_taken_as_a_new_object(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", repo, ignore=shutil.ignore_patterns(".helpctl"))
    base = repo / "base" / "triggers.yaml"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "title: Escalate scam reports" in line)
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines)
    )
    base.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")

    problems = validate_project(load_project(repo), ["india"])

    lone = [p for p in problems if p.code == "overlay_without_base"]
    assert [(p.severity, p.path) for p in lone] == [("warning", "triggers[Escalate scam reports]")]
    assert lone[0].position is not None
    assert lone[0].position.file == "markets/india/triggers.yaml"
    assert "trigger_needs_condition" in lone[0].message
    assert "trigger_needs_condition" in {p.code for p in problems if p.severity == "error"}


def test_the_shipped_configs_and_examples_have_no_lone_overlay() -> None:
    for project in (ROOT / "configs", ROOT / "examples" / "quickstart"):
        codes = {p.code for p in validate_project(load_project(project))}
        assert "overlay_without_base" not in codes, project
