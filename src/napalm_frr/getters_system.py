"""Facts, interfaces, neighbours, users, SNMP, network instances and LLDP.

FRR's zebra JSON gives interfaces and addresses. Counters, ARP/ND tables, LLDP and accounts
are kernel/host data that vtysh does not show, so they need the Linux shell (automation account).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from napalm.base.exceptions import CommandErrorException
from napalm.base.helpers import mac as napalm_mac

from napalm_frr.parsing import as_list, parse_ttp
from napalm_frr.transport import LinuxShellUnavailable, show_json
from napalm_netassess_linux import ip_json
from napalm_netassess_linux.lldp import LLDPMixin


def last_flapped(data: dict[str, Any], clock: tuple[float, int] | None) -> float:
    """Seconds since zebra last saw the link go up or down (``lastLinkUp`` / ``lastLinkDown``, in the
    router's local time); -1.0 when it has not changed since zebra started or the router's clock is unknown.
    The stamps carry no zone, so the router's current UTC offset is applied: across a daylight-saving
    change the figure is an hour out (lab routers run in UTC)."""
    if clock is None:
        return -1.0
    now, offset = clock
    changes = []
    for key in ("lastLinkUp", "lastLinkDown"):
        try:
            when = datetime.strptime(str(data[key]), "%Y/%m/%d %H:%M:%S.%f")
        except (KeyError, ValueError):
            continue
        changes.append(when.replace(tzinfo=timezone(timedelta(seconds=offset))).timestamp())
    return round(max(now - max(changes), 0.0), 2) if changes else -1.0


def _mac(value: str | None) -> str:
    return napalm_mac(value) if value and value != "00:00:00:00:00:00" else ""


class SystemGettersMixin(LLDPMixin):
    transport: Any
    hostname: str

    def _linux_ok(self, command: str) -> str:
        rc, out = self.transport.linux(command)
        if rc != 0:
            raise CommandErrorException(f"{self.hostname}: '{command}' exited {rc}: {out.strip()[:200]}")
        return out

    def _interfaces_json(self) -> dict[str, Any]:
        return show_json(self.transport, "show interface json")

    def get_facts(self) -> dict[str, Any]:
        version = parse_ttp("show_version.ttp", self.transport.show("show version")).get("version", {})
        try:
            uptime = float(self._linux_ok("cut -d' ' -f1 /proc/uptime").strip())
        except LinuxShellUnavailable:
            uptime = -1.0  # vtysh shows no system uptime
        hostname = str(version.get("hostname", ""))
        return {
            "hostname": hostname,
            "fqdn": hostname,
            "vendor": "FRRouting",
            "model": f"FRRouting on {version.get('kernel', 'Linux')}",
            "serial_number": "",
            "os_version": str(version.get("os_version", "")),
            "uptime": uptime,
            "interface_list": sorted(self._interfaces_json()),
        }

    def _router_clock(self) -> tuple[float, int] | None:
        """(epoch seconds, UTC offset in seconds) of the router's clock; None when only vtysh answers."""
        try:
            stamp, offset = self._linux_ok("date '+%s.%N %z'").split()
        except (LinuxShellUnavailable, CommandErrorException, ValueError):
            return None
        sign = -1 if offset.startswith("-") else 1
        return float(stamp), sign * (int(offset[1:3]) * 3600 + int(offset[3:5]) * 60)

    def get_interfaces(self) -> dict[str, Any]:
        interfaces = self._interfaces_json()
        changed = any("lastLinkUp" in d or "lastLinkDown" in d for d in interfaces.values())
        clock = self._router_clock() if changed else None  # a round trip only when a stamp needs it
        return {
            name: {
                "is_up": data.get("operationalStatus") == "up",
                "is_enabled": data.get("administrativeStatus") == "up",
                "description": str(data.get("description", "")),
                "last_flapped": last_flapped(data, clock),
                "speed": float(max(int(data.get("speed", 0) or 0), 0)),
                "mtu": int(data.get("mtu", 0)),
                "mac_address": _mac(data.get("hardwareAddress")),
            }
            for name, data in interfaces.items()
        }

    def get_interfaces_ip(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, data in self._interfaces_json().items():
            for entry in data.get("ipAddresses", []):
                address, _, length = str(entry["address"]).partition("/")
                family = "ipv6" if ":" in address else "ipv4"
                result.setdefault(name, {}).setdefault(family, {})[address] = {"prefix_length": int(length)}
        return result

    def get_interfaces_counters(self) -> dict[str, Any]:
        return ip_json.interfaces_counters(ip_json.loads(self._linux_ok(ip_json.IP_LINK)))

    def get_arp_table(self, vrf: str = "") -> list[dict[str, Any]]:
        if vrf:
            raise NotImplementedError("VRF-scoped ARP tables are not supported (this kernel has no VRF devices)")
        return ip_json.arp_table(ip_json.loads(self._linux_ok(ip_json.IP_NEIGH4)))

    def get_ipv6_neighbors_table(self) -> list[dict[str, Any]]:
        return ip_json.ipv6_neighbors(ip_json.loads(self._linux_ok(ip_json.IP_NEIGH6)))

    def get_network_instances(self, name: str = "") -> dict[str, Any]:
        instances: dict[str, Any] = {}
        for ifname, data in self._interfaces_json().items():
            vrf = str(data.get("vrfName", "default"))
            instance = instances.setdefault(vrf, {
                "name": vrf,
                "type": "DEFAULT_INSTANCE" if vrf == "default" else "L3VRF",
                "state": {"route_distinguisher": ""},
                "interfaces": {"interface": {}},
            })
            instance["interfaces"]["interface"][ifname] = {}
        return {k: v for k, v in instances.items() if not name or k == name}

    def get_users(self) -> dict[str, Any]:
        """FRR has no user database: its CLI users are the node's accounts whose login shell is vtysh."""
        users: dict[str, Any] = {}
        for line in self._linux_ok("getent passwd").splitlines():
            fields = line.split(":")
            if len(fields) >= 7 and fields[6].rstrip().endswith("vtysh"):
                users[fields[0]] = {"level": 15, "password": "", "sshkeys": []}
        return users

    def get_snmp_information(self) -> dict[str, Any]:
        """FRR answers SNMP through net-snmp's snmpd (agentx); empty when snmpd is not configured."""
        empty = {"chassis_id": "", "community": {}, "contact": "", "location": ""}
        try:
            text = self._linux_ok("cat /etc/snmp/snmpd.conf 2>/dev/null; true")
        except LinuxShellUnavailable:
            return empty  # without a shell only FRR's side is visible; agentx alone is not an SNMP config
        parsed = parse_ttp("snmpd_conf.ttp", text)
        community: dict[str, Any] = {}
        for mode in ("ro", "rw"):
            for entry in as_list(parsed.get(mode)):
                community[str(entry["name"])] = {"acl": str(entry.get("acl", "")), "mode": mode}
        return {
            "chassis_id": "",
            "community": community,
            "contact": str(parsed.get("contact", {}).get("value", "")),
            "location": str(parsed.get("location", {}).get("value", "")),
        }

    def _lldp_run(self, command: str) -> tuple[int, str]:
        try:
            return self.transport.linux(command)  # type: ignore[no-any-return]
        except LinuxShellUnavailable as exc:
            raise NotImplementedError(f"LLDP needs lldpcli, which runs in a Linux shell: {exc}") from exc
