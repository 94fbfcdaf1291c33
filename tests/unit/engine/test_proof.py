"""The verdicts of `validate --live` from the two assessments it runs (setup, then solution)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from netassess.proof import TaskProof, pair_results
from netassess.proof_report import junit_xml
from netassess.results import CheckResult, Status

T = datetime(2026, 11, 28, tzinfo=UTC)


def result(check: str, status: Status, target: str = "r1", message: str = "") -> CheckResult:
    return CheckResult(check_id=check, type="x", target=target, status=status, message=message or status.value,
                       started=T, finished=T)


def proof() -> TaskProof:
    setup = [result("descr", Status.FAIL, message="found ''"), result("hostname", Status.PASS),
             result("no-flap", Status.ERROR, message="this run has no baseline"), result("ospf", Status.FAIL),
             result("bgp", Status.FAIL)]
    solution = [result("descr", Status.PASS), result("hostname", Status.PASS), result("no-flap", Status.PASS),
                result("ospf", Status.FAIL, message="expected 2 Full neighbours, found 1"),
                result("bgp", Status.ERROR, message="r1: unreachable")]
    return TaskProof("t1", Path("tasks/t1.yaml"), "prove-x", pair_results(setup, solution), seconds=12.5)


def test_each_pair_gets_its_verdict() -> None:
    verdicts = {c.check_id: c.verdict for c in proof().checks}
    assert verdicts == {"descr": "proven", "hostname": "passes on setup", "no-flap": "not shown failing",
                        "ospf": "fails on solution", "bgp": "error on solution"}


def test_problems_are_what_the_solution_does_not_pass_and_the_rest_is_unproven() -> None:
    p = proof()
    assert [c.check_id for c in p.problems()] == ["ospf", "bgp"]
    assert [c.check_id for c in p.unproven()] == ["hostname", "no-flap"]


def test_a_check_passing_on_setup_is_proven_failing_by_its_own_mutation_but_not_by_a_refused_one() -> None:
    from netassess.proof_mutate import MutationProof
    from netassess.spec.measured import RenderedMutation

    p = proof()
    p.mutations = [MutationProof("hostname", RenderedMutation("r1", config="hostname x"), broke=True),
                   MutationProof("no-flap", RenderedMutation("r1", link_down="eth1"), broke=True, error="refused")]
    assert p.broken() == {"hostname"}
    assert [c.check_id for c in p.unproven()] == ["no-flap"]


def test_lines_say_what_happened_on_each_stage() -> None:
    lines = {c.check_id: c.line() for c in proof().checks}
    assert lines["descr"] == "descr@r1: setup fail, solution pass: proven"
    assert lines["ospf"].endswith("fails on solution: expected 2 Full neighbours, found 1")
    assert lines["no-flap"].endswith("not shown failing: setup this run has no baseline")


def test_targets_are_matched_and_a_check_missing_from_one_run_is_reported() -> None:
    pairs = pair_results([result("a", Status.FAIL, "r1"), result("a", Status.FAIL, "r2")], [result("a", Status.PASS, "r1")])
    assert [(c.target, c.verdict) for c in pairs] == [("r1", "proven"), ("r2", "error on solution")]


def test_junit_fails_the_solution_problems_and_skips_the_unproven_unless_strict() -> None:
    suite = ET.fromstring(junit_xml([proof()])).find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "2", "2")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["ospf@r1"].find("failure") is not None and cases["hostname@r1"].find("skipped") is not None
    assert [child.tag for child in cases["descr@r1"]] == ["system-out"]  # a proven check: no failure, its line kept
    assert (cases["descr@r1"].findtext("system-out") or "").endswith("proven")
    strict = ET.fromstring(junit_xml([proof()], strict=True)).find("testsuite")
    assert strict is not None and (strict.get("failures"), strict.get("skipped")) == ("4", "0")


def test_a_task_that_could_not_be_proven_is_one_errored_case() -> None:
    from netassess.errors import LabError

    failed = TaskProof("t2", Path("tasks/t2.yaml"), "", error=LabError("lab t2: not ready after 60s: r1 (ssh)"))
    suites = {s.get("name"): s for s in ET.fromstring(junit_xml([proof(), failed])).iter("testsuite")}
    assert (suites["t2"].get("errors"), suites["t2"].get("tests")) == ("1", "1")
    error = suites["t2"].find("testcase/error")
    assert error is not None and error.get("message") == "LabError" and "not ready after 60s" in (error.text or "")
    assert suites["t1"].get("errors") == "0"


def test_device_errors_make_the_proof_a_lab_failure_not_a_task_problem() -> None:
    from types import SimpleNamespace

    import pytest

    from netassess.errors import LabError
    from netassess.proof import assessed

    ok = SimpleNamespace(snapshot=SimpleNamespace(device_errors={}), result=SimpleNamespace(results=[result("a", Status.PASS)]))
    assert [r.check_id for r in assessed(ok, "setup")] == ["a"]
    down = SimpleNamespace(snapshot=SimpleNamespace(device_errors={"r2": "unreachable: timed out"}), result=ok.result)
    with pytest.raises(LabError, match="after the solution stage, device\\(s\\) could not be read: r2: unreachable"):
        assessed(down, "solution")


class _Judged:
    """What `_settled` reads of an assessment: its results and the devices it could not read."""

    def __init__(self, results: list[CheckResult], errors: dict[str, str] | None = None) -> None:
        from types import SimpleNamespace

        self.result = SimpleNamespace(results=results)
        self.snapshot = SimpleNamespace(device_errors=errors or {})


def _task_with_wait(seconds: float):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from netassess.spec.models import Wait

    check = SimpleNamespace(id="route", spec=SimpleNamespace(wait=Wait(timeout=seconds, interval=2)))
    return SimpleNamespace(checks=[check])


def test_a_setup_pass_caught_mid_convergence_is_judged_again_once_the_longest_wait_has_run_out(monkeypatch) -> None:
    import netassess.assessment
    import netassess.proof as proof_module

    settled = _Judged([result("route", Status.FAIL, message="via the direct link")])
    monkeypatch.setattr(netassess.assessment, "run_assessment", lambda loaded, nr: settled)
    monkeypatch.setattr(proof_module, "without_waits", lambda loaded: loaded)
    slept: list[float] = []
    said: list[str] = []
    first = _Judged([result("route", Status.PASS)])
    got = proof_module._settled(_task_with_wait(30), None, first, pushed=100.0, tell=said.append,  # type: ignore[arg-type]
                                sleep=slept.append, clock=lambda: 112.0)
    assert got is settled
    assert slept == [18.0]  # 30 s wait, 12 s already spent
    assert "route@r1" in said[-1]


def test_a_setup_with_nothing_passing_is_not_judged_again(monkeypatch) -> None:
    import netassess.assessment
    import netassess.proof as proof_module

    def never(loaded, nr):  # type: ignore[no-untyped-def]
        raise AssertionError("no second look is needed when every check already fails on the setup")

    monkeypatch.setattr(netassess.assessment, "run_assessment", never)
    first = _Judged([result("route", Status.FAIL)])
    assert proof_module._settled(_task_with_wait(30), None, first, 0.0, lambda _: None,  # type: ignore[arg-type]
                                 sleep=lambda _: None, clock=lambda: 1.0) is first


def test_a_settled_look_that_cannot_read_a_device_keeps_the_first_judgement(monkeypatch) -> None:
    import netassess.assessment
    import netassess.proof as proof_module

    monkeypatch.setattr(netassess.assessment, "run_assessment",
                        lambda loaded, nr: _Judged([], errors={"r1": "timed out"}))
    monkeypatch.setattr(proof_module, "without_waits", lambda loaded: loaded)
    first = _Judged([result("route", Status.PASS)])
    assert proof_module._settled(_task_with_wait(5), None, first, 0.0, lambda _: None,  # type: ignore[arg-type]
                                 sleep=lambda _: None, clock=lambda: 100.0) is first


def test_only_tasks_whose_parameters_hold_the_topologys_management_subnet_need_their_own() -> None:
    from netassess.proof import needs_own_subnet
    from netassess.spec.loader import load_task

    repo = Path(__file__).resolve().parents[3]
    assert needs_own_subnet(load_task(repo / "tasks/s4-mgmt-plane-line.yaml"))
    assert not needs_own_subnet(load_task(repo / "tasks/s4-mgmt-plane-line.yaml", {"mgmt_subnet": "10.9.9.0/24"}))
    assert not needs_own_subnet(load_task(repo / "tasks/s2-ospf-triangle.yaml"))


def test_the_expected_proof_length_grows_with_mutations_and_waits() -> None:
    from netassess.proof import expected_seconds
    from netassess.spec.loader import load_task

    repo = Path(__file__).resolve().parents[3]
    no_waits, hub = load_task(repo / "tasks/s4-mgmt-plane-line.yaml"), load_task(repo / "tasks/s13-address-hub-spoke.yaml")
    assert expected_seconds(no_waits, mutate=False) == 10.0  # no wait: the floor of one judgement
    assert expected_seconds(hub, mutate=False) == 60.0  # its longest wait
    mutations = sum(len(m) for m in hub.mutations.values())
    assert mutations and expected_seconds(hub, mutate=True) == (1 + mutations) * 60.0
    assert expected_seconds(hub, mutate=True) > expected_seconds(no_waits, mutate=True)
