"""run_each: instances concurrently, outcomes in order, one failure isolated."""

from __future__ import annotations

import threading

from helpctl.errors import ApiError
from helpctl.fleet import run_each


def test_run_each_returns_outcomes_in_the_order_asked_whatever_finishes_first() -> None:
    names = [f"site{i}" for i in range(12)]
    outcomes = run_each(names, lambda n: n.upper())
    assert [(o.instance, o.value) for o in outcomes] == [(n, n.upper()) for n in names]


def test_one_failing_instance_does_not_stop_the_others() -> None:
    def work(name: str) -> str:
        if name == "emea":
            raise ApiError("server down", method="GET", path="triggers", status=503)
        return "ok"

    outcomes = run_each(["latam", "emea", "india"], work)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].error is not None and outcomes[1].error.code == "api_error"


def test_a_bug_in_one_instance_becomes_its_error_not_a_crash() -> None:
    outcomes = run_each(["a", "b"], lambda n: 1 // (n == "a"))
    assert outcomes[0].ok
    assert outcomes[1].error is not None
    assert "ZeroDivisionError" in str(outcomes[1].error)


def test_instances_run_concurrently_in_a_bounded_pool() -> None:
    barrier = threading.Barrier(3, timeout=5)
    outcomes = run_each(["a", "b", "c"], lambda n: barrier.wait(), max_workers=3)
    assert all(o.ok for o in outcomes)  # all three waited at the barrier together
