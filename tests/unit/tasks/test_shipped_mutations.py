"""The declared mutations of every shipped task (``validate --live --mutate``), checked offline.

The live proof runs each task with its default parameters only, so a mutation's Jinja that picks
the wrong address for some candidate's instance would go unnoticed until that instance is proven,
and a typo shows only minutes into a live run. Here, for the defaults and several candidates'
instances, every config mutation on an FRR node must parse in FRR's own parser (``vtysh -m``), and
each ``no …`` line must undo a line (or, in FRR's short form, the start of one) the node's setup or
solution stage really configures:
otherwise FRR refuses the mutation (an error) or, worse, removes nothing and the check is
"proven" by something else.
"""

from __future__ import annotations

import os

import pytest
from ios_render import TASKS
from test_shipped_frr_syntax import VTYSH, frr_parse

from netassess.spec.loaded import LoadedTask
from netassess.spec.loader import load_task
from netassess.spec.stages import render_stage, stage_nodes

COHORT = "catalogue-test-cohort-secret"
CANDIDATES = (None, "apprentice-001", "apprentice-002", "apprentice-003", "apprentice-004", "apprentice-005")
WITH_MUTATIONS = [p for p in sorted(TASKS.glob("*.yaml")) if load_task(p).mutations]
needs_vtysh = pytest.mark.skipif(not os.path.exists(VTYSH), reason="vtysh (Debian package frr) is not installed")


def frr_mutations(loaded: LoadedTask) -> list[tuple[str, str, str]]:
    """(check id, node, rendered config) of each config mutation typed into an FRR node."""
    return [(check_id, m.node, m.config) for check_id, ms in loaded.mutations.items() for m in ms
            if m.config is not None and loaded.topology.nodes[m.node].platform == "frr"]


def configured_lines(loaded: LoadedTask, node: str) -> set[str]:
    """Every line the node's FRR setup and solution stages configure, stripped of indentation."""
    out: set[str] = set()
    for stage in ("setup", "solution"):
        if node in stage_nodes(loaded, stage, "frr"):
            out |= {ln.strip() for ln in (render_stage(loaded, stage, node, "frr") or "").splitlines()}
    return out


def undone_lines(config: str) -> list[str]:
    return [ln.strip()[3:] for ln in config.splitlines() if ln.strip().startswith("no ")]


def undoes(line: str, have: set[str]) -> bool:
    """``no <line>`` removes a configured line: the same, or one it starts (FRR's short ``no`` forms,
    e.g. ``no neighbor X password`` for ``neighbor X password SECRET``)."""
    return any(h == line or h.startswith(line + " ") for h in have)


def test_configured_lines_hold_the_solutions_address_not_a_mutated_one() -> None:
    loaded = load_task(TASKS / "s13-vlsm-triangle.yaml")
    assert "ip address 10.40.0.97/28" in configured_lines(loaded, "r3")
    assert "ip address 10.40.0.97/29" not in configured_lines(loaded, "r3")


def test_every_shipped_task_declares_mutations() -> None:
    assert {p.stem for p in WITH_MUTATIONS} == {p.stem for p in TASKS.glob("*.yaml")}


@pytest.mark.parametrize("path", WITH_MUTATIONS, ids=lambda p: p.stem)
def test_every_candidates_mutation_removes_only_what_the_stages_configured(path, monkeypatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", COHORT)
    for candidate in CANDIDATES:
        loaded = load_task(path, candidate=candidate)
        for check_id, node, config in frr_mutations(loaded):
            have = configured_lines(loaded, node)
            for line in undone_lines(config):
                assert undoes(line, have), f"{candidate or 'defaults'} {check_id} on {node}: 'no {line}' " \
                                     "undoes nothing the stages configure"


@needs_vtysh
def test_frr_parser_refuses_a_misspelt_mutation() -> None:
    done = frr_parse("router ospf\n no netwrk 10.0.0.0/30 area 0\n")
    assert done.returncode != 0 and "Unknown command" in done.stdout + done.stderr


@needs_vtysh
@pytest.mark.parametrize("path", WITH_MUTATIONS, ids=lambda p: p.stem)
def test_every_frr_mutation_is_a_change_frr_accepts(path, monkeypatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", COHORT)
    for loaded in (load_task(path), load_task(path, candidate="apprentice-001")):
        for check_id, node, config in frr_mutations(loaded):
            assert config.strip(), f"{check_id} on {node}: the mutation renders to nothing"
            done = frr_parse(config)
            assert done.returncode == 0, f"{check_id} on {node}: {done.stdout}{done.stderr}"
