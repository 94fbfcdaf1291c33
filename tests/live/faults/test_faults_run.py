"""Issue 9, item 7: faults survived, live. Each fault strikes one router of a real FRR triangle while
`netassess run` works; every case asserts the documented exit code, a clear one-line message, the
other routers still scored, and the lab left as it was (``intact``: converged, configs byte-identical,
no session left open). One lab serves the module; each case undoes its fault."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fault_tools import (
    TASK_FILE,
    Run,
    assert_errors_are_one_line,
    assert_scored_normally,
    frozen,
    pids_named,
    restart,
    results,
    session_vtysh,
    signal_all,
    statuses,
    wait_for,
)

from netassess.lab.state import LabState

pytestmark = pytest.mark.live
REPO = Path(__file__).resolve().parents[3]
# The slowest a router may be, from the collector's contract: each login phase (TCP connect, SSH
# banner, authentication, three vtysh prompts) and then one request, each limited by --timeout.
PHASES = 7


@pytest.fixture(scope="module")
def lab(lab_factory) -> Iterator[LabState]:  # type: ignore[no-untyped-def]
    state = lab_factory.start(REPO / "containerlab" / "triangle.clab.yml")
    yield state
    lab_factory.stop(state.name)


def run(lab: LabState, project: Path, out: Path, *extra: object) -> Run:
    return Run("run", TASK_FILE, "--lab", lab.name, "-o", out, "-f", "json", *extra, cwd=project)


def collection_seconds(out: Path) -> float:
    snap = json.loads((out / "snapshot.json").read_text())
    return (datetime.fromisoformat(snap["finished"]) - datetime.fromisoformat(snap["started"])).total_seconds()


def test_a_healthy_lab_passes_every_check_first(lab: LabState, fault_project: Path, intact, tmp_path: Path) -> None:
    """The baseline every fault is measured against: without a fault, all routers pass, exit 0."""
    with intact(lab):
        proc = run(lab, fault_project, tmp_path / "out")
        assert proc.finish() == 0, proc.transcript
    assert_scored_normally(results(tmp_path / "out"), "r1", "r2", "r3")


def test_sshd_killed_mid_run_makes_that_router_error_and_exit_3(lab: LabState, fault_project: Path, intact, tmp_path: Path) -> None:
    """r3's sshd (the listener and r3's session) dies once r3's session is open: r3 cannot be read,
    so every r3 result is an `error` saying the device closed the session — at once, not after the
    20 s --timeout — while r1 and r2 are scored. The run is incomplete: exit 3."""
    out = tmp_path / "out"
    with intact(lab):
        proc = run(lab, fault_project, out, "--timeout", "20")
        try:
            vty = session_vtysh(lab, "r3")
            os.kill(vty, signal.SIGSTOP)  # hold r3's session here: logged in, nothing answered yet
            signal_all(pids_named(lab, "r3", "sshd"), signal.SIGKILL)
            signal_all([vty], signal.SIGKILL)
            assert proc.finish() == 3, proc.transcript
        finally:
            restart(lab, "r3", "sshd")
    res = results(out)
    assert_errors_are_one_line(res, "r3", "closed the session")
    assert res["devices"]["r3"]["error"].startswith("unreachable") and res["complete"] is False
    assert_scored_normally(res, "r1", "r2")
    assert collection_seconds(out) < 20  # the closed session was noticed, not waited out


def test_ospfd_killed_mid_run_is_a_fail_of_the_ospf_check_not_an_error(lab: LabState, fault_project: Path, intact,
                                                                         tmp_path: Path) -> None:
    """r3's ospfd dies while r3's session is open. r3 still answers: vtysh reports that ospfd is not
    running, which is the router's state (a candidate can stop or never enable ospfd), not a failure
    to read it. The contract (docs/architecture.md) keeps `error` for the tool or the device failing
    to answer (unreachable, auth, timeout, unsupported) and `fail` for the candidate's outcome: so
    r3's adjacency check fails ("found 0"), its other checks pass, and the complete run exits 1.
    r1 and r2 are read within OSPF's 8 s dead interval, so they still pass."""
    out = tmp_path / "out"
    with intact(lab):
        proc = run(lab, fault_project, out)
        try:
            vty = session_vtysh(lab, "r3")
            os.kill(vty, signal.SIGSTOP)  # no OSPF answer may slip out before ospfd is dead
            signal_all(pids_named(lab, "r3", "ospfd"), signal.SIGKILL)
            wait_for(lambda: not pids_named(lab, "r3", "ospfd"), 10, "ospfd of r3 gone")
            os.kill(vty, signal.SIGCONT)
            assert proc.finish() == 1, proc.transcript
        finally:
            restart(lab, "r3", "ospfd")
    res = results(out)
    assert res["complete"] is True
    assert statuses(res, "r3") == {"hostname": "pass", "adjacencies": "fail", "links-up": "pass"}
    adjacency = next(r for r in res["results"] if r["target"] == "r3" and r["check_id"] == "adjacencies")
    assert "found 0" in adjacency["message"]
    assert_scored_normally(res, "r1", "r2")


