"""Our drivers' cli() runs read-only commands only, and tells "not configured" from "not understood".

vtysh answers are replayed from fixtures/frr/vtysh_refusals.json (recorded from FRR 8.4.4, see SOURCES.md).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from driver_replay import ReplayTransport
from napalm.base.exceptions import CommandErrorException

from napalm_frr import FRRDriver
from napalm_frr.transport import SSHTransport
from napalm_netassess_linux.driver import LinuxDriver

RECORDED = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "frr" / "vtysh_refusals.json").read_text())


def test_frr_cli_refuses_what_is_not_read_only_without_sending_it(frr: FRRDriver, replay: ReplayTransport) -> None:
    out = frr.cli(["configure terminal", "show version | tee /tmp/x", "show version\nwrite", "show version"])
    assert replay.sent == ["show version"]
    assert out["configure terminal"].startswith("Invalid command: r1: not read-only: 'configure': ")
    assert out["show version | tee /tmp/x"].startswith("Invalid command: r1: not read-only: 'tee': ")
    assert out["show version\nwrite"].startswith("Invalid command: r1: not read-only: '\\n': ")


@pytest.fixture
def docker_frr(monkeypatch: pytest.MonkeyPatch) -> FRRDriver:
    driver = FRRDriver("r1", "", "", timeout=5, optional_args={"transport": "docker"})

    def replay(argv: list[str], stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        answer = RECORDED[argv[-1]]
        return answer["rc"], answer["stdout"] + answer["stderr"]

    monkeypatch.setattr(driver.transport, "_run", replay)
    return driver


def test_frr_cli_returns_vtysh_words_for_a_feature_that_is_not_configured(docker_frr: FRRDriver) -> None:
    out = docker_frr.cli(["show ip ospf vrf red neighbor", "show bgp summary", "show isis neighbor", "show ip bgp"])
    assert out == {"show ip ospf vrf red neighbor": "% OSPF is not enabled in vrf red",
                   "show bgp summary": "% BGP instance not found",
                   "show isis neighbor": "% isisd is not running",
                   "show ip bgp": "Default BGP instance not found\n"}


def test_frr_cli_calls_a_command_vtysh_does_not_understand_an_invalid_command(docker_frr: FRRDriver) -> None:
    out = docker_frr.cli(["show foo", "show ip ospf neighbor json"])
    assert out["show foo"].startswith("Invalid command: r1: 'show foo' refused: Unknown command: show foo")
    assert json.loads(out["show ip ospf neighbor json"])["neighbors"]


class RecordingChannel:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write_channel(self, text: str) -> None:
        self.written.append(text)


@pytest.mark.parametrize("line", ["show version\nconfigure terminal", "show version\rwrite", "show version\x1a",
                                  "show version\x03"])
def test_the_ssh_transport_never_types_a_line_holding_a_control_character(line: str) -> None:
    transport = SSHTransport("r1", "netassess", None, 5, {})
    transport.conn = channel = RecordingChannel()
    with pytest.raises(CommandErrorException, match="control character"):
        transport.show(line)
    with pytest.raises(CommandErrorException, match="control character"):
        transport.interrupt_after(line, 0)
    assert channel.written == []


class RecordingSession:
    def __init__(self) -> None:
        self.ran: list[str] = []

    def run(self, command: str, timeout: float | None = None, stdin: str | None = None) -> tuple[int, str]:
        self.ran.append(command)
        return 0, f"output of {command}"


def test_linux_cli_runs_each_allowed_command_as_quoted_words_and_never_sends_the_rest() -> None:
    driver = LinuxDriver("h1", "netassess", "", timeout=5)
    driver.session = session = RecordingSession()  # type: ignore[assignment]
    bypasses = ["ping -c1 x | find / -exec rm -rf {} +", "head /etc/shadow", "find . -fprint FILE",
                "ip route add 10.9.0.0/24 via 10.0.0.1", "ping -c 1 10.0.0.1; touch /tmp/x"]
    out: dict[str, Any] = driver.cli(["ip -j addr show", *bypasses, "ping -c 1 -W 1 192.168.2.10"])
    assert session.ran == ["ip -j addr show", "ping -c 1 -W 1 192.168.2.10"]
    assert all(shlex.split(c) == c.split() for c in session.ran)  # the shell sees only these literal words
    assert all(out[b].startswith("Invalid command: h1: not read-only: ") for b in bypasses)
    assert out["ip -j addr show"] == "output of ip -j addr show"
