"""The render budget: one watchdog thread serves every render in progress (issue 15: CLI start),
and still stops exactly the render that passes its budget, never one that has ended."""

from __future__ import annotations

import threading
import time

import pytest

from netassess.spec.sandbox import Budget, RenderAborted

GIVE_UP = 20.0  # seconds: only reached if the watchdog never fires


def _spin(budget: Budget) -> None:
    """Busy work inside ``budget`` until the watchdog aborts it (or GIVE_UP passes)."""
    end = time.monotonic() + GIVE_UP
    with budget:
        while time.monotonic() < end:
            pass


def test_a_render_past_its_time_budget_is_aborted_and_says_why() -> None:
    budget = Budget(seconds=0.2)
    with pytest.raises(RenderAborted):
        _spin(budget)
    assert budget.reason == "ran longer than 0.2 s"


def test_concurrent_renders_only_the_one_over_budget_is_stopped() -> None:
    outcome: dict[str, str] = {}

    def render(name: str, budget: Budget, work: float) -> None:
        try:
            with budget:
                end = time.monotonic() + work
                while time.monotonic() < end:
                    pass
            outcome[name] = "finished"
        except RenderAborted:
            outcome[name] = "aborted"

    threads = [threading.Thread(target=render, args=("runaway", Budget(seconds=0.2), GIVE_UP)),
               threading.Thread(target=render, args=("normal", Budget(seconds=GIVE_UP), 0.5))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GIVE_UP + 5)
    assert outcome == {"runaway": "aborted", "normal": "finished"}


def test_a_render_that_ended_is_never_interrupted_afterwards() -> None:
    with Budget(seconds=0.05):
        pass
    end = time.monotonic() + 0.3  # well past the budget, outside it: nothing may be raised here
    while time.monotonic() < end:
        pass


def test_after_an_abort_the_next_render_runs_normally() -> None:
    with pytest.raises(RenderAborted):
        _spin(Budget(seconds=0.1))
    with Budget() as budget:
        total = sum(range(1000))
    assert total == 499500 and budget.reason is None