def _tc(*args: str, ns: str | None = None, check: bool = True) -> str:
    argv = [*(["ip", "netns", "exec", ns] if ns else []), "tc", *args]
    return subprocess.run(argv, capture_output=True, text=True, check=check).stdout


def test_a_management_link_slowed_to_a_crawl_costs_a_bounded_timeout(lab: LabState, fault_project: Path, intact,
                                                                       tmp_path: Path) -> None:
    """Both ends of r3's management veth (this lab's) shaped to 8 kbit/s, --timeout 3: r3 errors
    with a timeout (during login or in its first request, whichever crawls past 3 s first) within
    PHASES x 3 s, never hanging; r1 and r2 are scored; the qdiscs are removed afterwards."""
    node = lab.nodes["r3"]
    veth = node.host_veth or ""
    assert veth.startswith("nav")  # the lab's own veth, never a host interface
    shape = ["root", "tbf", "rate", "8kbit", "burst", "1600", "latency", "5s"]
    out = tmp_path / "out"
    with intact(lab):
        _tc("qdisc", "add", "dev", veth, *shape)
        try:
            _tc("qdisc", "add", "dev", "eth0", *shape, ns=node.namespace)
            proc = run(lab, fault_project, out, "--timeout", "3")
            assert proc.finish() == 3, proc.transcript
        finally:
            _tc("qdisc", "del", "dev", veth, "root", check=False)
            _tc("qdisc", "del", "dev", "eth0", "root", ns=node.namespace, check=False)
        assert "tbf" not in _tc("qdisc", "show", "dev", veth) + _tc("qdisc", "show", "dev", "eth0", ns=node.namespace)
    res = results(out)
    assert_errors_are_one_line(res, "r3", "no prompt within 3", "timed out after 3s")
    assert_scored_normally(res, "r1", "r2")
    assert collection_seconds(out) < PHASES * 3 + 10


def test_a_router_whose_sshd_accepts_and_never_speaks_is_an_error_and_exit_3(lab: LabState, fault_project: Path, intact,
                                                                              tmp_path: Path) -> None:
    """r3's sshd stopped (SIGSTOP): the kernel still accepts the TCP connection, but no SSH banner
    ever comes. With --timeout 3 the run finishes, r3 errors as "timed out after 3s" (kind
    unreachable: no SSH session could be opened), r1 and r2 are scored, exit 3."""
    out = tmp_path / "out"
    with intact(lab), frozen(lab, "r3", "sshd"):
        proc = run(lab, fault_project, out, "--timeout", "3")
        assert proc.finish() == 3, proc.transcript
    res = results(out)
    assert_errors_are_one_line(res, "r3", "timed out after 3s")
    assert_scored_normally(res, "r1", "r2")
    assert collection_seconds(out) < PHASES * 3 + 10


