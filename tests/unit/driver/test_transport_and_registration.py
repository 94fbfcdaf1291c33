"""How the driver is found, how it reaches vtysh, and how it reports what vtysh says."""

from __future__ import annotations

import inspect
import socket

import napalm
import pytest
from napalm.base import NetworkDriver
from napalm.base.exceptions import ConnectionException

from napalm_frr import FRRDriver
from napalm_frr.parsing import hms_to_seconds
from napalm_frr.transport import DockerTransport, SSHTransport, outcome_of
from napalm_netassess_linux import LinuxDriver


def test_napalm_resolves_platform_frr_and_linux_to_the_shipped_drivers() -> None:
    assert napalm.get_network_driver("frr") is FRRDriver
    assert napalm.get_network_driver("netassess_linux") is LinuxDriver


@pytest.mark.parametrize("driver", [FRRDriver, LinuxDriver])
def test_implemented_methods_keep_napalm_signatures(driver: type[NetworkDriver]) -> None:
    """What napalm's own test_method_signatures checks: same parameters as the base class."""
    for name, method in inspect.getmembers(driver, inspect.isfunction):
        base = getattr(NetworkDriver, name, None)
        if base is None or name.startswith("_") or name == "__init__":
            continue
        assert list(inspect.signature(method).parameters) == list(inspect.signature(base).parameters), name


def test_docker_transport_builds_docker_exec_vtysh_command_lines() -> None:
    t = DockerTransport("r1", 10, {"container": "clab-lab1-r1", "pathspace": "r1ns"})
    assert t.show_argv("show ip ospf neighbor json") == [
        "docker", "exec", "clab-lab1-r1", "vtysh", "-N", "r1ns", "-c", "show ip ospf neighbor json"
    ]
    assert t.configure_argv(["interface eth1", " description x"]) == [
        "docker", "exec", "clab-lab1-r1", "vtysh", "-N", "r1ns",
        "-c", "configure terminal", "-c", "interface eth1", "-c", " description x",
    ]
    assert t.linux_argv("ip -j addr show") == ["docker", "exec", "clab-lab1-r1", "sh", "-c", "ip -j addr show"]
    assert t.linux_argv("vtysh -m -f -", stdin=True)[:3] == ["docker", "exec", "-i"]


def test_docker_transport_defaults_container_to_hostname_and_honours_vtysh_path() -> None:
    t = DockerTransport("clab-x-r2", 10, {"vtysh": "/usr/local/bin/vtysh", "docker": "podman"})
    assert t.show_argv("show version") == ["podman", "exec", "clab-x-r2", "/usr/local/bin/vtysh", "-c", "show version"]


def test_driver_picks_docker_transport_from_optional_args() -> None:
    driver = FRRDriver("r1", "", "", optional_args={"transport": "docker", "container": "c1"})
    assert isinstance(driver.transport, DockerTransport) and driver.transport.container == "c1"
    assert isinstance(FRRDriver("r1", "u", "p").transport, SSHTransport)
    with pytest.raises(ValueError, match="transport"):
        FRRDriver("r1", "u", "p", optional_args={"transport": "telnet"})


def test_docker_transport_without_docker_is_a_connection_error_naming_the_host() -> None:
    t = DockerTransport("r9", 5, {"docker": "/nonexistent/docker"})
    with pytest.raises(ConnectionException, match="r9"):
        t.open()


def test_refused_line_is_named_from_vtysh_output() -> None:
    lines = ["interface eth1", " description ok", " ip ospf cots 10"]
    outcome = outcome_of(lines, 1, "% Unknown command:  ip ospf cots 10\n")
    assert outcome.failed_line == " ip ospf cots 10" and outcome.applied == lines[:2]


def test_refusal_without_percent_blames_the_block_last_line() -> None:
    lines = ["router ospf", " network 10.0.12.0/30 area 1"]
    outcome = outcome_of(lines, 1, "There is already same network statement.\n")
    assert not outcome.ok and outcome.failed_line == lines[-1]
    assert outcome.message == "There is already same network statement."


def test_vtysh_pam_chatter_is_not_a_refusal() -> None:
    assert outcome_of(["x"], 0, "vtysh_pam: Failed in account validation\n").ok


def test_ssh_to_a_closed_port_raises_connection_exception_naming_the_host() -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    driver = FRRDriver("127.0.0.1", "admin", "admin", timeout=3, optional_args={"port": port})
    with pytest.raises(ConnectionException, match="127.0.0.1"):
        driver.open()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("00:03:49", 229.0), ("1d02h03m", 93780.0), ("2w3d04h", 1483200.0), ("1m31s", 91.0), ("6.663s", 6.663),
     ("never", -1.0), ("", -1.0)],
)
def test_frr_uptime_formats(text: str, seconds: float) -> None:
    assert hms_to_seconds(text) == pytest.approx(seconds)
