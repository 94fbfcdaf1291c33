"""A node running lldpd hands NAPALM its lldpcli command; every other connection option stays the group's."""

from __future__ import annotations

from netassess.lab.state import Credentials, LabState, NodeState

LLDPCLI = "/opt/netassess/lldpd/bin/lldpcli -u /run/lldpd/lldpd.socket"


def lab() -> LabState:
    nodes = {
        "r1": NodeState(name="r1", kind="router", platform="frr", namespace="clab-l-r1", mgmt_ipv4="172.30.9.11",
                        lldpcli=LLDPCLI),
        "r2": NodeState(name="r2", kind="router", platform="frr", namespace="clab-l-r2", mgmt_ipv4="172.30.9.12"),
        "h1": NodeState(name="h1", kind="host", platform="linux", namespace="clab-l-h1", mgmt_ipv4="172.30.9.21",
                        lldpcli=LLDPCLI),
    }
    return LabState(name="l", topology="/x/t.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24", nodes=nodes,
                    credentials=Credentials(key_file="/labs/l/id_ed25519", known_hosts="/labs/l/known_hosts"))


def test_nornir_resolves_lldpcli_for_lldp_nodes_only_and_keeps_the_group_options(nornir_of) -> None:  # type: ignore[no-untyped-def]
    nr = nornir_of(lab())
    args = {name: nr.inventory.hosts[name].get_connection_parameters("napalm") for name in ("r1", "r2", "h1")}
    assert args["r1"].extras["optional_args"] == {**args["r2"].extras["optional_args"], "lldpcli": LLDPCLI}
    assert "lldpcli" not in args["r2"].extras["optional_args"]
    assert args["h1"].extras["optional_args"]["lldpcli"] == LLDPCLI and "shell" not in args["h1"].extras["optional_args"]
    assert args["r1"].extras["optional_args"]["known_hosts"] == "/labs/l/known_hosts"
    # netassess_linux: NAPALM's name for netassess's Linux driver
    assert (args["r1"].platform, args["h1"].platform, args["r1"].username) == ("frr", "netassess_linux", "netassess")
