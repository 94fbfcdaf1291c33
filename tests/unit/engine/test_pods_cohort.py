"""Pods and cohort runs without a lab: naming, finding pods in the lab state, the cohort's figures,
exit codes and the command-line refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_engine_cli import cli

from netassess.cohort_run import CohortRun, PodRun
from netassess.errors import ExitCode, LabError, UsageError
from netassess.lab.state import Credentials, LabState, NodeState, PodInfo, save_state
from netassess.pods import candidate_ids, find_pods, pod_name
from netassess.report.cohort_stats import distribution_svg, most_failed, score_bins
from netassess.results import CheckResult, Grade, Level, RunResult, Score, Status, TaskRef

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def result(candidate: str, checks: dict[str, list[Status]], *, complete: bool = True, task: str = "t",
           level: Level = Level.REQUIRED) -> RunResult:
    results = [CheckResult(check_id=c, type="x", target=f"r{i}", status=s, level=level, started=T0, finished=T0)
               for c, statuses in checks.items() for i, s in enumerate(statuses)]
    passed = all(s is Status.PASS for ss in checks.values() for s in ss)
    return RunResult(task=TaskRef(id=task, version="1", sha256="0" * 64), candidate=candidate, started=T0, finished=T0,
                     results=results, complete=complete,
                     score=Score(awarded=1, possible=1, percent=100 if passed else 40,
                                 grade=Grade.PASS if passed else Grade.FAIL, pass_mark=60))


def pod_state(name: str, candidate: str | None, task: str = "s2-ospf-triangle") -> LabState:
    node = NodeState(name="r1", kind="router", platform="frr", namespace=f"clab-{name}-r1", mgmt_ipv4="172.29.9.11")
    return LabState(name=name, topology="t.clab.yml", runtime="netns", status="up", mgmt_subnet="172.29.9.0/24",
                    nodes={"r1": node}, pod=PodInfo(task=task, task_path="/x.yaml", candidate=candidate) if candidate else None,
                    credentials=Credentials(key_file=f"/labs/{name}/id_ed25519", known_hosts=f"/labs/{name}/known_hosts"))


def test_pods_flag_names_candidates_c01_to_cNN_and_candidates_flag_takes_given_ids() -> None:
    assert candidate_ids(3, None) == ["c01", "c02", "c03"]
    assert candidate_ids(None, "ann, bob") == ["ann", "bob"]
    for pods, names, why in ((None, None, "one of them"), (2, "a", "one of them"), (0, None, "between 1 and 99"),
                             (None, "a,a", "more than once"), (None, "a b", "letters, digits"), (None, ",", "at least one")):
        with pytest.raises(UsageError, match=why):
            candidate_ids(pods, names)


def test_pod_names_are_task_dash_candidate_within_the_lab_name_limit() -> None:
    assert pod_name("s2-ospf-triangle", "c01") == "s2-ospf-triangle-c01"
    assert pod_name("s2-ospf-triangle", None) == "s2-ospf-triangle"
    long = pod_name("t" * 60, "candidate-with-long-id")
    assert len(long) <= 40 and long.endswith("-candidate-with-long-id")


def test_run_pods_finds_every_pod_of_the_task_in_the_lab_state_or_the_named_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path))
    with pytest.raises(LabError, match="no pods of task s2-ospf-triangle are up"):
        find_pods("s2-ospf-triangle")
    for name, cand, task in (("p-ann", "ann", "s2-ospf-triangle"), ("p-bob", "bob", "s2-ospf-triangle"),
                             ("other", "cat", "s4-other"), ("plain", None, "s2-ospf-triangle")):
        save_state(pod_state(name, cand, task))
    assert [s.name for s in find_pods("s2-ospf-triangle")] == ["p-ann", "p-bob"]
    assert [s.name for s in find_pods("s2-ospf-triangle", "bob")] == ["p-bob"]
    with pytest.raises(UsageError, match="no pod for candidate"):
        find_pods("s2-ospf-triangle", "bob,zed")


def test_lab_down_pods_refuses_a_second_target_and_says_when_no_pod_is_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path))
    assert cli(monkeypatch, "lab", "down", "--pods", "s2-ospf-triangle", "--all") == 2
    assert "not more than one" in capsys.readouterr().err
    assert cli(monkeypatch, "lab", "down", "--pods", "s2-ospf-triangle") == 4
    assert "no pods of task s2-ospf-triangle are up" in capsys.readouterr().err


def test_lab_status_shows_whose_pod_each_lab_is_and_how_to_log_in_with_its_own_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "250")
    save_state(pod_state("p-ann", "ann"))
    assert cli(monkeypatch, "lab", "status") == 0
    out = capsys.readouterr().out
    assert "pod of candidate ann for s2-ospf-triangle" in out
    assert "ssh -i /labs/p-ann/id_ed25519 -o UserKnownHostsFile=/labs/p-ann/known_hosts admin@172.29.9.11" in out


def test_score_distribution_counts_candidates_per_tenth_with_100_in_the_top_bin() -> None:
    assert score_bins([0, 9.99, 10, 55, 99.9, 100, None]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    svg = str(distribution_svg([2, 1, 0, 0, 0, 1, 0, 0, 0, 2], pass_mark=60))
    assert 'data-bin="90" data-count="2"' in svg and 'class="pass-mark"' in svg and "<script" not in svg


def test_most_failed_counts_candidates_not_targets_and_leaves_warnings_out() -> None:
    ok, bad = Status.PASS, Status.FAIL
    latest = [result("a", {"ospf": [bad, bad, bad], "addr": [ok]}),
              result("b", {"ospf": [ok, bad], "addr": [Status.ERROR]}),
              result("c", {"ospf": [ok], "addr": [ok]}),
              result("d", {"banner": [bad]}, level=Level.WARNING)]
    rows = most_failed(latest)
    assert [(f.check_id, f.failed, f.assessed) for f in rows] == [("ospf", 2, 3), ("addr", 1, 3)]
    assert rows[0].share == 66.7


def test_cohort_exit_code_is_3_if_any_pod_incomplete_else_1_if_any_below_pass_else_0(tmp_path: Path) -> None:
    good = PodRun("a", "p-a", tmp_path, result=result("a", {"x": [Status.PASS]}))
    low = PodRun("b", "p-b", tmp_path, result=result("b", {"x": [Status.FAIL]}))
    partial = PodRun("c", "p-c", tmp_path, result=result("c", {"x": [Status.PASS]}, complete=False))
    broken = PodRun("d", "p-d", tmp_path, error="no lab")
    assert CohortRun([good], []).exit_code() is ExitCode.OK
    assert CohortRun([good, low], []).exit_code() is ExitCode.BELOW_PASS_MARK
    assert CohortRun([good, low, partial], []).exit_code() is ExitCode.INCOMPLETE
    assert CohortRun([good, broken], []).exit_code() is ExitCode.INCOMPLETE


def test_run_pods_refuses_options_that_name_one_lab_or_candidate_with_exit_2(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(monkeypatch, "run", "s2-ospf-triangle", "--pods", "all", "--lab", "x") == 2
    assert "--pods assesses every pod" in capsys.readouterr().err
    assert cli(monkeypatch, "lab", "up", "s2-ospf-triangle", "--pods", "2", "--candidates", "a,b") == 2
    assert "one of them" in capsys.readouterr().err
    assert cli(monkeypatch, "lab", "up", "s2-ospf-triangle", "--pods", "2", "--runtime", "containerlab") == 2


def test_run_pods_all_assesses_each_pod_as_its_candidate_and_writes_results_evidence_and_a_cohort_report(
        tmp_path: Path, devices, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from engine_fakes import write_inventory
    from engine_project import write_project

    import netassess.collect.inventory as inventory
    from netassess.history import HistoryDB

    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "labs"))
    task = write_project(tmp_path / "proj")
    real_build = inventory.build_nornir
    inventories = {}
    for candidate, eth1 in (("ann", True), ("bob", False)):
        lab = f"engine-test-{candidate}"
        nodes = {n: NodeState(name=n, kind="router", platform="frr", namespace=f"clab-{lab}-{n}", mgmt_ipv4="192.0.2.1")
                 for n in ("r1", "r2", "r3")}
        save_state(LabState(name=lab, topology="t.clab.yml", runtime="netns", status="up", mgmt_subnet="192.0.2.0/24",
                            nodes=nodes, pod=PodInfo(task="engine-test", task_path=str(task), candidate=candidate)))
        inventories[lab] = write_inventory(tmp_path / lab, {n: {"hostname": f"{lab}-{n}"} for n in nodes})
        for n in nodes:
            devices.add(f"{lab}-{n}", values={"interfaces": {"eth1": eth1, "eth2": True}},
                        commands={"show banner": "Authorised"})

    def pod_nornir(*, lab: str, topology: Path, workers: int, interactive: bool, timeout: int):  # type: ignore[no-untyped-def]
        return real_build(inventory_dir=inventories[lab], topology=topology, workers=workers, timeout=timeout,
                          interactive=interactive)

    monkeypatch.setattr(inventory, "build_nornir", pod_nornir)
    out, db = tmp_path / "out", tmp_path / "h.sqlite"
    assert cli(monkeypatch, "run", task, "--pods", "all", "-o", out, "-f", "table,json,html", "--history-db", db) == 1
    shown = capsys.readouterr().out
    assert "2 pods of engine-test assessed" in shown and "ann" in shown and "bob" in shown
    ann, bob = (RunResult.model_validate_json((out / c / "results.json").read_text()) for c in ("ann", "bob"))
    assert (ann.candidate, ann.score.percent, bob.candidate) == ("ann", 100, "bob") and bob.score.grade is Grade.FAIL
    assert (out / "bob" / "results.html").exists() and (out / "bob" / "snapshot.json").exists()
    assert (out / "ann" / "evidence" / "manifest.json").exists() and (out / "bob" / "evidence" / "manifest.json").exists()
    cohort = (out / "cohort.html").read_text()
    assert "eth1-up" in cohort.split('id="most-failed"')[1] and "1 / 2" in cohort
    assert {a.candidate for a in HistoryDB(db).attempts(task="engine-test")} == {"ann", "bob"}
    assert cli(monkeypatch, "run", task, "--pods", "ann", "-o", tmp_path / "again", "--history-db", db) == 0
