"""The declared mutations of every shipped task (``validate --live --mutate``), checked offline.

The live proof runs each task with its default parameters only, so a mutation's Jinja that
picks the wrong address for some candidate's instance would go unnoticed until that instance
is proven. Here every candidate's mutations are rendered and each ``no …`` line must undo a line
the node's setup or solution stage really configures: otherwise FRR refuses the mutation (an
error) or, worse, removes nothing and the check is "proven" by something else.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from ios_render import TASKS

from netassess.spec.loader import load_task
from netassess.spec.stages import render_stage, stage_nodes

COHORT = "catalogue-test-cohort-secret"
CANDIDATES = (None, "apprentice-001", "apprentice-002", "apprentice-003", "apprentice-004", "apprentice-005")
VTYSH = shutil.which("vtysh") or "/usr/bin/vtysh"
WITH_MUTATIONS = [p for p in sorted(TASKS.glob("*.yaml")) if load_task(p).mutations]


def configured_lines(loaded, node: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Every line the node's FRR setup and solution stages configure, stripped of indentation."""
    out: set[str] = set()
    for stage in ("setup", "solution"):
        if node in stage_nodes(loaded, stage, "frr"):
            out |= {ln.strip() for ln in (render_stage(loaded, stage, node, "frr") or "").splitlines()}
    return out


def undone_lines(config: str) -> list[str]:
    return [ln.strip()[3:] for ln in config.splitlines() if ln.strip().startswith("no ")]


def test_configured_lines_hold_the_solutions_address_not_a_mutated_one() -> None:
    loaded = load_task(TASKS / "s13-vlsm-triangle.yaml")
    assert "ip address 10.40.0.97/28" in configured_lines(loaded, "r3")
    assert "ip address 10.40.0.97/29" not in configured_lines(loaded, "r3")


def test_the_mutated_tasks_include_the_s2_and_s13_catalogue() -> None:
    names = {p.stem for p in WITH_MUTATIONS}
    assert {"s13-vlsm-triangle", "s13-ipv6-dual-stack-triangle", "s2-ebgp-provider-line"} <= names


@pytest.mark.parametrize("path", WITH_MUTATIONS, ids=lambda p: p.stem)
def test_every_candidates_mutation_removes_only_what_the_stages_configured(path, monkeypatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", COHORT)
    for candidate in CANDIDATES:
        loaded = load_task(path, candidate=candidate)
        for check_id, mutations in loaded.mutations.items():
            for mutation in mutations:
                if mutation.config is None:
                    continue
                have = configured_lines(loaded, mutation.node)
                for line in undone_lines(mutation.config):
                    assert line in have, f"{candidate or 'defaults'} {check_id} on {mutation.node}: 'no {line}' " \
                                         "undoes nothing the stages configure"


@pytest.mark.skipif(not os.path.exists(VTYSH), reason="vtysh (Debian package frr) is not installed")
@pytest.mark.parametrize("path", WITH_MUTATIONS, ids=lambda p: p.stem)
def test_every_config_mutation_is_text_frr_parses(path) -> None:
    for check_id, mutations in load_task(path).mutations.items():
        for mutation in mutations:
            if mutation.config is None:
                continue
            done = subprocess.run([VTYSH, "-m", "-f", "-"], input=mutation.config, capture_output=True, text=True,
                                  timeout=30)
            assert done.returncode == 0, f"{check_id} on {mutation.node}: {done.stdout}{done.stderr}"
