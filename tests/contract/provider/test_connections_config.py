"""Connections to Zendesk instances: where they point and with which credentials, resolved
from the project (no request is sent: ``endpoint`` only reads the configuration)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import helpctl.providers.connect
from helpctl.config.project import InstanceConfig, Project, SecretRef
from helpctl.errors import ConfigError
from helpctl.providers.connect import DEFAULT_ZENDESK_RATE_LIMIT, Connections

CANARY = "canary-conn-7Qx-do-not-leak"


def project(tmp_path: Path, **instance: object) -> Project:
    inst = InstanceConfig(name="latam", backend="zendesk", **instance)  # type: ignore[arg-type]
    return Project(root=tmp_path, instances={"latam": inst})


def test_subdomain_gives_the_zendesk_api_url_and_the_default_rate_limit(tmp_path: Path) -> None:
    proj = project(
        tmp_path, subdomain="acme-latam", email="ops@acme.example", token=SecretRef(env="ZD_TOKEN")
    )

    endpoint = Connections(proj, environ={"ZD_TOKEN": CANARY}).endpoint("latam")

    assert endpoint.base_url == "https://acme-latam.zendesk.com/api/v2/"
    assert endpoint.rate_limit == DEFAULT_ZENDESK_RATE_LIMIT
    assert endpoint.auth.scheme == "token" and endpoint.auth.email == "ops@acme.example"


def test_missing_environment_variable_names_the_instance_and_the_variable(tmp_path: Path) -> None:
    proj = project(
        tmp_path, subdomain="acme", email="ops@acme.example", token=SecretRef(env="ZD_LATAM_TOKEN")
    )

    with pytest.raises(ConfigError) as caught:
        Connections(proj, environ={}).endpoint("latam")

    assert "latam" in str(caught.value) and "ZD_LATAM_TOKEN" in str(caught.value)


def test_no_secret_value_appears_in_what_a_connection_can_render(tmp_path: Path) -> None:
    proj = project(tmp_path, subdomain="acme", email="ops@acme.example", token=SecretRef(env="T"))

    endpoint = Connections(proj, environ={"T": CANARY}).endpoint("latam")

    assert CANARY not in repr(endpoint) and CANARY not in str(endpoint.auth)
    assert endpoint.auth.redact(f"x {CANARY} y") == "x *** y"


def test_plain_http_is_refused_except_to_loopback(tmp_path: Path) -> None:
    env = {"ZENDESK_EMAIL": "a@b.example", "ZENDESK_API_TOKEN": CANARY}

    with pytest.raises(ConfigError, match="refusing plain http"):
        Connections(project(tmp_path, url="http://helpdesk.example.com"), environ=env).endpoint(
            "latam"
        )
    local = Connections(project(tmp_path, url="http://127.0.0.1:8765"), environ=env)
    assert local.endpoint("latam").base_url == "http://127.0.0.1:8765/api/v2/"


def test_url_with_credentials_is_refused(tmp_path: Path) -> None:
    proj = project(tmp_path, url=f"https://me:{CANARY}@acme.zendesk.com")

    with pytest.raises(ConfigError) as caught:
        Connections(proj, environ={}).endpoint("latam")

    assert CANARY not in str(caught.value)


def test_zcli_variables_are_used_when_the_instance_names_no_credentials(tmp_path: Path) -> None:
    env = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": "a@b.example", "ZENDESK_API_TOKEN": CANARY}

    endpoint = Connections(project(tmp_path), environ=env).endpoint("latam")

    assert endpoint.base_url == "https://acme.zendesk.com/api/v2/"
    assert endpoint.auth.scheme == "token"


def test_zcli_oauth_token_gives_bearer_auth(tmp_path: Path) -> None:
    env = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_OAUTH_TOKEN": CANARY}

    endpoint = Connections(project(tmp_path), environ=env).endpoint("latam")

    assert endpoint.auth.scheme == "bearer"
    assert endpoint.auth.header() == f"Bearer {CANARY}"


def test_no_credentials_anywhere_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Connections(project(tmp_path, subdomain="acme"), environ={}).endpoint("latam")

    assert "latam" in str(caught.value) and "ZENDESK_API_TOKEN" in str(caught.value)


def test_file_secret_is_read_relative_to_the_project_and_stripped(tmp_path: Path) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "token").write_text(f"{CANARY}\n")
    proj = project(
        tmp_path,
        subdomain="acme",
        email="ops@acme.example",
        token=SecretRef(file="secrets/token"),
        rate_limit=200,
    )

    endpoint = Connections(proj, environ={}).endpoint("latam")

    assert endpoint.auth == endpoint.auth.token("ops@acme.example", CANARY)
    assert endpoint.rate_limit == 200


def test_missing_secret_file_names_the_instance_and_the_file(tmp_path: Path) -> None:
    proj = project(tmp_path, subdomain="acme", email="e@x.example", token=SecretRef(file="nope"))

    with pytest.raises(ConfigError) as caught:
        Connections(proj, environ={}).endpoint("latam")

    assert "latam" in str(caught.value) and "nope" in str(caught.value)


def test_a_token_without_its_email_is_a_clear_error(tmp_path: Path) -> None:
    proj = project(tmp_path, subdomain="acme", token=SecretRef(env="T"))

    with pytest.raises(ConfigError, match="email"):
        Connections(proj, environ={"T": CANARY}).endpoint("latam")


def test_an_unknown_instance_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="latam"):
        Connections(project(tmp_path, subdomain="acme"), environ={}).endpoint("emea")


def test_a_sandbox_served_elsewhere_is_reached_by_its_url_without_starting_one(
    tmp_path: Path,
) -> None:
    inst = InstanceConfig(
        name="shared",
        backend="sandbox",
        url="http://127.0.0.1:8765",
        email="admin@sandbox.local",
        token=SecretRef(env="SANDBOX_TOKEN"),
    )
    conns = Connections(
        Project(root=tmp_path, instances={"shared": inst}), environ={"SANDBOX_TOKEN": CANARY}
    )

    endpoint = conns.endpoint("shared")

    assert endpoint.base_url == "http://127.0.0.1:8765/api/v2/"
    assert endpoint.rate_limit is None
    assert not (tmp_path / ".helpctl").exists()


def test_leaving_the_block_closes_the_clients_it_opened_before_any_request(
    tmp_path: Path,
) -> None:
    env = {"ZENDESK_EMAIL": "a@b.example", "ZENDESK_API_TOKEN": CANARY}
    # loopback, so a client left open would fail on a refused connection, never the network
    with Connections(project(tmp_path, url="http://127.0.0.1:9"), environ=env) as conns:
        client = conns.client("latam")

    with pytest.raises(RuntimeError, match="closed"):
        client.get("users/me")


def test_connections_reach_http_only_through_the_zendesk_client() -> None:
    tree = ast.parse(Path(helpctl.providers.connect.__file__).read_text(encoding="utf-8"))

    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not {name for name in imported if name.split(".")[0] == "httpx"}
