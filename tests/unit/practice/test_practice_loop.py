"""The practice loop: polls cheaply, re-assesses only on a change (then a few settling looks), and
hands every state to a pluggable view."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from rich.console import Console

from netassess.practice import PlainView, RecordingView, RichView, practise
from netassess.results import CheckResult, Grade, RunResult, Score, Status, TaskRef

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def result(statuses: dict[str, Status]) -> RunResult:
    checks = [CheckResult(check_id=c, type="x", target="r1", status=s, points_possible=1,
                          points_awarded=1.0 if s is Status.PASS else 0.0, message=f"{c} is {s.value}",
                          hint=f"fix {c}", started=T0, finished=T0) for c, s in statuses.items()]
    awarded = sum(c.points_awarded for c in checks)
    return RunResult(task=TaskRef(id="t", version="1", sha256="0" * 64), started=T0, finished=T0, results=checks,
                     score=Score(awarded=awarded, possible=len(checks), percent=100 * awarded / len(checks),
                                 grade=Grade.PASS if awarded == len(checks) else Grade.FAIL, pass_mark=100),
                     complete=True, mode="practice")


class Script:
    """A device farm in time: poll N returns fingerprints[N]; the assessment reads the current state;
    the loop stops after the last poll."""

    def __init__(self, fingerprints: list[dict[str, str]], states: list[dict[str, Status]], stop: threading.Event) -> None:
        self.fingerprints, self.states, self.stop = fingerprints, states, stop
        self.polls = 0
        self.assessments = 0
        self.now = 0.0

    def poll(self) -> dict[str, str]:
        fp = self.fingerprints[min(self.polls, len(self.fingerprints) - 1)]
        self.polls += 1
        if self.polls >= len(self.fingerprints):
            self.stop.set()
        return fp

    def assess(self) -> RunResult:
        state = self.states[min(self.polls - 1, len(self.states) - 1)]
        self.assessments += 1
        return result(state)

    def clock(self) -> float:
        self.now += 1.0
        return self.now


class SteppingStop(threading.Event):
    """``wait`` returns at once (no real sleeping in a unit test) until set."""

    def wait(self, timeout: float | None = None) -> bool:
        return self.is_set()


def test_reassesses_only_when_a_fingerprint_changes_and_the_view_sees_checks_turn_green() -> None:
    stop = SteppingStop()
    fail, ok = Status.FAIL, Status.PASS
    script = Script(
        fingerprints=[{"r1": "a", "r2": "b"}, {"r1": "a", "r2": "b"}, {"r1": "a", "r2": "b"}, {"r1": "c", "r2": "b"},
                      {"r1": "c", "r2": "b"}],
        states=[{"ospf": fail, "addr": fail}] * 3 + [{"ospf": ok, "addr": fail}, {"ospf": ok, "addr": ok}],
        stop=stop)
    view = RecordingView()
    last = practise(script.assess, script, view, stop=stop, interval=1, settle=(), clock=script.clock)
    assessed = view.assessed()
    assert [f.reason for f in assessed] == ["start", "changed: r1"]
    assert assessed[0].statuses() == {("ospf", "r1"): fail, ("addr", "r1"): fail}
    assert assessed[1].statuses()[("ospf", "r1")] is ok and assessed[1].changed == ["r1"]
    assert script.assessments == 2 and script.polls == 5  # polled every interval, assessed twice
    assert [f.kind for f in view.frames].count("tick") == 3
    assert last is assessed[-1].result


def test_a_change_schedules_settling_reassessments_for_state_that_converges_later() -> None:
    stop = SteppingStop()
    fps = [{"r1": "a"}, {"r1": "b"}] + [{"r1": "b"}] * 6
    states = [{"ospf": Status.FAIL}] * 2 + [{"ospf": Status.PASS}] * 6
    script = Script(fps, states, stop)
    view = RecordingView()
    practise(script.assess, script, view, stop=stop, interval=1, settle=(2.5,), clock=script.clock)
    assessed = view.assessed()
    assert [f.reason for f in assessed] == ["start", "changed: r1", "settling after the last change"]
    assert assessed[-1].statuses()[("ospf", "r1")] is Status.PASS


def test_time_left_counts_down_against_the_time_limit() -> None:
    stop = SteppingStop()
    script = Script([{"r1": "a"}] * 3, [{"c": Status.FAIL}], stop)
    view = RecordingView()
    practise(script.assess, script, view, stop=stop, interval=1, time_limit_s=60, clock=script.clock)
    lefts = [f.time_left_s for f in view.frames]
    assert lefts == sorted(lefts, reverse=True) and all(x is not None and 0 < x < 60 for x in lefts)


def test_plain_and_rich_views_show_score_failures_and_hints_without_markup_injection() -> None:
    stop = SteppingStop()
    script = Script([{"r1": "a"}], [{"[red]x[/]": Status.FAIL, "ok": Status.PASS}], stop)
    plain = Console(record=True, width=200)
    practise(script.assess, script, PlainView(plain), stop=stop, interval=1, time_limit_s=600, clock=script.clock)
    text = plain.export_text()
    assert "[1] start: 50% (fail), 1/2 checks pass, 0:09:5" in text
    assert "FAIL [red]x[/] r1: [red]x[/] is fail (hint: fix [red]x[/])" in text
    rich = Console(record=True, width=200, force_terminal=False)
    view = RichView(rich, "Task", "Ctrl-C stops")
    stop.clear()
    practise(Script([{"r1": "a"}], [{"[red]x[/]": Status.FAIL}], stop).assess, Script([{"r1": "a"}], [{}], stop), view,
             stop=stop, interval=1)
    rich.print(view.render(view.last))  # type: ignore[arg-type]
    shown = rich.export_text()
    assert "[red]x[/]" in shown and "hint: fix [red]x[/]" in shown and "0% (fail)" in shown
