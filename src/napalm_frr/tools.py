"""ping and traceroute from the router.

With a Linux shell (automation account, docker) they run iputils ping / traceroute with every
NAPALM option. A vtysh-only login has just vtysh's `ping WORD` (runs until Ctrl-C) and
`traceroute WORD`, so only destination and count are honoured there, and other options say so.
"""

from __future__ import annotations

from typing import Any

from napalm_frr.transport import LinuxShellUnavailable
from napalm_netassess_linux import probes


def _bad_destination(destination: str) -> dict[str, Any] | None:
    """vtysh-only logins type the destination at the prompt: a newline in it would type more commands."""
    if not destination or any(c.isspace() for c in destination):
        return {"error": f"destination {destination!r} must be one address or name, without spaces"}
    return None


class ToolsMixin:
    transport: Any
    hostname: str

    def ping(self, destination: str, source: str = "", ttl: int = 255, timeout: int = 2, size: int = 100,
             count: int = 5, vrf: str = "", source_interface: str = "") -> dict[str, Any]:
        if bad := _bad_destination(destination):
            return bad
        argv = probes.ping_argv(destination, source or source_interface, ttl, timeout, size, count, vrf)
        try:
            _, out = self.transport.linux(probes.shell_line(argv), timeout=count * (timeout + 1) + 5)
        except LinuxShellUnavailable:
            if source or source_interface or vrf:
                return {"error": "source/vrf need a Linux shell; vtysh's ping takes only a destination"}
            # vtysh's ping sends one probe a second and stops only on Ctrl-C
            out = self.transport.interrupt_after(f"ping {destination}", seconds=max(count - 1, 0) + 0.5)
        return probes.ping_result(out, count)

    def traceroute(self, destination: str, source: str = "", ttl: int = 255, timeout: int = 2,
                   vrf: str = "") -> dict[str, Any]:
        if bad := _bad_destination(destination):
            return bad
        argv = probes.traceroute_argv(destination, source, ttl, timeout, vrf)
        try:
            _, out = self.transport.linux(probes.shell_line(argv), timeout=ttl * timeout * 3 + 5)
        except LinuxShellUnavailable:
            if source or vrf:
                return {"error": "source/vrf need a Linux shell; vtysh's traceroute takes only a destination"}
            out = self.transport.show(f"traceroute {destination}", timeout=30 * 3 * 5 + 5)
        return probes.traceroute_result(out)
