"""Helpers for check unit tests: build a snapshot, run a check over it exactly as the engine does.

Getter data is contract-shaped (NAPALM models / ``napalm_frr.models``) and mirrors the real
r1 -- r2 lab recorded in ``tests/fixtures/frr`` (same addresses, peers and config); raw command
output and configs are the recorded files themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from netassess.checks.base import (
    CHECKS,
    DeviceContext,
    EvalContext,
    LinkEnd,
    StateView,
    Target,
    Verdict,
)
from netassess.snapshot import Snapshot, StateEntry, StateRequest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
T0 = datetime(2026, 11, 28, 19, 0, 0, tzinfo=UTC)


def fixture_text(rel: str) -> str:
    return (FIXTURES / rel).read_text()


def eapi_answer(rel: str) -> str:
    """A recorded eAPI JSON-RPC reply's last result: what the EOS CLI prints for that ``show … | json``."""
    return json.dumps(json.loads(fixture_text(rel))["result"][-1], indent=2)


@dataclass
class Lab:
    """A snapshot under construction plus the run context a check sees."""

    platforms: dict[str, str] = field(default_factory=dict)
    links: list[tuple[LinkEnd, LinkEnd]] = field(default_factory=list)
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(started=T0))
    baseline: Snapshot | None = None

    def put(self, device: str, request: StateRequest | str, data: Any = None, *, error: str | None = None,
            at: datetime = T0) -> Lab:
        key = request if isinstance(request, str) else request.key
        self.snapshot.platforms.setdefault(device, self.platforms.get(device, "frr"))
        self.snapshot.put(device, key, StateEntry(data=data, error=error, error_kind="command" if error else None,
                                                  collected_at=at))
        return self

    def ctx(self, **extra: Any) -> EvalContext:
        devices = {d: DeviceContext(d, p) for d, p in self.platforms.items()}
        return EvalContext(devices=devices, links=self.links, baseline=self.baseline, run_started=T0, **extra)

    def requests(self, type_name: str, args: dict[str, Any] | None, device: str) -> list[StateRequest]:
        check = CHECKS.get(type_name)()
        return check.requests(check.parse_args(args), DeviceContext(device, self.platforms.get(device, "frr")))

    def run(self, type_name: str, args: dict[str, Any] | None = None, target: Target | str = "r1") -> Verdict:
        """Parse args, check the requests were all collected, then evaluate like the engine."""
        check = CHECKS.get(type_name)()
        parsed = check.parse_args(args)
        tgt = Target.device(target) if isinstance(target, str) else target
        view = StateView(self.snapshot)
        return check.evaluate(parsed, tgt, view, self.ctx())


def r1_r2_getters() -> dict[str, dict[str, Any]]:
    """Getter answers of the recorded r1 -- r2 lab, in NAPALM / napalm_frr shapes."""
    def iface(up: bool = True, enabled: bool = True, description: str = "") -> dict[str, Any]:
        return {"is_up": up, "is_enabled": enabled, "description": description, "last_flapped": -1.0,
                "speed": 10000.0, "mtu": 1500, "mac_address": "aa:c1:ab:00:00:01"}

    def ospf_if(address: str, network_type: str, cost: int, passive: bool, auth: str, nbrs: int) -> dict[str, Any]:
        return {"interface": "", "address": address, "area": "0.0.0.0", "network_type": network_type, "cost": cost,
                "passive": passive, "hello_interval": 10, "dead_interval": 40, "authentication": auth,
                "state": "Point-To-Point" if network_type == "point-to-point" else "Loopback",
                "neighbor_count": nbrs, "adjacent_count": nbrs}

    def bgp(peer: str, local_as: int, remote_as: int, remote_id: str) -> dict[str, Any]:
        return {"global": {"router_id": "", "peers": {peer: {
            "local_as": local_as, "remote_as": remote_as, "remote_id": remote_id, "is_up": True, "is_enabled": True,
            "description": "", "uptime": 600.0,
            "address_family": {"ipv4": {"received_prefixes": 1, "accepted_prefixes": 1, "sent_prefixes": 2}}}}}}

    r1 = {
        "getter:get_facts": {"hostname": "r1", "fqdn": "r1", "vendor": "FRRouting", "model": "FRRouting on Linux",
                             "serial_number": "", "os_version": "8.4.4", "uptime": 100.0,
                             "interface_list": ["eth1", "eth9", "lo"]},
        "getter:get_interfaces": {"eth1": iface(description="to r2 eth1"), "eth9": iface(False, False), "lo": iface()},
        "getter:get_interfaces_ip": {
            "eth1": {"ipv4": {"10.0.12.1": {"prefix_length": 30}},
                     "ipv6": {"2001:db8:12::1": {"prefix_length": 64}, "fe80::a8c1:abff:fe00:1": {"prefix_length": 64}}},
            "lo": {"ipv4": {"10.255.0.1": {"prefix_length": 32}, "127.0.0.1": {"prefix_length": 8}}},
        },
        "getter:get_ospf_neighbors": {"default": [{
            "neighbor_id": "10.255.0.2", "address": "10.0.12.2", "interface": "eth1", "state": "Full", "role": "",
            "area": "0.0.0.0", "uptime": 600.0, "priority": 1}]},
        "getter:get_ospf_interfaces": {"default": {
            "eth1": ospf_if("10.0.12.1/30", "point-to-point", 10, False, "message-digest", 1) | {"interface": "eth1"},
            "lo": ospf_if("10.255.0.1/32", "loopback", 0, True, "none", 0) | {"interface": "lo"}}},
        "getter:get_bgp_neighbors": bgp("10.0.12.2", 65001, 65002, "10.255.0.2"),
        "getter:get_config": {"running": fixture_text("frr/r1_show_running-config.txt"),
                              "startup": fixture_text("frr/r1_show_running-config.txt"), "candidate": ""},
    }
    r2 = {
        "getter:get_facts": dict(r1["getter:get_facts"], hostname="r2", fqdn="r2"),
        "getter:get_interfaces": {"eth1": iface(), "lo": iface()},
        "getter:get_interfaces_ip": {
            "eth1": {"ipv4": {"10.0.12.2": {"prefix_length": 30}},
                     "ipv6": {"2001:db8:12::2": {"prefix_length": 64}, "fe80::a8c1:abff:fe00:2": {"prefix_length": 64}}},
            "lo": {"ipv4": {"10.255.0.2": {"prefix_length": 32}}},
        },
        "getter:get_bgp_neighbors": bgp("10.0.12.1", 65002, 65001, "10.255.0.1"),
        "getter:get_config": {"running": fixture_text("frr/r2_show_running-config.txt"),
                              "startup": fixture_text("frr/r2_show_running-config.txt"), "candidate": ""},
    }
    return {"r1": r1, "r2": r2}


def route_entry(protocol: str, next_hop: str = "", interface: str = "eth1", active: bool = True,
                metric: int = 0) -> dict[str, Any]:
    """One ``get_route_to`` record as napalm_frr builds it."""
    return {"protocol": protocol, "current_active": active, "last_active": False, "age": 60, "next_hop": next_hop,
            "outgoing_interface": interface, "selected_next_hop": active, "preference": 110, "inactive_reason": "",
            "routing_table": "default", "protocol_attributes": {"metric": metric}}


def later(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)
