"""Switch nodes in the built-in lab: which topology nodes become Open vSwitch switches, what they
run on, who may drive them, how they boot, and what ``down`` may kill."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netassess.errors import SpecError
from netassess.lab import switch
from netassess.lab.image_map import ImageCatalogue, plan_images
from netassess.lab.images import BUILTIN_IMAGES
from netassess.lab.inventory import nornir_inventory
from netassess.lab.node_files import LabAccounts, NodePaths, anchor_script, write_accounts
from netassess.lab.rootfs import NodeRoot
from netassess.lab.state import LabState, NodeState
from netassess.lab.teardown import is_node_process
from netassess.lab.topology import load_topology

ACCOUNTS = LabAccounts("admin", "$6$salt$hash", "netassess", "ssh-ed25519 AAAAC3Nza lab")
SHIPPED = Path(__file__).resolve().parents[3] / "containerlab"


def topology(tmp_path: Path, sw1: str = "{kind: ovs-bridge}", startup: str | None = None):  # type: ignore[no-untyped-def]
    if startup is not None:
        (tmp_path / "sw1.cfg").write_text(startup)
        sw1 = "{kind: ovs-bridge, startup-config: sw1.cfg}"
    path = tmp_path / "lab.clab.yml"
    path.write_text(textwrap.dedent(f"""
        name: t
        topology:
          nodes:
            sw1: {sw1}
            sw2: {{kind: linux, image: docker.io/openvswitch/ovs:3.1}}
            sw3: {{kind: linux, labels: {{netassess.role: switch}}}}
            h1: {{kind: linux, image: ghcr.io/hellt/network-multitool}}
          links:
            - endpoints: ["h1:eth1", "sw1:eth1"]
            - endpoints: ["sw1:eth2", "sw2:eth1"]
            - endpoints: ["sw2:eth2", "sw3:eth1"]
        """))
    return load_topology(path, runtime="netns")


def test_ovs_bridge_kind_an_openvswitch_image_or_the_switch_label_make_a_switch(tmp_path: Path) -> None:
    topo = topology(tmp_path)
    assert [(n.name, n.role, n.platform) for n in topo.switches()] == [("sw1", "switch", "ovs"), ("sw2", "switch", "ovs"),
                                                                       ("sw3", "switch", "ovs")]
    assert topo.nodes["h1"].role == "host"


def test_switches_run_on_the_ovs_image_and_never_on_the_hosts_filesystem(tmp_path: Path) -> None:
    topo = topology(tmp_path)
    plan, _ = plan_images(list(topo.nodes.values()), ImageCatalogue())
    assert plan["sw1"] == BUILTIN_IMAGES["ovs"] and "openvswitch-switch" in BUILTIN_IMAGES["ovs"].packages
    with pytest.raises(SpecError, match="node sw1: a switch needs the ovs image; it cannot be mapped to hostfs"):
        switch.check_switches(topo, {**plan, "sw1": None})


def test_a_bad_startup_line_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    topo = topology(tmp_path, startup="vlan 10 name USERS\ninterface eth7 access 10\n")
    plan, _ = plan_images(list(topo.nodes.values()), ImageCatalogue())
    with pytest.raises(SpecError, match=r"node sw1: startup config .*sw1.cfg: line 2 .*no port 'eth7' \(ports: eth1, eth2\)"):
        switch.check_switches(topo, plan)


def test_boot_makes_a_userspace_bridge_of_the_lab_links_then_applies_the_startup_config(tmp_path: Path) -> None:
    topo = topology(tmp_path, startup="vlan 10 name USERS\ninterface eth1 access 10\ninterface eth2 shutdown\n")
    lines = switch.boot_lines(topo, topo.nodes["sw1"], tmp_path)
    text = "\n".join(lines)
    assert "datapath_type=netdev" in text and "add-port br0 eth1" in text and "add-port br0 eth2" in text
    assert "chgrp openvswitch /run/openvswitch && chmod 2770 /run/openvswitch" in lines[0]
    assert "(umask 007; exec ovsdb-server" in text and "(umask 007; exec ovs-vswitchd" in text
    assert "other_config:userspace-tso-enable=true" in text  # else TCP from veths with offloaded checksums dies
    assert f"--log-file={tmp_path}/ovs-vswitchd.log" in text  # what `down` recognises the daemon by
    assert "external_ids:netassess-vlan-10=USERS" in text and "tag=10" in text
    assert lines[-1].startswith("ovs-ofctl mod-port br0 eth2 down ")
    assert text.index("add-br") < text.index("netassess-vlan-10") < text.index("mod-port")


def test_both_lab_users_join_the_switchs_private_openvswitch_group_and_log_in_to_bash(tmp_path: Path) -> None:
    topo = topology(tmp_path)
    node_dir = tmp_path / "nodes" / "sw1"
    node_dir.mkdir(parents=True)
    paths = NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr")
    write_accounts(topo.nodes["sw1"], paths, ACCOUNTS)
    groups = {line.split(":")[0]: line.split(":") for line in (node_dir / "group").read_text().splitlines()}
    passwd = {line.split(":")[0]: line.split(":") for line in (node_dir / "passwd").read_text().splitlines()}
    assert groups["openvswitch"][3] == "admin,netassess" and int(groups["openvswitch"][2]) >= 61000
    assert passwd["admin"][6] == "/bin/bash"
    write_accounts(topo.nodes["h1"], NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr"), ACCOUNTS)
    assert "openvswitch:" not in (node_dir / "group").read_text()  # hosts have no switch to drive


def test_the_anchor_binds_the_switchs_socket_dir_and_gives_it_a_tun_device(tmp_path: Path) -> None:
    topo = topology(tmp_path)
    node_dir = tmp_path / "lab" / "nodes" / "sw1"
    root = NodeRoot(tmp_path / "image", node_dir, tmp_path / "lab")
    paths = NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr", root)
    node_dir.mkdir(parents=True)
    script = anchor_script(topo.nodes["sw1"], paths, ovs_run=switch.run_dir(node_dir))
    fstab = (node_dir / "fstab").read_text()
    assert f"{node_dir}/run-ovs {root.merged}/run/openvswitch none bind,X-mount.mkdir 0 0\n" in fstab
    # the tun device is bound into the empty /dev before the second stage mounts anything over it
    assert script.index(f"mount --bind /dev/net/tun {root.merged}/dev/net/tun\n") < script.index(f"--fstab {node_dir}/fstab\n")
    assert "/dev/net/tun" not in anchor_script(topo.nodes["h1"], paths)


def test_inventory_drives_switches_with_the_ovs_driver_as_the_automation_user(tmp_path: Path) -> None:
    state = LabState(name="t", topology="x", runtime="netns", mgmt_subnet="172.30.9.0/24", nodes={
        "sw1": NodeState(name="sw1", kind="switch", platform="ovs", clab_kind="ovs-bridge", namespace="clab-t-sw1",
                         mgmt_ipv4="172.30.9.2")})
    inv = nornir_inventory(state)
    assert inv["hosts"]["sw1"]["groups"] == ["platform_ovs"] and inv["hosts"]["sw1"]["data"]["role"] == "switch"
    group = inv["groups"]["platform_ovs"]["connection_options"]
    assert group["napalm"]["platform"] == "ovs" and group["napalm"]["username"] == "netassess"
    assert group["netmiko"]["platform"] == "linux"


def test_down_kills_only_the_switch_daemons_that_log_to_the_nodes_own_directory(tmp_path: Path) -> None:
    import subprocess
    import sys

    node = NodeState(name="sw1", kind="switch", platform="ovs", namespace="ns", mgmt_ipv4="172.30.9.2",
                     node_dir=str(tmp_path))
    code = "import time; time.sleep(30)"
    ours = subprocess.Popen([sys.executable, "-c", code, "ovs-vswitchd", f"--log-file={tmp_path}/ovs-vswitchd.log"])
    other = subprocess.Popen([sys.executable, "-c", code, "ovs-vswitchd", "--log-file=/elsewhere/ovs-vswitchd.log"])
    try:
        assert is_node_process(node, "ovs-vswitchd", ours.pid)
        assert not is_node_process(node, "ovs-vswitchd", other.pid)
        assert not is_node_process(node, "ovsdb-server", ours.pid)
    finally:
        for proc in (ours, other):
            proc.kill()
            proc.wait()


def test_the_shipped_switch_topologies_load_with_their_switches(tmp_path: Path) -> None:
    vlans = load_topology(SHIPPED / "vlans.clab.yml", runtime="netns")
    assert [n.name for n in vlans.switches()] == ["sw1", "sw2"] and len(vlans.hosts()) == 4 and len(vlans.routers()) == 1
    access = load_topology(SHIPPED / "access-switch.clab.yml", runtime="netns")
    assert [n.name for n in access.switches()] == ["sw1"]
