"""Booting a task lab into its setup stage leaves the routers running exactly what pushing the
setup stage onto a bare lab leaves, and an assessment judges both alike (issue 13: pods up fast)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest

from netassess.assessment import run_assessment
from netassess.collect.inventory import build_nornir
from netassess.lab.node_exec import vtysh
from netassess.lab.runtime import get_runtime
from netassess.pods import push_setup, task_lab_up
from netassess.spec.catalog import find_task
from netassess.spec.loader import load_task

pytestmark = pytest.mark.live


def running(state: Any) -> dict[str, str]:
    return {node: vtysh(state, node, "show running-config") for node in sorted(state.nodes)}


def judged(loaded: Any, lab: str, out: Path) -> list[tuple[str, str, str, str]]:
    nr = build_nornir(lab=lab, topology=loaded.topology_path, interactive=False)
    result = run_assessment(loaded, nr, mode="assess", output=out, max_wait=0).result  # the setup is static: no waits
    return sorted((r.check_id, r.target, r.status.value, r.message) for r in result.results)


def merge_task(task_id: str) -> dict[str, Any]:
    return {
        "apiVersion": "netassess/v1", "kind": "Task", "id": task_id, "title": "Merge setup", "version": "1",
        "skills": ["S2"], "brief": "b", "topology": "../containerlab/triangle.clab.yml",
        "stages": {"setup": {"templates": {"frr": "templates/frr/merge.j2"}, "mode": "merge"},
                   "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
        "checks": [{"id": "hostname", "type": "hostname", "targets": ["all"]},
                   {"id": "links-up", "type": "interface_up", "targets": ["all"], "args": {"interfaces": ["eth1"]}}],
        "scoring": {"pass_mark": 60},
    }


@pytest.mark.parametrize("kind", ["replace", "merge"])
def test_a_lab_booted_into_its_setup_runs_and_scores_the_same_as_one_that_had_it_pushed(
        kind: str, lab_state_dir: Path, lab_factory: Any, task_project: Any, tmp_path: Path) -> None:
    if kind == "replace":
        loaded = load_task(find_task("s2-ospf-triangle"))  # the shipped stage, as pods run it
    else:
        root = task_project(merge_task(f"merge{secrets.token_hex(2)}"))
        (root / "templates" / "frr" / "merge.j2").write_text(
            "interface eth1\n description set up by {{ task.id }}\n shutdown\nexit\n!\n")
        loaded = load_task(next((root / "tasks").glob("*.yaml")))
    booted_name = f"tb{secrets.token_hex(3)}"
    try:
        booted, created = task_lab_up(loaded, booted_name, own_subnet=True)
        assert created
        pushed = lab_factory(loaded.topology_path)  # bare, then the setup pushed as before
        push_setup(loaded, pushed)
        configs = running(booted)
        assert configs == running(pushed)
        if kind == "merge":  # the topology's own startup config (full OSPF), then the stage on top
            assert "description set up by" in configs["r1"] and "router ospf" in configs["r1"]
        else:  # the stage alone: links described, nothing addressed, no routing
            assert "description to r2" in configs["r1"] and "router ospf" not in configs["r1"]
        assert judged(loaded, booted_name, tmp_path / "booted") == judged(loaded, pushed.name, tmp_path / "pushed")
    finally:
        get_runtime("netns").down(booted_name)
