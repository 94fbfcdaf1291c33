"""Check a getter's output against NAPALM's models, walking nested shapes the way
napalm.base.test.getters does (test_model cannot check subscripted dict values itself).

Used by the driver tests and the benchmark; the check library can use it on snapshots too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from napalm.base import models
from napalm.base.test.helpers import test_model

from napalm_frr import models as frr_models


def _model(model: Any, data: Any, where: str) -> None:
    if not isinstance(data, dict) or not test_model(model, data):
        expected = {k: getattr(v, "__name__", str(v)) for k, v in model.__annotations__.items()}
        raise AssertionError(f"{where}: {data!r} does not match {model.__name__} {expected}")


def _each(model: Any, items: Any, where: str) -> None:
    for i, item in enumerate(items):
        _model(model, item, f"{where}[{i}]")


def _interfaces_ip(data: dict[str, Any]) -> None:
    for ifname, families in data.items():
        assert set(families) <= {"ipv4", "ipv6"}, f"{ifname}: unknown family in {families}"
        for family, addrs in families.items():
            for ip, detail in addrs.items():
                _model(models.InterfacesIPDictEntry, detail, f"{ifname}.{family}.{ip}")


def _bgp_neighbors(data: dict[str, Any]) -> None:
    if data:
        assert "global" in data, "get_bgp_neighbors must key the default VRF as 'global'"
    for vrf, vrf_data in data.items():
        assert isinstance(vrf_data["router_id"], str), f"{vrf}.router_id"
        for peer, peer_data in vrf_data["peers"].items():
            _model(models.PeerDict, peer_data, f"{vrf}.{peer}")
            for af, af_data in peer_data["address_family"].items():
                _model(models.AFDict, af_data, f"{vrf}.{peer}.{af}")


def _bgp_neighbors_detail(data: dict[str, Any]) -> None:
    for vrf, by_as in data.items():
        for remote_as, peers in by_as.items():
            assert isinstance(remote_as, int), f"{vrf}: AS key {remote_as!r} must be int"
            _each(models.PeerDetailsDict, peers, f"{vrf}.{remote_as}")


def _bgp_config(data: dict[str, Any]) -> None:
    for name, group in data.items():
        _model(models.BGPConfigGroupDict, group, name)
        for ip, neighbor in group.get("neighbors", {}).items():
            _model(models.BGPConfigNeighborDict, neighbor, f"{name}.{ip}")


def _routes(data: dict[str, Any]) -> None:
    for prefix, routes in data.items():
        _each(models.RouteDict, routes, prefix)


def _snmp(data: dict[str, Any]) -> None:
    _model(models.SNMPDict, data, "snmp")
    for name, community in data["community"].items():
        _model(models.SNMPCommunityDict, community, f"community {name}")


def _network_instances(data: dict[str, Any]) -> None:
    for name, instance in data.items():
        _model(models.NetworkInstanceDict, instance, name)
        _model(models.NetworkInstanceStateDict, instance["state"], f"{name}.state")
        _model(models.NetworkInstanceInterfacesDict, instance["interfaces"], f"{name}.interfaces")


def _lldp(model: Any) -> Callable[[dict[str, Any]], None]:
    def check(data: dict[str, Any]) -> None:
        for ifname, neighbors in data.items():
            _each(model, neighbors, ifname)

    return check


def _ping(data: dict[str, Any]) -> None:
    assert isinstance(data.get("success"), dict), f"ping failed: {data}"
    _model(models.PingDict, data["success"], "ping")
    _each(models.PingResultDictEntry, data["success"]["results"], "ping.results")


def _traceroute(data: dict[str, Any]) -> None:
    assert isinstance(data.get("success"), dict), f"traceroute failed: {data}"
    for hop, result in data["success"].items():
        assert isinstance(hop, int), f"hop {hop!r} must be int"
        for probe, detail in result["probes"].items():
            _model(models.TracerouteDict, detail, f"hop {hop} probe {probe}")


def _values(model: Any) -> Callable[[dict[str, Any]], None]:
    def check(data: dict[str, Any]) -> None:
        for key, value in data.items():
            _model(model, value, str(key))

    return check


def _ospf_neighbors(data: dict[str, Any]) -> None:
    for vrf, neighbors in data.items():
        _each(frr_models.OSPFNeighbor, neighbors, vrf)


def _ospf_interfaces(data: dict[str, Any]) -> None:
    for vrf, interfaces in data.items():
        for ifname, detail in interfaces.items():
            _model(frr_models.OSPFInterface, detail, f"{vrf}.{ifname}")
            assert detail["network_type"] in frr_models.NETWORK_TYPES, detail["network_type"]
            assert detail["authentication"] in frr_models.AUTHENTICATION_TYPES, detail["authentication"]


def _ospf_routes(data: dict[str, Any]) -> None:
    for vrf, routes in data.items():
        for prefix, route in routes.items():
            _model(frr_models.OSPFRoute, route, f"{vrf}.{prefix}")
            assert route["route_type"] in frr_models.ROUTE_TYPES, route["route_type"]
            _each(frr_models.OSPFNextHop, route["next_hops"], f"{vrf}.{prefix}.next_hops")


CHECKS: dict[str, Callable[[Any], None]] = {
    "is_alive": lambda d: _model(models.AliveDict, d, "is_alive"),
    "get_facts": lambda d: _model(models.FactsDict, d, "facts"),
    "get_interfaces": _values(models.InterfaceDict),
    "get_interfaces_ip": _interfaces_ip,
    "get_interfaces_counters": _values(models.InterfaceCounterDict),
    "get_bgp_neighbors": _bgp_neighbors,
    "get_bgp_neighbors_detail": _bgp_neighbors_detail,
    "get_bgp_config": _bgp_config,
    "get_route_to": _routes,
    "get_config": lambda d: _model(models.ConfigDict, d, "config"),
    "get_arp_table": lambda d: _each(models.ARPTableDict, d, "arp"),
    "get_ipv6_neighbors_table": lambda d: _each(models.IPV6NeighborDict, d, "ipv6 neighbors"),
    "get_network_instances": _network_instances,
    "get_users": _values(models.UsersDict),
    "get_snmp_information": _snmp,
    "get_lldp_neighbors": _lldp(models.LLDPNeighborDict),
    "get_lldp_neighbors_detail": _lldp(models.LLDPNeighborDetailDict),
    "ping": _ping,
    "traceroute": _traceroute,
    "get_ospf_neighbors": _ospf_neighbors,
    "get_ospf_interfaces": _ospf_interfaces,
    "get_ospf_routes": _ospf_routes,
    "get_vlans": _values(models.VlanDict),
    "get_mac_address_table": lambda d: _each(models.MACAdressTable, d, "mac address table"),
}


def assert_conforms(getter: str, data: Any) -> None:
    """Raise AssertionError naming the first field that breaks the getter's contract."""
    CHECKS[getter](data)
