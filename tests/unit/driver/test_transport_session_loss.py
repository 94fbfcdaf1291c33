"""The SSH transport when the device stops answering or hangs up: say which, promptly, and never
read a late answer as the reply to the next command."""

from __future__ import annotations

from typing import Any

import pytest
from napalm.base.exceptions import CommandErrorException, ConnectionClosedException, ConnectionException

from napalm_frr import FRRDriver
from napalm_frr.transport import SessionTimeout, SSHTransport


class Channel:
    def __init__(self, closed: bool = False) -> None:
        self.closed = closed
        self.eof_received = closed

    def recv_ready(self) -> bool:
        return False


class SilentConn:
    """A netmiko connection whose device never answers (or has hung up when ``closed``)."""

    def __init__(self, closed: bool = False) -> None:
        self.remote_conn = Channel(closed)
        self.written: list[str] = []
        self.reads = 0

    def write_channel(self, data: str) -> None:
        self.written.append(data)

    def read_channel(self) -> str:
        self.reads += 1
        return ""


def _transport(conn: Any) -> SSHTransport:
    transport = SSHTransport("192.0.2.1", "netassess", None, 60, {})
    transport.conn = conn
    return transport


def test_no_prompt_in_time_is_a_timeout_and_the_session_refuses_further_commands() -> None:
    conn = SilentConn()
    transport = _transport(conn)
    with pytest.raises(SessionTimeout, match=r"192.0.2.1: no prompt within 0.05s") as exc:
        transport.show("show version", timeout=0.05)
    assert isinstance(exc.value, TimeoutError) and not isinstance(exc.value, CommandErrorException)
    with pytest.raises(ConnectionClosedException, match="abandoned after an earlier timeout"):
        transport.show("show ip route json")
    assert conn.written == ["show version\n"]  # the second command never reached the device


def test_a_device_that_hung_up_is_reported_at_once_not_after_the_timeout() -> None:
    conn = SilentConn(closed=True)
    with pytest.raises(ConnectionClosedException, match="192.0.2.1: the device closed the session"):
        _transport(conn).show("show version", timeout=3600)
    assert conn.reads == 1


def test_cli_reports_a_refused_command_as_text_but_raises_when_the_session_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = FRRDriver("192.0.2.1", "netassess", "", timeout=3)

    def refuse(command: str, timeout: float | None = None) -> str:
        raise CommandErrorException(f"192.0.2.1: '{command}' refused: Unknown command")

    monkeypatch.setattr(driver.transport, "show", refuse)
    assert driver.cli(["show bogus"])["show bogus"].startswith("Invalid command: ")

    def hang(command: str, timeout: float | None = None) -> str:
        raise SessionTimeout("192.0.2.1: no prompt within 3s")

    monkeypatch.setattr(driver.transport, "show", hang)
    with pytest.raises(ConnectionException, match="no prompt within 3s"):
        driver.cli(["show version", "show ip route"])
