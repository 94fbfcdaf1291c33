"""Both drivers, and netmiko through the lab's Nornir inventory, verify the node's SSH host key
against a known_hosts file: the lab's own file connects, another key or no entry is refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from napalm.base import NetworkDriver
from napalm.base.exceptions import ConnectionException
from nornir import InitNornir
from nornir_netmiko.tasks import netmiko_send_command

from napalm_frr import FRRDriver
from napalm_netassess_linux import LinuxDriver
from netassess.lab.inventory import write_inventory
from netassess.lab.state import LabState

pytestmark = pytest.mark.live

NODES = [("r1", FRRDriver), ("h1", LinuxDriver)]


def driver_for(lab: LabState, node: str, cls: type[NetworkDriver], known_hosts: Path | str) -> NetworkDriver:
    creds = lab.credentials
    return cls(lab.nodes[node].mgmt_ipv4, creds.automation_user, "", timeout=10,
               optional_args={"key_file": creds.key_file, "known_hosts": str(known_hosts)})


def impostor_known_hosts(tmp_path: Path, address: str) -> Path:
    """A known_hosts naming ``address`` with a freshly generated ed25519 key: not the node's."""
    key = tmp_path / "impostor"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    key_type, blob = Path(f"{key}.pub").read_text().split()[:2]
    path = tmp_path / "known_hosts"
    path.write_text(f"{address} {key_type} {blob}\n")
    return path


@pytest.mark.parametrize(("node", "cls"), NODES)
def test_lab_known_hosts_lets_both_drivers_connect(driver_lab: LabState, node: str, cls: type[NetworkDriver]) -> None:
    driver = driver_for(driver_lab, node, cls, driver_lab.credentials.known_hosts or "")
    driver.open()
    try:
        assert driver.get_facts()["hostname"] == node
    finally:
        driver.close()


@pytest.mark.parametrize(("node", "cls"), NODES)
def test_a_different_ed25519_key_for_the_address_is_refused_as_changed(
        driver_lab: LabState, node: str, cls: type[NetworkDriver], tmp_path: Path) -> None:
    address = driver_lab.nodes[node].mgmt_ipv4
    known_hosts = impostor_known_hosts(tmp_path, address)
    driver = driver_for(driver_lab, node, cls, known_hosts)
    with pytest.raises(ConnectionException) as refused:
        driver.open()
    message = str(refused.value)
    assert message.startswith(f"{address}: SSH host key has CHANGED") and str(known_hosts) in message
    assert "\n" not in message


@pytest.mark.parametrize(("node", "cls"), NODES)
def test_an_empty_known_hosts_refuses_the_host_as_unknown(
        driver_lab: LabState, node: str, cls: type[NetworkDriver], tmp_path: Path) -> None:
    address = driver_lab.nodes[node].mgmt_ipv4
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    with pytest.raises(ConnectionException) as refused:
        driver_for(driver_lab, node, cls, empty).open()
    message = str(refused.value)
    assert message.startswith(f"{address}: SSH host key is UNKNOWN") and str(empty) in message


def test_nornir_netmiko_from_the_lab_inventory_refuses_a_node_with_another_key(
        driver_lab: LabState, tmp_path: Path) -> None:
    """netmiko through nornir_netmiko gets the same check from the inventory's netmiko extras."""
    impostor = impostor_known_hosts(tmp_path, driver_lab.nodes["r1"].mgmt_ipv4)
    lab = driver_lab.model_copy(update={"credentials": driver_lab.credentials.model_copy(
        update={"known_hosts": str(impostor)})})
    results = {}
    for label, state in (("lab", driver_lab), ("impostor", lab)):
        paths = write_inventory(state, tmp_path / f"inventory-{label}")
        nr = InitNornir(inventory={"plugin": "SimpleInventory", "options": {
            "host_file": str(paths["hosts"]), "group_file": str(paths["groups"]),
            "defaults_file": str(paths["defaults"])}}, logging={"enabled": False})
        results[label] = nr.filter(name="r1").run(task=netmiko_send_command, command_string="show version")["r1"]
    assert not results["lab"].failed and "FRRouting" in results["lab"][0].result
    assert results["impostor"].failed
    assert "does not match" in str(results["impostor"].exception)


@pytest.mark.parametrize(("node", "cls"), NODES)
def test_relaxed_mode_accepts_an_unknown_host_without_rewriting_the_users_file(
        driver_lab: LabState, node: str, cls: type[NetworkDriver], tmp_path: Path) -> None:
    known_hosts = tmp_path / "known_hosts"
    text = "# the user's own notes\n192.0.2.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
    known_hosts.write_text(text)
    creds = driver_lab.credentials
    driver = cls(driver_lab.nodes[node].mgmt_ipv4, creds.automation_user, "", timeout=10,
                 optional_args={"key_file": creds.key_file, "known_hosts": str(known_hosts), "ssh_strict": False})
    driver.open()
    try:
        assert driver.get_facts()["hostname"] == node
    finally:
        driver.close()
    assert known_hosts.read_text() == text  # paramiko saved the new key into a throwaway copy, not here


def test_a_known_hosts_line_paramiko_cannot_read_is_named_in_one_line(driver_lab: LabState, tmp_path: Path) -> None:
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"{driver_lab.nodes['r1'].mgmt_ipv4} ssh-ed25519 !!not-base64!!\n")
    driver = driver_for(driver_lab, "r1", FRRDriver, known_hosts)
    with pytest.raises(ConnectionException, match=r"has a line paramiko cannot read .*!!not-base64!!") as refused:
        driver.open()
    assert "\n" not in str(refused.value)
