"""Replay transport for offline driver tests: replays real FRR 8.4 / iproute2 / iputils output recorded from the
driver-pair lab by fixtures/capture.py (Debian 12, FRR 8.4.4, iproute2 6.1, iputils 20221126)."""

from __future__ import annotations

from pathlib import Path

from napalm.base.exceptions import CommandErrorException

from napalm_frr.transport import ConfigOutcome, LinuxShellUnavailable

FIXTURES = Path(__file__).parent / "fixtures" / "frr84"


def fixture_text(command: str) -> str:
    name = command.replace(" ", "_").replace("/", "_").replace(":", "_") + ".txt"
    return (FIXTURES / name).read_text()


class ReplayTransport:
    """Answers each command with its recorded output; unknown commands fail like vtysh does."""

    def __init__(self, shell: str = "linux") -> None:
        self.host = "r1"
        self.shell = shell
        self.sent: list[str] = []
        self.snmpd_conf = ""  # no snmpd configured, as on the lab routers

    def open(self) -> None: ...
    def close(self) -> None: ...
    def is_alive(self) -> bool:
        return True

    def show(self, command: str, timeout: float | None = None) -> str:
        self.sent.append(command)
        try:
            return fixture_text(command)
        except FileNotFoundError:
            raise CommandErrorException(f"r1: '{command}' refused: Unknown command") from None

    def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        if self.shell != "linux":
            raise LinuxShellUnavailable(f"r1: '{command.split()[0]}' needs a Linux shell")
        self.sent.append(command)
        if command.startswith(("ip ", "ping ", "traceroute ")):
            key = command if command.startswith("ip ") else " ".join(command.split()[:1] + command.split()[-1:])
            try:
                return 0, fixture_text(key)
            except FileNotFoundError:
                return 1, f"no recording for {command}"
        if command.startswith("cut -d' ' -f1 /proc/uptime"):
            return 0, "1234.56\n"
        if command.startswith("cat /etc/snmp/snmpd.conf"):
            return 0, self.snmpd_conf
        if command.startswith("getent passwd"):
            return 0, "root:x:0:0:root:/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/usr/bin/vtysh\n"
        return 1, ""

    def configure(self, lines: list[str]) -> ConfigOutcome:
        raise AssertionError("offline tests never configure")

    def interrupt_after(self, command: str, seconds: float) -> str:
        raise AssertionError("offline tests never interrupt")
