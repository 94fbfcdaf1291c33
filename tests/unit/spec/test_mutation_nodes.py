"""Which nodes a mutation may name: any node of the topology (router, switch or host), each
``link_down`` on one of that node's links; how its config is applied is decided at proof time."""

from __future__ import annotations

from pathlib import Path

from netassess.spec.loader import load_task
from netassess.spec.measured import RenderedMutation, render_mutations
from netassess.spec.models import Mutation

REPO = Path(__file__).parents[3]


def test_switch_router_and_host_mutations_load_and_an_unknown_node_or_link_is_a_problem_naming_the_choices() -> None:
    topology = load_task(REPO / "tasks/s2-vlans-two-switches.yaml").topology
    mutations = [Mutation(node="sw1", config="interface eth4 access {{ vlan }}"), Mutation(node="r1", link_down="eth2"),
                 Mutation(node="h3", link_down="eth1"), Mutation(node="sw9", config="vlan 5 name X"),
                 Mutation(node="sw2", link_down="eth7")]
    rendered, problems = render_mutations(mutations, topology, {"vlan": 10}, ("checks", 0))
    assert rendered == [RenderedMutation("sw1", config="interface eth4 access 10"), RenderedMutation("r1", link_down="eth2"),
                        RenderedMutation("h3", link_down="eth1")]
    assert problems == [
        (("checks", 0, "mutations", 3, "node"), "'sw9' is not a node of the topology (nodes: h1, h2, h3, h4, r1, sw1, sw2)"),
        (("checks", 0, "mutations", 4, "link_down"), "sw2 has no link on 'eth7' (its links: eth1, eth2, eth3)"),
    ]


def test_every_check_of_the_switching_tasks_declares_a_mutation() -> None:
    for name in ("s2-vlans-two-switches", "s4-park-unused-ports"):
        loaded = load_task(REPO / f"tasks/{name}.yaml")
        assert [c.id for c in loaded.checks if not loaded.mutations.get(c.id)] == [], name
