"""A built-in lab's Nornir inventory verifies host keys against the lab's known_hosts, for NAPALM
(the drivers' known_hosts option) and netmiko (its own strict-host-key options) alike."""

from __future__ import annotations

from netassess.lab.inventory import nornir_inventory
from netassess.lab.state import Credentials, LabState, NodeState


def lab(known_hosts: str | None) -> LabState:
    nodes = {
        "r1": NodeState(name="r1", kind="router", platform="frr", namespace="clab-hk-r1", mgmt_ipv4="172.30.9.11"),
        "h1": NodeState(name="h1", kind="host", platform="linux", namespace="clab-hk-h1", mgmt_ipv4="172.30.9.21"),
    }
    return LabState(name="hk", topology="/x/t.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24", nodes=nodes,
                    credentials=Credentials(key_file="/labs/hk/id_ed25519", known_hosts=known_hosts))


def test_napalm_and_netmiko_options_of_both_platforms_name_the_labs_known_hosts() -> None:
    groups = nornir_inventory(lab("/labs/hk/known_hosts"))["groups"]
    for group in ("platform_frr", "platform_linux"):
        options = groups[group]["connection_options"]
        assert options["napalm"]["extras"]["optional_args"]["known_hosts"] == "/labs/hk/known_hosts"
        netmiko = options["netmiko"]["extras"]
        assert (netmiko["ssh_strict"], netmiko["system_host_keys"], netmiko["alt_host_keys"],
                netmiko["alt_key_file"]) == (True, False, True, "/labs/hk/known_hosts")
        assert netmiko["key_file"] == "/labs/hk/id_ed25519"


def test_lab_without_known_hosts_leaves_host_key_options_unset() -> None:
    groups = nornir_inventory(lab(None))["groups"]
    options = groups["platform_frr"]["connection_options"]
    assert "known_hosts" not in options["napalm"]["extras"]["optional_args"]
    assert not {"ssh_strict", "alt_host_keys", "alt_key_file"} & set(options["netmiko"]["extras"])


def test_written_inventory_hands_nornir_the_host_key_options(nornir_of) -> None:  # type: ignore[no-untyped-def]
    nr = nornir_of(lab("/labs/hk/known_hosts"))
    h1 = nr.inventory.hosts["h1"]
    assert h1.get_connection_parameters("napalm").extras["optional_args"]["known_hosts"] == "/labs/hk/known_hosts"
    assert h1.get_connection_parameters("netmiko").extras["alt_key_file"] == "/labs/hk/known_hosts"
