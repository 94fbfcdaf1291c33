"""Every config mutation of every shipped task, on an FRR node, is a change FRR's parser accepts
(``vtysh -m``), for the default parameters and for a candidate's own instance. A typo in a
mutation otherwise shows only in a live ``validate --mutate`` run, minutes into the proof."""

from __future__ import annotations

import os

import pytest
from ios_render import TASKS
from test_shipped_frr_syntax import VTYSH, frr_parse

from netassess.spec.loaded import LoadedTask
from netassess.spec.loader import load_task

pytestmark = pytest.mark.skipif(not os.path.exists(VTYSH), reason="vtysh (Debian package frr) is not installed")

WITH_MUTATIONS = [p for p in sorted(TASKS.glob("*.yaml")) if load_task(p).mutations]


def frr_mutations(loaded: LoadedTask) -> list[tuple[str, str]]:
    """(check id, rendered config) of each config mutation typed into an FRR node."""
    return [(check_id, m.config) for check_id, ms in loaded.mutations.items() for m in ms
            if m.config is not None and loaded.topology.nodes[m.node].platform == "frr"]


def test_frr_parser_refuses_a_misspelt_mutation() -> None:
    done = frr_parse("router ospf\n no netwrk 10.0.0.0/30 area 0\n")
    assert done.returncode != 0 and "Unknown command" in done.stdout + done.stderr


@pytest.mark.parametrize("path", WITH_MUTATIONS, ids=lambda p: p.stem)
def test_every_frr_mutation_is_a_change_frr_accepts(path, monkeypatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", "catalogue-test-cohort-secret")
    for loaded in (load_task(path), load_task(path, candidate="apprentice-001")):
        for check_id, config in frr_mutations(loaded):
            assert config.strip(), f"{check_id}: the mutation renders to nothing"
            done = frr_parse(config)
            assert done.returncode == 0, f"{check_id}: {done.stdout}{done.stderr}"
