"""Simulated IOS and EOS switches and a Junos router over real SSH (FakeNOS on 127.0.0.1), started once per session.

Every answer is a recorded real capture (see simdevices.py and tests/fixtures/SOURCES.md). Ports are
free loopback ports; the password is random per session and only ever passed through the
environment (NETASSESS_PASSWORD), as on a rack.
"""

from __future__ import annotations

import logging
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from simdevices import EOS_HOSTNAME, IOS_HOSTNAME, JUNOS_HOSTNAME, eos_nos, ios_nos, junos_nos

fakenos = pytest.importorskip("fakenos", reason="the simulated devices need fakenos (pip install -e .[dev])")


@dataclass(frozen=True)
class SimDevices:
    username: str
    password: str
    ports: dict[str, int]  # FakeNOS host name (= the device's hostname) -> SSH port on 127.0.0.1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int, seconds: float = 30.0) -> None:
    """Until 127.0.0.1:port accepts a TCP connection (or fail the session's setup, saying which)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"simulated device on port {port} not listening after {seconds:.0f} s")
            time.sleep(0.1)


@pytest.fixture(scope="session")
def sim_devices() -> Iterator[SimDevices]:
    logging.getLogger("fakenos").setLevel(logging.CRITICAL)  # it logs every unknown command and closed socket
    username, password = "netassess", secrets.token_urlsafe(16)
    ports = {IOS_HOSTNAME: free_port(), EOS_HOSTNAME: free_port(), JUNOS_HOSTNAME: free_port()}
    inventory = {
        "default": {"username": username, "password": password,
                    "server": {"plugin": "ParamikoSshServer", "configuration": {"address": "127.0.0.1", "timeout": 1}}},
        "hosts": {IOS_HOSTNAME: {"port": ports[IOS_HOSTNAME], "nos": {"plugin": "netassess_ios"}},
                  EOS_HOSTNAME: {"port": ports[EOS_HOSTNAME], "nos": {"plugin": "netassess_eos"}},
                  JUNOS_HOSTNAME: {"port": ports[JUNOS_HOSTNAME], "nos": {"plugin": "netassess_junos"}}},
    }
    net = fakenos.FakeNOS(inventory=inventory, plugins=[ios_nos(), eos_nos(), junos_nos()])
    net.start()
    for port in ports.values():
        listening(port)  # start() returns before each server thread listens: on a busy machine a test got there first
    try:
        yield SimDevices(username, password, ports)
    finally:
        net.stop()
