"""`validate --live --mutate --strict`'s verdict when a check passes on setup by design (a guard such
as "the PC still reaches the printer"): one of its own mutations breaking it shows it can fail; no
lab here, the proof is handed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_project import cli  # the farm's in-process CLI runner
from test_proof import result  # the sibling module's CheckResult builder

from netassess.proof import TaskProof, pair_results
from netassess.proof_mutate import MutationProof
from netassess.results import CheckResult, Status
from netassess.spec.measured import RenderedMutation

REPO = Path(__file__).resolve().parents[3]


def proof_with(broke: bool) -> Any:
    def prove(loaded: Any, **_: Any) -> TaskProof:
        setup: list[CheckResult] = [result("parked", Status.FAIL, "sw1"), result("printer", Status.PASS, "h1")]
        solution = [result("parked", Status.PASS, "sw1"), result("printer", Status.PASS, "h1")]
        proof = TaskProof(loaded.task.id, Path(loaded.path), "prove-x", pair_results(setup, solution), seconds=1)
        proof.mutations = [MutationProof("parked", RenderedMutation("sw1", config="interface eth3 access 10"), broke=True),
                           MutationProof("printer", RenderedMutation("sw1", link_down="eth2"), broke=broke)]
        return proof

    return prove


def validate(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], broke: bool) -> tuple[int, str]:
    monkeypatch.setattr("netassess.proof.prove_task", proof_with(broke))
    monkeypatch.setenv("COLUMNS", "250")
    code = cli(monkeypatch, "validate", "--live", "--mutate", "--strict", REPO / "tasks/s4-park-unused-ports.yaml")
    return code, capsys.readouterr().out


def test_a_guard_check_broken_by_its_own_mutation_is_proven_and_strict_passes(monkeypatch, capsys) -> None:
    code, out = validate(monkeypatch, capsys, broke=True)
    assert code == 0, out
    assert "ok   s4-park-unused-ports: printer@h1: setup pass, solution pass: passes on setup" in out
    assert "shown failing by its own mutation" in out and "every check passes on the solution" in out


def test_a_guard_check_its_mutation_does_not_break_fails_strict_with_exit_2(monkeypatch, capsys) -> None:
    code, out = validate(monkeypatch, capsys, broke=False)
    assert code == 2
    assert "warn s4-park-unused-ports: printer@h1" in out and "no mutation breaks: s4-park-unused-ports/printer" in out
