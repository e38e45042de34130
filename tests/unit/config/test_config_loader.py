"""helpctl.yaml becomes typed instances; secrets stay references; mistakes are all reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.config.project import SafetyConfig, SecretRef
from helpctl.errors import ConfigError, ValidationFailed


def test_instances_are_read_in_file_order_with_their_settings(valid_dir: Path) -> None:
    project = load_project(valid_dir / "fleet")
    assert list(project.instances) == ["ar", "mx"]
    mx = project.instances["mx"]
    assert mx.account == "mexico"
    assert mx.safety == SafetyConfig(max_update_pct=50, max_delete_pct=10, min_existing=5)
    assert mx.ownership("triggers") == "all"
    assert mx.ownership("views") == "none"
    assert [(e.kind, e.key) for e in mx.exclude] == [("macros", "Payments::Refund issued")]
    assert mx.external == {"groups": ["Legal"]}
    assert str(mx.position) == "helpctl.yaml:10:3"


def test_credentials_are_kept_as_references(valid_dir: Path) -> None:
    project = load_project(valid_dir / "zendesk_backend")
    production = project.instances["production"]
    assert production.email == SecretRef(env="ZD_EMAIL")
    assert production.token == SecretRef(file=".secrets/zendesk_token")
    assert production.rate_limit == 400
    assert project.instances["staging"].oauth_token == SecretRef(env="ZD_STAGING_OAUTH")


def test_project_file_can_be_named_directly(valid_dir: Path) -> None:
    project = load_project(valid_dir / "minimal" / "helpctl.yaml")
    assert project.root == (valid_dir / "minimal").resolve()


def test_folder_without_project_file_says_how_to_start_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_project(tmp_path)
    assert "helpctl init" in caught.value.hint


def test_plaintext_token_is_refused_without_repeating_it(invalid_dir: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_project(invalid_dir / "project_plaintext_token")
    codes = [p.code for p in caught.value.problems]
    assert codes == ["secret_plaintext"]
    assert "9f8e7d6c" not in str(caught.value.as_dict())
