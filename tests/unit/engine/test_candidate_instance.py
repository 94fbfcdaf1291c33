"""A candidate's run uses their own generated instance, records its parameters with the secrets
masked, and re-scoring the snapshot re-derives the same instance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from engine_fakes import FakeDevices, write_inventory
from engine_project import write_project
from test_engine_cli import cli

from netassess.spec.loader import load_task

COHORT = "spring-2027-cohort-secret"


def _project(tmp_path: Path) -> Path:
    checks = [
        {"id": "eth1-up", "type": "engine_fake_value", "targets": ["all"], "args": {"key": "eth1", "expect": True}, "points": 2},
        {"id": "keyed", "type": "engine_fake_command", "targets": ["edge"], "points": 1, "skills": ["S4"],
         "args": {"command": "show key-ring {{ lab_key }}", "contains": "active"}},
    ]
    task = write_project(tmp_path / "proj", checks=checks)
    data = yaml.safe_load(task.read_text())
    data["parameters"] = {
        "lab_key": {"type": "secret", "default": "DefaultKey1", "generate": {"generator": "password", "args": {"length": 12}}},
        "block": {"type": "ipv4_network", "default": "10.0.0.0/24",
                  "generate": {"generator": "ipv4_block", "args": {"pool": "10.0.0.0/8", "prefixlen": 24}}},
    }
    task.write_text(yaml.safe_dump(data, sort_keys=False))
    return task


def _farm(tmp_path: Path, devices: FakeDevices, key: str) -> Path:
    """Three fake routers; r1's key ring answers only to ``key``."""
    devices.add("r1", values={"interfaces": {"eth1": True}}, commands={f"show key-ring {key}": "ring active"})
    devices.add("r2", values={"interfaces": {"eth1": True, "eth2": True}})
    devices.add("r3", values={"interfaces": {"eth1": True}})
    return write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in ("r1", "r2", "r3")})


def test_a_candidate_run_records_their_instance_with_secrets_masked_and_rescoring_agrees(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", COHORT)
    task = _project(tmp_path)
    mine = load_task(task, candidate="ann")
    key = mine.params["lab_key"]
    inventory = _farm(tmp_path, devices, key)
    out, rescored = tmp_path / "out", tmp_path / "rescored"

    assert cli(monkeypatch, "run", task, "-i", inventory, "-o", out, "--candidate", "ann", "--format", "json") == 0
    results = json.loads((out / "results.json").read_text())
    assert results["candidate"] == "ann"
    assert results["parameters"] == {"lab_key": "<removed>", "block": str(mine.params["block"])}
    assert {r["check_id"]: r["status"] for r in results["results"]}["keyed"] == "pass"  # the device was asked with ann's key
    assert key not in (out / "results.json").read_text() + (out / "snapshot.json").read_text()

    assert cli(monkeypatch, "score", out / "snapshot.json", task, "-o", rescored, "--format", "json") == 0
    again = json.loads((rescored / "results.json").read_text())
    assert again["candidate"] == "ann" and again["score"] == results["score"]


def test_another_candidate_is_judged_on_their_own_instance(tmp_path: Path, devices: FakeDevices,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", COHORT)
    task = _project(tmp_path)
    anns_key = load_task(task, candidate="ann").params["lab_key"]
    inventory = _farm(tmp_path, devices, anns_key)
    # bob copied ann's configuration: his instance has another key, so the keyed check cannot pass
    assert cli(monkeypatch, "run", task, "-i", inventory, "-o", tmp_path / "bob", "--candidate", "bob", "--format", "json") != 0
    results = json.loads((tmp_path / "bob" / "results.json").read_text())
    assert {r["check_id"]: r["status"] for r in results["results"]}["keyed"] != "pass"
