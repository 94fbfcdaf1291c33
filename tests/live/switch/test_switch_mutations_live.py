"""``validate --mutate``'s changes on a real lab switch (containerlab/access-switch.clab.yml): a config
mutation goes through the ovs driver's merge and the driver's replace restores the running config;
a line the driver refuses and a config mutation on a Linux host change nothing; ``link_down`` on a
switch port takes the cable's far end down too, and brings it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netassess.errors import LabError
from netassess.lab.node_exec import run_in_node
from netassess.lab.state import LabState
from netassess.proof_change import NodeChanges
from netassess.spec.measured import RenderedMutation

pytestmark = pytest.mark.live
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def changes(lab_factory) -> Iterator[NodeChanges]:  # type: ignore[no-untyped-def]
    from netassess.collect.assign import assign_nodes
    from netassess.collect.inventory import build_nornir
    from netassess.spec.loader import load_task

    loaded = load_task(REPO / "tasks/s4-park-unused-ports.yaml")
    state: LabState = lab_factory(REPO / "containerlab" / "access-switch.clab.yml")
    nr = build_nornir(lab=state.name, topology=loaded.topology_path, interactive=False)
    yield NodeChanges(state, nr, assign_nodes(loaded, nr.inventory))
    nr.close_connections(on_good=True, on_failed=True)


def running(changes: NodeChanges, node: str) -> str:
    return str(changes.on_device(node, lambda d: d.get_config(retrieve="running")["running"]))


def carrier(changes: NodeChanges, node: str, interface: str) -> str:
    return run_in_node(changes.state, node, ["cat", f"/sys/class/net/{interface}/carrier"]).stdout.strip()


def test_a_switch_mutation_is_merged_by_its_driver_and_the_replace_restores_the_running_config(changes: NodeChanges) -> None:
    mutation = RenderedMutation("sw1", config="vlan 10 name STAFF\ninterface eth2 access 10\ninterface eth4 shutdown\n")
    saved = changes.save(mutation)
    assert saved == running(changes, "sw1") and "interface eth2 access 1\n" in (saved or "")
    changes.apply(mutation)
    now = running(changes, "sw1")
    assert "vlan 10 name STAFF" in now and "interface eth2 access 10\n" in now and "interface eth4 shutdown" in now
    changes.undo(mutation, saved)
    assert running(changes, "sw1") == saved


def test_a_line_the_switch_driver_refuses_changes_nothing_on_the_switch(changes: NodeChanges) -> None:
    before = running(changes, "sw1")
    with pytest.raises(LabError, match="ovs driver refused the mutation on sw1: .*no port 'eth9'"):
        changes.apply(RenderedMutation("sw1", config="interface eth1 shutdown\ninterface eth9 access 1\n"))
    assert running(changes, "sw1") == before


def test_a_config_mutation_on_a_linux_host_is_refused_and_changes_nothing(changes: NodeChanges) -> None:
    addresses = run_in_node(changes.state, "h1", ["ip", "-br", "addr"]).stdout
    with pytest.raises(LabError, match="linux driver of h1 cannot merge config"):
        changes.save(RenderedMutation("h1", config="ip address 192.168.10.77/24"))
    assert run_in_node(changes.state, "h1", ["ip", "-br", "addr"]).stdout == addresses


def test_link_down_on_a_switch_port_drops_the_cables_far_end_and_undo_brings_it_back(changes: NodeChanges) -> None:
    mutation = RenderedMutation("sw1", link_down="eth2")
    assert carrier(changes, "h2", "eth1") == "1"
    changes.apply(mutation)
    assert carrier(changes, "h2", "eth1") == "0"
    changes.undo(mutation, None)
    assert carrier(changes, "h2", "eth1") == "1"
