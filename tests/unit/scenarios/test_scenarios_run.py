"""Running scenarios on an instance's rules: expectations after each step, cannot-evaluate."""

from __future__ import annotations

from pathlib import Path

from scenarios_fixtures import ROOT, project_with

from helpctl.config.loader import load_project
from helpctl.scenarios import ScenarioResult, run_suite

ROUTED = """
scenarios:
  - name: Reports
    ticket:
      brand: Swapmeet Motors
      fields: {Contact reason: reason_report}
      requester: {email: lucia@example.com, locale: es}
    expect:
      group: {group}
      priority: high
      tags: {include: [listing_report], exclude: [reason_report]}
      fired: [Auto-reply to new requests, Route listing reports to Trust & Safety]
      notifications:
        - {to: requester, body_contains: Gracias}
"""


def _run(tmp_path: Path, text: str, **kw: object) -> list[ScenarioResult]:
    suite = run_suite(load_project(project_with(tmp_path, {"s.yaml": text})), **kw)  # type: ignore[arg-type]
    assert suite.problems == []
    return suite.results


def test_a_scenario_that_holds_passes(tmp_path: Path) -> None:
    (result,) = _run(tmp_path, ROUTED.replace("{group}", "Trust & Safety"))
    assert result.passed, result.failures
    assert (result.instance, result.position.line) == ("sandbox", 3)


def test_each_expectation_that_does_not_hold_fails_at_its_line(tmp_path: Path) -> None:
    (result,) = _run(tmp_path, ROUTED.replace("{group}", "Buyer & Seller Support"))
    assert not result.passed
    (failure,) = result.failures
    assert failure.step == "create"
    assert failure.message == "expected group `Buyer & Seller Support`, got `Trust & Safety`"
    assert failure.position.line == 9


def test_notifications_must_match_one_sent(tmp_path: Path) -> None:
    text = ROUTED.replace("{group}", "Trust & Safety").replace("Gracias", "Thanks for")
    (result,) = _run(tmp_path, text)
    (failure,) = result.failures
    assert failure.message.startswith(
        "no notification with to 'requester', body_contains 'Thanks for'"
    )
    assert "[Swapmeet] We got your request" in failure.message


LIFECYCLE = """
scenarios:
  - name: Solved then closed
    ticket: {}
    steps:
      - update: {status: solved, comment: Done}
        by: agent@swapmeet.example
        expect:
          status: solved
          notifications: [{to: requester, subject_contains: Request solved}]
      - after: {first}
        expect: {status: solved, notifications: []}
      - after: 1 day
        expect: {status: closed, fired: [Close solved tickets after 4 days]}
"""


def test_updates_and_hours_of_automations(tmp_path: Path) -> None:
    (result,) = _run(tmp_path, LIFECYCLE.replace("{first}", "4 days"))
    assert result.passed, result.failures


def test_an_automation_that_fires_early_fails_the_step(tmp_path: Path) -> None:
    (result,) = _run(tmp_path, LIFECYCLE.replace("{first}", "5 days"))
    assert [(f.step, f.message) for f in result.failures] == [
        ("steps[1]", "expected status `solved`, got `closed`"),
        ("steps[2]", "expected fired [Close solved tickets after 4 days], got []"),
    ]


def test_a_closed_ticket_cannot_be_updated(tmp_path: Path) -> None:
    text = LIFECYCLE.replace("{first}", "4 days") + (
        "      - update: {status: open, comment: reopen please}\n"
    )
    (result,) = _run(tmp_path, text)
    (failure,) = result.failures
    assert failure.step == "steps[3]"
    assert failure.message.startswith("the ticket is closed and cannot be updated")


def test_a_macro_is_applied_and_submitted(tmp_path: Path) -> None:
    text = """
scenarios:
  - name: Refund macro
    ticket: {fields: {Contact reason: reason_buying}, requester: {email: a@b.example}}
    steps:
      - macro: Payments::Refund issued
        by: agent@swapmeet.example
        expect:
          status: solved
          fields: {Contact reason: Payment or refund}
          notifications: [{to: a@b.example, subject_contains: Request solved}]
"""
    (result,) = _run(tmp_path, text)
    assert result.passed, result.failures


def test_explain_lists_what_fired_and_why_the_others_did_not(tmp_path: Path) -> None:
    (result,) = _run(tmp_path, ROUTED.replace("{group}", "Trust & Safety"), explain=True)
    (create,) = result.trace
    assert create.fired == ["Auto-reply to new requests", "Route listing reports to Trust & Safety"]
    why = dict(create.not_fired)
    assert why["Route payment questions to Buyer & Seller Support"] == (
        "`custom_fields.Contact reason` is 'reason_payment' did not hold"
    )
    assert "update_type" in why["Tell the requester their request is solved"]


def test_a_rule_the_engine_cannot_evaluate_fails_every_scenario_it_touches(tmp_path: Path) -> None:
    twitter = """
triggers:
  - title: VIP tweeters
    category: Routing
    conditions:
      all:
        - {field: requester_twitter_verified, operator: is, value: "true"}
    actions:
      - {field: priority, value: urgent}
"""
    root = project_with(
        tmp_path,
        {"s.yaml": ROUTED.replace("{group}", "Trust & Safety")},
        config={"vip.yaml": twitter},
    )
    (result,) = run_suite(load_project(root)).results
    assert not result.passed
    assert result.error.startswith("cannot evaluate triggers[VIP tweeters]")


def test_every_configs_scenario_passes_on_every_instance() -> None:
    suite = run_suite(load_project(ROOT / "configs"))
    assert suite.problems == []
    assert {r.instance for r in suite.results} == {"latam", "emea", "india"}
    assert [(r.instance, r.name, r.failures, r.error) for r in suite.failed] == []


def test_a_changed_overlay_is_caught_in_its_market_only(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    overlay = tmp_path / "configs" / "markets" / "india" / "triggers.yaml"
    overlay.write_text(
        overlay.read_text().replace(
            "{field: priority, value: high}", "{field: priority, value: low}"
        )
    )
    failed = run_suite(load_project(tmp_path / "configs")).failed
    assert [(r.instance, r.name) for r in failed] == [
        ("india", "Scam reports in India are high, not urgent (staffed around the clock)")
    ]
