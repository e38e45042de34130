"""The fault spec parser and its seeded draws."""

from __future__ import annotations

import pytest

from helpctl.errors import SandboxError
from helpctl.sandbox.faults import parse_faults


def test_spec_is_parsed_into_rates_latency_and_options() -> None:
    plan = parse_faults("429:0.05,500:0.02,503:0.02,reset:0.01,latency:50ms,retry_after:3")
    assert plan is not None
    assert plan.rates == {"429": 0.05, "500": 0.02, "503": 0.02, "reset": 0.01}
    assert plan.latency == (0.05, 0.05)
    assert plan.retry_after == 3


def test_latency_range_is_parsed() -> None:
    plan = parse_faults("latency:10-80ms")
    assert plan is not None and plan.latency == (0.01, 0.08)


@pytest.mark.parametrize("spec", [None, "", "  "])
def test_no_spec_means_no_faults(spec: str | None) -> None:
    assert parse_faults(spec) is None


@pytest.mark.parametrize("spec", ["teapot:0.1", "500", "500:lots", "500:0.7,503:0.7"])
def test_invalid_specs_are_refused_with_the_reason(spec: str) -> None:
    with pytest.raises(SandboxError):
        parse_faults(spec)


def test_draws_repeat_for_the_same_seed_and_differ_for_another() -> None:
    def draws(seed: str) -> list[str | None]:
        plan = parse_faults("500:0.3,reset:0.2", seed)
        assert plan is not None
        return [plan.draw("GET").kind for _ in range(50)]

    assert draws("a") == draws("a")
    assert draws("a") != draws("b")


def test_only_writes_can_fail_after_processing() -> None:
    plan = parse_faults("reset:1,after_write:1")
    assert plan is not None
    assert plan.draw("POST").after is True
    assert plan.draw("GET").after is False


def test_fault_rates_are_close_to_the_spec() -> None:
    plan = parse_faults("500:0.25", "rates")
    assert plan is not None
    share = sum(plan.draw("GET").kind == "500" for _ in range(4000)) / 4000
    assert 0.22 < share < 0.28
