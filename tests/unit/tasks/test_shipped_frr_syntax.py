"""Every FRR stage of every shipped task, rendered for every node, passes FRR's own parser
(``vtysh -m``, which marks a config file without any daemon running)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from ios_render import TASKS

from netassess.spec.loader import load_task
from netassess.spec.stages import render_stage, stage_nodes

VTYSH = shutil.which("vtysh") or "/usr/bin/vtysh"
pytestmark = pytest.mark.skipif(not os.path.exists(VTYSH), reason="vtysh (Debian package frr) is not installed")


def frr_parse(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VTYSH, "-m", "-f", "-"], input=text, capture_output=True, text=True, timeout=30)


def test_frr_parser_refuses_a_misspelt_line() -> None:
    done = frr_parse("interface eth1\n ip adress 10.0.0.1/30\nexit\n")
    assert done.returncode != 0 and "Unknown command" in done.stdout + done.stderr


WITH_FRR = [p for p in sorted(TASKS.glob("*.yaml")) if "frr" in load_task(p).stage("setup").templates]  # switch tasks have none


@pytest.mark.parametrize("path", WITH_FRR, ids=lambda p: p.stem)
def test_every_frr_stage_renders_to_config_frr_accepts(path) -> None:
    loaded = load_task(path)
    checked = 0
    for stage in ("setup", "solution"):
        for node in stage_nodes(loaded, stage, "frr"):
            text = render_stage(loaded, stage, node, "frr")
            assert text is not None
            done = frr_parse(text)
            assert done.returncode == 0, f"{stage} for {node}: {done.stdout}{done.stderr}"
            checked += 1
    assert checked >= 3  # a two-router task whose solution changes one router


@pytest.mark.parametrize("path", sorted(TASKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_frr_stage_of_a_candidates_instance_renders_to_config_frr_accepts(path, monkeypatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", "catalogue-test-cohort-secret")
    for candidate in ("apprentice-001",):
        loaded = load_task(path, candidate=candidate)
        for stage in ("setup", "solution"):
            for node in stage_nodes(loaded, stage, "frr"):
                done = frr_parse(render_stage(loaded, stage, node, "frr") or "")
                assert done.returncode == 0, f"{candidate} {stage} {node}: {done.stdout}{done.stderr}"
