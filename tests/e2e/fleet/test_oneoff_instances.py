"""Instances reached by url, by subdomain, or by the ZENDESK_* variables of a one-off run, as
`instances` and `validate` show them (offline: neither command connects here)."""

from __future__ import annotations

from fleet_helpers import Cli, Project


def test_instances_shows_the_host_each_instance_connects_to(cli: Cli, project: Project) -> None:
    listed = cli("instances", project("oneoff"), "--json")

    assert listed.exit_code == 0, listed.stderr + listed.stdout
    where = {r["instance"]: r["where"] for r in listed.json()["instances"]}
    assert where == {
        "served": "127.0.0.1:8765",
        "named": "acme.zendesk.com",
        "oneoff": "$ZENDESK_SUBDOMAIN.zendesk.com",
    }


def test_validate_warns_about_the_variables_a_one_off_instance_needs_and_exits_0(
    cli: Cli, project: Project
) -> None:
    result = cli("validate", project("oneoff"), "--json")

    assert result.exit_code == 0, result.stderr + result.stdout
    problems = result.json()["problems"]
    assert [(p["code"], p["severity"], p["instance"]) for p in problems] == [
        ("credentials_from_env", "warning", "oneoff")
    ]
    assert "ZENDESK_SUBDOMAIN" in problems[0]["message"]
