"""OSPF extension getters (shapes in napalm_frr.models), from ospfd's and ospf6d's JSON.

NAPALM has no OSPF getter; these follow its conventions (keyed by VRF, plain types) so the
check library can test adjacencies, interface parameters and OSPF routes without parsing CLI.
"""

from __future__ import annotations

from typing import Any

from napalm.base.exceptions import CommandErrorException

from napalm_frr.models import OSPFInterfacesDict, OSPFNeighbor, OSPFNeighborsDict, OSPFRoutesDict
from napalm_frr.parsing import hms_to_seconds
from napalm_frr.transport import show_json

NETWORK_TYPES = {
    "POINTOPOINT": "point-to-point",
    "BROADCAST": "broadcast",
    "NBMA": "non-broadcast",
    "POINTOMULTIPOINT": "point-to-multipoint",
    "LOOPBACK": "loopback",
    "VIRTUALLINK": "point-to-point",  # a virtual link is an unnumbered p2p adjacency
}
AUTHENTICATION = {
    "authenticationSimplePassword": "simple",
    "authenticationMessageDigest": "message-digest",
    "authenticationCryptographic": "message-digest",
}
ROUTE_TYPES = {"N": "intra-area", "N IA": "inter-area", "N E1": "external-1", "N E2": "external-2"}
OSPF6_ROUTE_TYPES = {"Intra-Area": "intra-area", "Inter-Area": "inter-area", "External-1": "external-1",
                     "External-2": "external-2"}


def _area(value: Any) -> str:
    """'0.0.0.1 [Stub]' -> '0.0.0.1'."""
    return str(value or "").split(" ")[0]


