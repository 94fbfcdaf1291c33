"""NAPALM driver for Linux hosts (platform `linux`): facts, interfaces, addresses, ARP, ping, traceroute, LLDP.

Read-only by design: a host in an assessment lab is where checks start (ping from PC1), not
something the tool configures, so the config-management methods stay NotImplemented.
"""

from __future__ import annotations

import shlex
from typing import Any

from napalm.base import NetworkDriver
from napalm.base.exceptions import CommandErrorException

from napalm_netassess_linux import ip_json, probes
from napalm_netassess_linux.lldp import LLDPMixin
from napalm_netassess_linux.session import LinuxSession
from netassess.readonly import CommandRefused, linux_argv

# one exec for all facts: each exec channel costs a round trip
FACTS_COMMAND = (
    "hostname; hostname -f 2>/dev/null || hostname; uname -sr; uname -m; cut -d' ' -f1 /proc/uptime; "
    "(. /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\") || echo Linux"
)
SPEEDS_COMMAND = "grep -H . /sys/class/net/*/speed 2>/dev/null; true"


def parse_speeds(text: str) -> dict[str, float]:
    """`/sys/class/net/eth1/speed:10000` lines; virtual links report -1 or nothing (0 then)."""
    speeds: dict[str, float] = {}
    for line in text.splitlines():
        path, _, value = line.partition(":")
        name = path.split("/")[-2] if path.count("/") >= 2 else ""
        if name and value.strip().lstrip("-").isdigit():
            speeds[name] = max(float(value.strip()), 0.0)
    return speeds


class LinuxDriver(LLDPMixin, NetworkDriver):
    """optional_args: port, key_file, use_keys, allow_agent, ssh_config_file, and host-key checking:
    known_hosts (file; unknown or changed keys refused) or ssh_strict (~/.ssh/known_hosts);
    lldpcli: the command reaching the host's lldpd (default: lldpcli on PATH or in /usr/sbin)."""

    platform = "linux"

    def __init__(self, hostname: str, username: str, password: str, timeout: int = 60,
                 optional_args: dict[str, Any] | None = None) -> None:
        self.hostname, self.username, self.password, self.timeout = hostname, username, password, timeout
        self.optional_args = dict(optional_args or {})
        self.session = LinuxSession(hostname, username, password, timeout, self.optional_args)

    def open(self) -> None:
        self.session.open()

    def close(self) -> None:
        self.session.close()

    def is_alive(self) -> dict[str, bool]:
        return {"is_alive": self.session.is_alive()}

    def _run(self, command: str, timeout: float | None = None) -> str:
        rc, out = self.session.run(command, timeout)
        if rc != 0:
            raise CommandErrorException(f"{self.hostname}: '{command}' exited {rc}: {out.strip()[:200]}")
        return out

    def _lldp_run(self, command: str) -> tuple[int, str]:
        return self.session.run(command)  # type: ignore[no-any-return]

    def cli(self, commands: list[str], encoding: str = "text") -> dict[str, str]:
        """Run read-only commands only: each must pass ``netassess.readonly``'s Linux allow-list and
        runs as its argv, every word quoted, so the login shell sees no pipe, redirection or ``;``.
        A refused command is answered ``Invalid command: …`` (NAPALM's convention) and never sent."""
        if encoding != "text":
            raise NotImplementedError(f"cli() encoding {encoding!r}: Linux commands return text")
        if isinstance(commands, str):
            raise TypeError("cli() takes a list of commands")
        result: dict[str, str] = {}
        for command in commands:
            try:
                argv = linux_argv(command)
            except CommandRefused as exc:
                result[command] = f"Invalid command: {self.hostname}: not read-only: {exc}"
                continue
            result[command] = self.session.run(shlex.join(argv))[1]
        return result

    def get_facts(self) -> dict[str, Any]:
        lines = self._run(FACTS_COMMAND).splitlines()
        hostname, fqdn, kernel, machine, uptime, pretty = (lines + [""] * 6)[:6]
        links = ip_json.loads(self._run("ip -j link show"))
        return {
            "hostname": hostname,
            "fqdn": fqdn or hostname,
            "vendor": "Linux",
            "model": machine,
            "serial_number": "",
            "os_version": f"{pretty} ({kernel})",
            "uptime": float(uptime) if uptime else -1.0,
            "interface_list": sorted(link["ifname"] for link in links),
        }

    def get_interfaces(self) -> dict[str, Any]:
        links = ip_json.loads(self._run(ip_json.IP_LINK))
        return ip_json.interfaces(links, parse_speeds(self._run(SPEEDS_COMMAND)))

    def get_interfaces_ip(self) -> dict[str, Any]:
        return ip_json.interfaces_ip(ip_json.loads(self._run(ip_json.IP_ADDR)))

    def get_interfaces_counters(self) -> dict[str, Any]:
        return ip_json.interfaces_counters(ip_json.loads(self._run(ip_json.IP_LINK)))

    def get_arp_table(self, vrf: str = "") -> list[dict[str, Any]]:
        if vrf:
            raise NotImplementedError("VRFs are not supported on this kernel (no VRF device support)")
        return ip_json.arp_table(ip_json.loads(self._run(ip_json.IP_NEIGH4)))

    def get_ipv6_neighbors_table(self) -> list[dict[str, Any]]:
        return ip_json.ipv6_neighbors(ip_json.loads(self._run(ip_json.IP_NEIGH6)))

    def ping(self, destination: str, source: str = "", ttl: int = 255, timeout: int = 2, size: int = 100,
             count: int = 5, vrf: str = "", source_interface: str = "") -> dict[str, Any]:
        argv = probes.ping_argv(destination, source or source_interface, ttl, timeout, size, count, vrf)
        _, out = self.session.run(probes.shell_line(argv), timeout=count * (timeout + 1) + 5)
        return probes.ping_result(out, count)

    def traceroute(self, destination: str, source: str = "", ttl: int = 255, timeout: int = 2,
                   vrf: str = "") -> dict[str, Any]:
        argv = probes.traceroute_argv(destination, source, ttl, timeout, vrf)
        _, out = self.session.run(probes.shell_line(argv), timeout=ttl * timeout * 3 + 5)
        return probes.traceroute_result(out)
