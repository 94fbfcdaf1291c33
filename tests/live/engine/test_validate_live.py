"""`netassess validate --live` on real routers: each check proven to fail on setup and pass on the
solution, problems named with exit 2, JUnit for CI, and no lab left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from netassess.lab.state import list_labs

pytestmark = pytest.mark.live


def task(task_id: str, want_description: str) -> dict:
    return {
        "apiVersion": "netassess/v1", "kind": "Task", "id": task_id, "title": "Describe the link", "version": "1",
        "skills": ["S2"], "brief": "Describe eth1 on both routers.", "topology": "../containerlab/line.clab.yml",
        "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
                   "solution": {"templates": {"frr": "templates/frr/describe.j2"}}},
        "checks": [
            {"id": "describe", "type": "interface_description", "args": {"descriptions": {"eth1": want_description}}},
            {"id": "hostname", "type": "hostname"},  # already right on setup: passes, proves nothing
        ],
        "scoring": {"pass_mark": 50, "distinction_mark": 90},
    }


@pytest.fixture(scope="module")
def project(task_project, lab_factory) -> Path:  # type: ignore[no-untyped-def]
    """lab_factory: the session's private state dir (exported to the CLI) and the live-lab prerequisites."""
    refused = task("prove-refused", "to the other router")
    refused["stages"]["solution"]["templates"]["frr"] = "templates/frr/refused.j2"
    root = task_project(task("prove-ok", "to the other router"), task("prove-bad", "to the core"), refused)
    (root / "templates" / "frr" / "describe.j2").write_text("interface eth1\n description to the other router\nexit\n")
    (root / "templates" / "frr" / "refused.j2").write_text("interface eth1\n no-such-command here\nexit\n")
    return root


@pytest.fixture
def validate_live(free_subnet):  # type: ignore[no-untyped-def]
    """`netassess validate --live` in the project, on a free management /24 (never the topology's fixed one)."""
    def run(project: Path, *args: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "netassess", "validate", "--live", "--mgmt-subnet", free_subnet(),
                               *map(str, args)], cwd=project, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "COLUMNS": "200"}, check=False)  # the tests judge the exit code

    return run


def no_proof_labs_left() -> bool:
    return not [s.name for s in list_labs() if s.name.startswith("prove-")]


def test_a_sound_task_is_proven_with_the_check_that_cannot_fail_named(project: Path, tmp_path: Path, validate_live) -> None:
    proc = validate_live(project, "tasks/prove-ok.yaml", "--junit", tmp_path / "proof.xml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "describe@r1: setup fail, solution pass: proven" in proc.stdout
    assert "describe@r2: setup fail, solution pass: proven" in proc.stdout
    assert "warn prove-ok: hostname@r1: setup pass, solution pass: passes on setup" in proc.stdout
    assert "2 of 4 checks proven" in proc.stdout and "--strict makes that an error" in proc.stdout
    suite = ET.parse(tmp_path / "proof.xml").getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "0", "2")
    assert no_proof_labs_left()


def test_strict_makes_a_check_that_never_fails_an_error(project: Path, validate_live) -> None:
    proc = validate_live(project, "tasks/prove-ok.yaml", "--strict")
    assert proc.returncode == 2 and "2 never seen failing" in proc.stderr
    assert no_proof_labs_left()


def test_a_solution_that_does_not_pass_is_a_task_error(project: Path, validate_live) -> None:
    proc = validate_live(project, "tasks/prove-bad.yaml", "--late", "12")  # re-checked for seconds, not 2 minutes
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ("describe@r1: setup fail, solution fail: fails on solution: eth1: expected description matching "
            "'to the core', found 'to the other router'") in proc.stdout
    assert "2 check(s) the solution does not pass" in proc.stderr
    assert "re-checking until 12 s after the push" in proc.stdout
    assert no_proof_labs_left()


def test_a_task_whose_stage_is_refused_is_reported_and_the_others_are_still_proven(
        project: Path, tmp_path: Path, validate_live) -> None:
    proc = validate_live(project, "tasks/prove-refused.yaml", "tasks/prove-ok.yaml", "--junit", tmp_path / "proof.xml")
    assert proc.returncode == 5, proc.stdout + proc.stderr  # a device refused a stage: exit 5, as `push`
    assert "FAIL prove-refused: not proven:" in proc.stdout and "no-such-command" in proc.stdout
    assert "ok   prove-ok: describe@r1: setup fail, solution pass: proven" in proc.stdout
    assert "1 of 2 task(s) could not be proven (prove-refused)" in proc.stderr
    suites = {s.get("name"): s for s in ET.parse(tmp_path / "proof.xml").getroot().iter("testsuite")}
    assert suites["prove-refused"].get("errors") == "1" and suites["prove-ok"].get("errors") == "0"
    assert no_proof_labs_left()