def _vrfs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`... vrf all ... json` is keyed by VRF name; only dict values are VRFs."""
    return {k: v for k, v in data.items() if isinstance(v, dict)}


class OSPFGettersMixin:
    transport: Any

    def _ospf_json(self, command: str) -> dict[str, Any]:
        try:
            return show_json(self.transport, command)
        except CommandErrorException:
            return {}  # ospfd not running: no OSPF, which checks report as such

    def _ospf_interfaces_raw(self) -> dict[str, dict[str, Any]]:
        raw = self._ospf_json("show ip ospf vrf all interface json")
        return {vrf: data.get("interfaces", {}) for vrf, data in _vrfs(raw).items()}

    def get_ospf_neighbors(self) -> OSPFNeighborsDict:
        areas = {vrf: {name: _area(i.get("area")) for name, i in ifs.items()}
                 for vrf, ifs in self._ospf_interfaces_raw().items()}
        raw = self._ospf_json("show ip ospf vrf all neighbor json")
        result: OSPFNeighborsDict = {}
        for vrf, data in _vrfs(raw).items():
            neighbors = result.setdefault(vrf, [])
            for router_id, adjacencies in data.get("neighbors", {}).items():
                for adj in adjacencies:
                    state, _, role = str(adj.get("nbrState", adj.get("state", ""))).partition("/")
                    ifname = str(adj.get("ifaceName", "")).split(":")[0]
                    uptime = adj.get("upTimeInMsec")
                    neighbors.append({
                        "neighbor_id": router_id,
                        "address": str(adj.get("ifaceAddress", adj.get("address", ""))),
                        "interface": ifname,
                        "state": state,
                        "role": "" if role in ("", "-") else role,
                        "area": areas.get(vrf, {}).get(ifname, ""),
                        "uptime": float(uptime) / 1000.0 if uptime is not None else -1.0,
                        "priority": int(adj.get("nbrPriority", adj.get("priority", 0))),
                    })
        return result

    def get_ospf_interfaces(self) -> OSPFInterfacesDict:
        result: OSPFInterfacesDict = {}
        for vrf, interfaces in self._ospf_interfaces_raw().items():
            for name, i in interfaces.items():
                if not i.get("ospfEnabled", True):
                    continue
                address = f"{i['ipAddress']}/{i.get('ipAddressPrefixlen', 32)}" if i.get("ipAddress") else ""
                result.setdefault(vrf, {})[name] = {
                    "interface": name,
                    "address": address,
                    "area": _area(i.get("area")),
                    "network_type": NETWORK_TYPES.get(str(i.get("networkType", "")), "broadcast"),
                    "cost": int(i.get("cost", 0)),
                    "passive": bool(i.get("timerPassiveIface", False)),
                    "hello_interval": int(i.get("timerMsecs", 0)) // 1000,
                    "dead_interval": int(i.get("timerDeadSecs", 0)),
                    "authentication": AUTHENTICATION.get(str(i.get("authentication", "")), "none"),
                    "state": str(i.get("state", "")),
                    "neighbor_count": int(i.get("nbrCount", 0)),
                    "adjacent_count": int(i.get("nbrAdjacentCount", 0)),
                }
        return result

    def get_ospf_routes(self) -> OSPFRoutesDict:
        raw = self._ospf_json("show ip ospf vrf all route json")
        result: OSPFRoutesDict = {}
        for vrf, data in _vrfs(raw).items():
            routes = result.setdefault(vrf, {})
            for prefix, route in data.items():
                # router routes (keyed by router-id, no '/') are not prefixes
                if "/" not in prefix or not isinstance(route, dict):
                    continue
                kind = ROUTE_TYPES.get(str(route.get("routeType", "")).strip(), "intra-area")
                cost = route.get("type2cost") if kind == "external-2" and "type2cost" in route else route.get("cost", 0)
                routes[prefix] = {
                    "prefix": prefix,
                    "area": _area(route.get("area")),
                    "route_type": kind,
                    "cost": int(cost or 0),  # FRR omits a zero cost
                    "next_hops": [
                        {"address": str(hop.get("ip", "")).strip(),
                         "interface": str(hop.get("via", hop.get("directlyAttachedTo", "")))}
                        for hop in route.get("nexthops", [])
                    ],
                }
        return result

    # -- OSPFv3 (IPv6): same shapes, default VRF only (ospf6d in FRR 8.4 reports no VRF key) ----
    def get_ospf6_neighbors(self) -> OSPFNeighborsDict:
        areas = {name: _area(i.get("areaId")) for name, i in self._ospf_json("show ipv6 ospf6 interface json").items()
                 if isinstance(i, dict)}
        neighbors: list[OSPFNeighbor] = []
        for adj in self._ospf_json("show ipv6 ospf6 neighbor json").get("neighbors", []):
            ifname = str(adj.get("interfaceName", ""))
            neighbors.append({
                "neighbor_id": str(adj.get("neighborId", "")),
                "address": "",  # ospf6d's summary JSON has no neighbour address (link-local)
                "interface": ifname,
                "state": str(adj.get("state", "")),
                "role": {"BDR": "Backup", "DROther": "DROther", "DR": "DR"}.get(str(adj.get("ifState", "")), ""),
                "area": areas.get(ifname, ""),
                "uptime": hms_to_seconds(str(adj.get("duration", ""))),
                "priority": int(adj.get("priority", 0)),
            })
        return {"default": neighbors} if neighbors or areas else {}

    def get_ospf6_routes(self) -> OSPFRoutesDict:
        routes: dict[str, Any] = {}
        for prefix, route in self._ospf_json("show ipv6 ospf6 route detail json").get("routes", {}).items():
            kind = OSPF6_ROUTE_TYPES.get(str(route.get("pathType", "")), "intra-area")
            routes[prefix] = {
                "prefix": prefix,
                "area": _area(route.get("associatedArea", route.get("area", ""))),
                "route_type": kind,
                "cost": int(route.get("metricCostE2" if kind == "external-2" else "metricCost", 0) or 0),
                "next_hops": [
                    {"address": "" if str(h.get("nextHop", "")) == "::" else str(h.get("nextHop", "")),
                     "interface": str(h.get("interfaceName", ""))}
                    for h in route.get("nextHops", [])
                ],
            }
        return {"default": routes} if routes else {}