def _wrote(pid: int) -> int:
    try:
        return int(dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())["wchar"])
    except (OSError, KeyError):
        return 0


def test_a_router_that_stops_answering_after_login_costs_one_timeout_not_one_per_request(
        lab: LabState, fault_project: Path, intact, tmp_path: Path) -> None:
    """r3's vtysh is frozen once it has answered past its login (SIGSTOP after 1000 bytes: the banner
    and prompts are ~400): the request in flight times out after --timeout 3 and is a `timeout` error; r3's later
    requests are not sent at all ("not collected, the session was lost") instead of each waiting
    3 s more. No r3 result is a `fail`; r1 and r2 are scored; exit 3."""
    out = tmp_path / "out"
    with intact(lab):
        proc = run(lab, fault_project, out, "--timeout", "3")
        vty = session_vtysh(lab, "r3")
        try:
            wait_for(lambda: _wrote(vty) > 1000, 30, "r3 answering past its login banner", interval=0.0005)
            os.kill(vty, signal.SIGSTOP)
            assert proc.finish() == 3, proc.transcript
        finally:
            signal_all([vty], signal.SIGKILL)
    res = results(out)
    got = statuses(res, "r3")
    assert "error" in got.values() and "fail" not in got.values(), got
    entries = json.loads((out / "snapshot.json").read_text())["devices"]["r3"]
    failed = [e for e in entries.values() if e.get("error")]
    assert failed and {e["error_kind"] for e in failed} == {"timeout"}
    first = [e for e in failed if not e["error"].startswith("not collected, the session was lost: ")]
    assert len(first) == 1 and "no prompt within 3" in first[0]["error"]  # one request waited; the rest were not sent
    assert_scored_normally(res, "r1", "r2")


def test_two_runs_at_once_on_one_lab_both_complete_with_identical_scores(lab: LabState, fault_project: Path, intact,
                                                                          tmp_path: Path) -> None:
    """Runs are read-only, so concurrency is safe (docs/engine.md): two at once each open their own
    one session per router and score alike."""
    with intact(lab):
        runs = [run(lab, fault_project, tmp_path / name) for name in ("a", "b")]
        codes = [r.finish() for r in runs]
    assert codes == [0, 0], [r.transcript for r in runs]
    a, b = results(tmp_path / "a"), results(tmp_path / "b")
    assert a["score"] == b["score"] and a["complete"] and b["complete"]
    assert [(r["check_id"], r["target"], r["status"]) for r in a["results"]] == \
           [(r["check_id"], r["target"], r["status"]) for r in b["results"]]
    for name in ("a", "b"):
        assert json.loads((tmp_path / name / "snapshot.json").read_text())["sessions"] == {"r1": 1, "r2": 1, "r3": 1}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_exits_130_at_once_and_writes_no_results(lab: LabState, fault_project: Path, intact,
                                                                     tmp_path: Path, sig: signal.Signals) -> None:
    """A run stuck on a silent r3 (sshd stopped, --timeout 60) is interrupted once collection has
    started: it exits 130 with one line well before r3's timeout, leaves no results.json or
    snapshot.json that could pass for a finished run, and leaves the lab as it was."""
    out = tmp_path / "out"
    with intact(lab), frozen(lab, "r3", "sshd"):
        proc = run(lab, fault_project, out, "--timeout", "60")
        session_vtysh(lab, "r1")
        proc.signal(sig)
        struck = time.monotonic()
        assert proc.finish(timeout=60) == 130, proc.transcript
        took = time.monotonic() - struck
    assert proc.err.strip() == "error: interrupted", proc.transcript
    assert took < 30, f"took {took:.0f}s after the signal: it waited for r3"
    assert not (out / "results.json").exists() and not (out / "snapshot.json").exists()
