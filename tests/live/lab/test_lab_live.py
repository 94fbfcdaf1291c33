"""Live: the shipped topologies come up as real FRR routers reachable over real SSH."""

from __future__ import annotations

import pytest
from netmiko import ConnectHandler

from netassess.lab.node_exec import run_in_node
from netassess.lab.state import LabState

pytestmark = pytest.mark.live


def test_triangle_reaches_ospf_full_on_all_adjacencies_over_ssh_with_netmiko(triangle_lab: LabState) -> None:
    for name, node in triangle_lab.nodes.items():
        conn = ConnectHandler(device_type="cisco_ios", host=node.mgmt_ipv4, username="admin", password="admin")
        try:
            assert conn.find_prompt() == f"{name}#"
            out = conn.send_command("show ip ospf neighbor")
        finally:
            conn.disconnect()
        assert out.count("Full/") == 2, out


def test_host_pings_other_host_across_the_routers(hub_spoke_lab: LabState) -> None:
    proc = run_in_node(hub_spoke_lab, "h1", ["ping", "-c", "3", "-i", "0.2", "-W", "2", "192.168.2.10"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0% packet loss" in proc.stdout


def test_nornir_inventory_drives_netmiko_with_the_lab_key_and_no_password(triangle_lab: LabState, tmp_path) -> None:
    from nornir import InitNornir
    from nornir_netmiko.tasks import netmiko_send_command

    from netassess.lab.inventory import write_inventory

    paths = write_inventory(triangle_lab, tmp_path)
    assert "password" not in paths["hosts"].read_text() + paths["defaults"].read_text() + paths["groups"].read_text()
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 3}},
        inventory={"plugin": "SimpleInventory", "options": {
            "host_file": str(paths["hosts"]), "group_file": str(paths["groups"]), "defaults_file": str(paths["defaults"])}},
        logging={"enabled": False},
    )
    result = nr.run(task=netmiko_send_command, command_string="show ip ospf neighbor")
    try:
        assert not result.failed, {h: r.exception for h, r in result.items()}
        for host, multi in result.items():
            assert multi[0].result.count("Full/") == 2, (host, multi[0].result)
    finally:
        nr.close_connections()


def test_automation_user_gets_a_linux_shell_that_runs_vtysh_and_ip_json(triangle_lab: LabState) -> None:
    import json

    node = triangle_lab.nodes["r2"]
    conn = ConnectHandler(device_type="linux", host=node.mgmt_ipv4, username=triangle_lab.credentials.automation_user,
                         use_keys=True, key_file=triangle_lab.credentials.key_file, allow_agent=False)
    try:
        assert conn.send_command("hostname").strip() == "r2"
        addrs = json.loads(conn.send_command("ip -j addr show dev eth1"))
        assert addrs[0]["addr_info"][0]["local"] == "10.0.12.2"
        assert "Full" in conn.send_command("vtysh -c 'show ip ospf neighbor'")
        assert conn.send_command("id -u").strip() != "0"  # unprivileged by design
    finally:
        conn.disconnect()


def test_node_is_container_like_hostname_vtysh_and_private_accounts(triangle_lab: LabState) -> None:
    proc = run_in_node(triangle_lab, "r3", ["sh", "-c", "hostname; vtysh -c 'show running-config' | grep ^hostname; grep -c '^admin:' "
        "/etc/passwd"])
    assert proc.stdout.split() == ["r3", "hostname", "r3", "1"], proc.stdout
    with open("/etc/passwd") as fh:  # the host's accounts are untouched
        assert not any(line.startswith(("admin:", "netassess:")) for line in fh)


def test_config_saved_by_admin_is_readable_by_automation_and_frr_reload_works(lab_factory, tmp_path) -> None:
    from pathlib import Path

    state = lab_factory.start(Path(__file__).resolve().parents[3] / "containerlab" / "line.clab.yml")
    r1 = state.nodes["r1"]
    conn = ConnectHandler(device_type="cisco_ios", host=r1.mgmt_ipv4, username="admin", password="admin")
    try:
        conn.send_config_set(["interface eth1", "description saved-by-admin"])
        conn.save_config()
    finally:
        conn.disconnect()
    auto = ConnectHandler(device_type="linux", host=r1.mgmt_ipv4, username=state.credentials.automation_user,
                          use_keys=True, key_file=state.credentials.key_file, allow_agent=False)
    try:
        assert "description saved-by-admin" in auto.send_command("cat /etc/frr/frr.conf")
        auto.send_command("printf 'interface eth1\\n description by-reload\\n' > /tmp/next.conf")
        diff = auto.send_command("/usr/lib/frr/frr-reload.py --test /tmp/next.conf; echo rc=$?", read_timeout=60)
        assert "description by-reload" in diff and "rc=0" in diff
    finally:
        auto.disconnect()
    # `lab exec` reaches the same router with the node's own vtysh, also through FRR's pathspace
    # (the host's vtysh may be another FRR release: it never talks to a node on an image)
    from_host = run_in_node(state, "r1", ["vtysh", "-N", r1.pathspace or "", "-c", "show interface description"])
    assert "saved-by-admin" in from_host.stdout


def test_linux_host_login_is_an_unprivileged_bash_named_after_the_node(hub_spoke_lab: LabState) -> None:
    h1 = hub_spoke_lab.nodes["h1"]
    conn = ConnectHandler(device_type="linux", host=h1.mgmt_ipv4, username="admin", password="admin")
    try:
        assert conn.send_command("hostname").strip() == "h1"
        assert conn.send_command("id -u").strip() != "0"
        assert "192.168.1.10/24" in conn.send_command("ip -br addr show dev eth1")
    finally:
        conn.disconnect()


@pytest.mark.parametrize("lab_fixture", ["triangle_lab", "hub_spoke_lab"])
def test_shipped_startup_configs_apply_without_errors_or_deprecations(lab_fixture: str, request) -> None:
    from pathlib import Path

    state: LabState = request.getfixturevalue(lab_fixture)
    for name, node in state.nodes.items():
        log = Path(node.node_dir or "", "boot.log").read_text()
        for bad in ("startup config had errors", "Unknown command", "deprecated", "exec failed", "failed to start"):
            assert bad not in log, (name, log)
