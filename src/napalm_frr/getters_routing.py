"""BGP getters and get_route_to, from bgpd's and zebra's JSON (bgp config from the running config via TTP)."""

from __future__ import annotations

import ipaddress
from typing import Any

from napalm.base.exceptions import CommandErrorException

from napalm_frr.parsing import as_list, hms_to_seconds, parse_ttp
from napalm_frr.transport import show_json

AFI_NAMES = {"ipv4Unicast": "ipv4", "ipv6Unicast": "ipv6", "ipv4Multicast": "ipv4_multicast",
             "ipv6Multicast": "ipv6_multicast", "l2VpnEvpn": "l2vpn_evpn"}
MASKED = "********"  # never hand out BGP passwords in clear (house rule), only that one is set


def _vrf_name(vrf: str) -> str:
    """NAPALM calls the default VRF 'global'."""
    return "global" if vrf == "default" else vrf


def _peers(vrf_data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`show bgp vrf all neighbors json` mixes vrfId/vrfName keys with per-peer objects."""
    return {k: v for k, v in vrf_data.items() if isinstance(v, dict)}


def _int(value: Any, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class RoutingGettersMixin:
    transport: Any
    hostname: str

    def _bgp_json(self, command: str) -> dict[str, Any]:
        try:
            return show_json(self.transport, command)
        except CommandErrorException:
            return {}  # bgpd not running / no instance: no BGP, not an error

    def get_bgp_neighbors(self) -> dict[str, Any]:
        summary = self._bgp_json("show bgp vrf all summary json")
        details = self._bgp_json("show bgp vrf all neighbors json")
        result: dict[str, Any] = {}
        for vrf, afs in summary.items():
            entry = result.setdefault(_vrf_name(vrf), {"router_id": "", "peers": {}})
            for af_key, af in afs.items():
                if not isinstance(af, dict) or "peers" not in af:
                    continue
                entry["router_id"] = str(af.get("routerId", entry["router_id"]))
                for ip, peer in af["peers"].items():
                    detail = _peers(details.get(vrf, {})).get(ip, {})
                    af_info = detail.get("addressFamilyInfo", {}).get(af_key, {})
                    state = str(peer.get("state", ""))
                    record = entry["peers"].setdefault(ip, {
                        "local_as": _int(peer.get("localAs")),
                        "remote_as": _int(peer.get("remoteAs")),
                        "remote_id": str(detail.get("remoteRouterId", "0.0.0.0")),
                        "is_up": state == "Established",
                        "is_enabled": "Admin" not in state,
                        "description": str(peer.get("desc", detail.get("nbrDesc", ""))),
                        "uptime": _int(peer.get("peerUptimeMsec"), 0) // 1000 if state == "Established" else -1,
                        "address_family": {},
                    })
                    received = _int(peer.get("pfxRcd"), 0)
                    record["address_family"][AFI_NAMES.get(af_key, af_key)] = {
                        "received_prefixes": received,
                        "accepted_prefixes": _int(af_info.get("acceptedPrefixCounter"), received),
                        "sent_prefixes": _int(peer.get("pfxSnt", af_info.get("sentPrefixCounter")), 0),
                    }
        return result

    def get_bgp_neighbors_detail(self, neighbor_address: str = "") -> dict[str, Any]:
        details = self._bgp_json("show bgp vrf all neighbors json")
        result: dict[str, Any] = {}
        for vrf, vrf_data in details.items():
            for ip, peer in _peers(vrf_data).items():
                if neighbor_address and ip != neighbor_address:
                    continue
                afs = peer.get("addressFamilyInfo", {})
                first_af: dict[str, Any] = next(iter(afs.values()), {})
                stats = peer.get("messageStats", {})
                accepted = sum(_int(a.get("acceptedPrefixCounter"), 0) for a in afs.values())
                record = {
                    "up": peer.get("bgpState") == "Established",
                    "local_as": _int(peer.get("localAs")),
                    "remote_as": _int(peer.get("remoteAs")),
                    "router_id": str(peer.get("remoteRouterId", "")),
                    "local_address": str(peer.get("hostLocal", "")),
                    "routing_table": str(vrf_data.get("vrfName", vrf)),
                    "local_address_configured": "updateSource" in peer,
                    "local_port": _int(peer.get("portLocal")),
                    "remote_address": ip,
                    "remote_port": _int(peer.get("portForeign")),
                    "multihop": _int(peer.get("externalBgpNbrMaxHopsAway"), 1) > 1,
                    "multipath": False,
                    "remove_private_as": any("privateAs" in k for a in afs.values() for k in a),
                    "import_policy": str(first_af.get("routeMapForIncomingAdvertisements", "")),
                    "export_policy": str(first_af.get("routeMapForOutgoingAdvertisements", "")),
                    "input_messages": _int(stats.get("totalRecv"), 0),
                    "output_messages": _int(stats.get("totalSent"), 0),
                    "input_updates": _int(stats.get("updatesRecv"), 0),
                    "output_updates": _int(stats.get("updatesSent"), 0),
                    "messages_queued_out": _int(stats.get("depthOutq"), 0),
                    "connection_state": str(peer.get("bgpState", "")),
                    "previous_connection_state": "",
                    "last_event": str(peer.get("lastResetDueTo", "")),
                    "suppress_4byte_as": False,
                    "local_as_prepend": "localAsNoPrepend" not in peer and peer.get("localAs") != peer.get("remoteAs"),
                    "holdtime": _int(peer.get("bgpTimerHoldTimeMsecs"), 0) // 1000,
                    "configured_holdtime": _int(peer.get("bgpTimerConfiguredHoldTimeMsecs"), 0) // 1000,
                    "keepalive": _int(peer.get("bgpTimerKeepAliveIntervalMsecs"), 0) // 1000,
                    "configured_keepalive": _int(peer.get("bgpTimerConfiguredKeepAliveIntervalMsecs"), 0) // 1000,
                    "active_prefix_count": accepted,
                    "received_prefix_count": accepted,
                    "accepted_prefix_count": accepted,
                    "suppressed_prefix_count": 0,
                    "advertised_prefix_count": sum(_int(a.get("sentPrefixCounter"), 0) for a in afs.values()),
                    "flap_count": _int(peer.get("connectionsDropped"), 0),
                }
                result.setdefault(_vrf_name(vrf), {}).setdefault(record["remote_as"], []).append(record)
        return result

    def get_bgp_config(self, group: str = "", neighbor: str = "") -> dict[str, Any]:
        running = self.transport.show("show running-config")
        instances = [i for i in as_list(parse_ttp("bgp_config.ttp", running).get("instances")) if not i.get("vrf")]
        if not instances:
            return {}
        instance = instances[0]
        local_as = _int(instance.get("local_as"))
        attrs: dict[str, dict[str, list[str]]] = {}
        for row in as_list(instance.get("rows")):
            attrs.setdefault(str(row["peer"]), {}).setdefault(str(row["attr"]), []).append(str(row.get("value", "")))
        groups = {name for name, a in attrs.items() if "peer-group" in a and a["peer-group"] == [""]}

        def settings(a: dict[str, list[str]]) -> dict[str, Any]:
            maps = a.get("route-map", [])
            limit = a.get("maximum-prefix", [])
            return {
                "description": " ".join(a.get("description", [""])),
                "import_policy": next((m.split()[0] for m in maps if m.endswith(" in")), ""),
                "export_policy": next((m.split()[0] for m in maps if m.endswith(" out")), ""),
                "local_address": a.get("update-source", [""])[0],
                "remote_as": _int(a.get("remote-as", ["0"])[0], 0),
                "prefix_limit": {"limit": _int(limit[0].split()[0], 0)} if limit else {},
            }

        result: dict[str, Any] = {}
        for name in sorted(groups) + ["_"]:
            g = settings(attrs.get(name, {}))
            result[name] = {
                "type": "internal" if g["remote_as"] == local_as else "external",
                "description": g["description"],
                "apply_groups": [],
                "multihop_ttl": _int(attrs.get(name, {}).get("ebgp-multihop", ["0"])[0] or 255, 0),
                "multipath": _int(instance.get("maximum_paths"), 1) > 1,
                "local_address": g["local_address"],
                "local_as": local_as,
                "remote_as": g["remote_as"],
                "import_policy": g["import_policy"],
                "export_policy": g["export_policy"],
                "remove_private_as": "remove-private-AS" in attrs.get(name, {}),
                "prefix_limit": g["prefix_limit"],
                "neighbors": {},
            }
        for peer, a in attrs.items():
            if peer in groups:
                continue
            owner = a.get("peer-group", ["_"])[0] or "_"
            s = settings(a)
            parent = result[owner] if owner in result else result["_"]
            parent["neighbors"][peer] = {
                "description": s["description"],
                "import_policy": s["import_policy"] or parent["import_policy"],
                "export_policy": s["export_policy"] or parent["export_policy"],
                "local_address": s["local_address"] or parent["local_address"],
                "authentication_key": MASKED if "password" in a else "",
                "nhs": "next-hop-self" in a,
                "route_reflector_client": "route-reflector-client" in a,
                "local_as": local_as,
                "remote_as": s["remote_as"] or parent["remote_as"],
                "prefix_limit": s["prefix_limit"],
            }
        if not result["_"]["neighbors"]:
            del result["_"]
        if group:
            result = {k: v for k, v in result.items() if k == group}
        if neighbor:
            for g in result.values():
                g["neighbors"] = {k: v for k, v in g["neighbors"].items() if k == neighbor}
        return result

    def get_route_to(self, destination: str = "", protocol: str = "", longer: bool = False) -> dict[str, Any]:
        families = ["ip", "ipv6"]
        if destination:
            families = ["ipv6" if ipaddress.ip_network(destination, strict=False).version == 6 else "ip"]
        result: dict[str, Any] = {}
        for family in families:
            command = f"show {family} route"
            if destination:
                command += f" {destination}" + (" longer-prefixes" if longer else "")
            routes = show_json(self.transport, command + " json")
            for prefix, entries in routes.items():
                for entry in entries:
                    if protocol and entry.get("protocol", "").lower() != protocol.lower():
                        continue
                    records = self._route_entries(entry)
                    if entry.get("protocol") == "bgp":
                        bgp = self._bgp_route_attributes(family, prefix, str(entry.get("vrfName", "default")))
                        for record in records:
                            record["protocol_attributes"].update(bgp)
                    result.setdefault(prefix, []).extend(records)
        return {k: v for k, v in result.items() if v}

    def _bgp_route_attributes(self, family: str, prefix: str, vrf: str) -> dict[str, Any]:
        """What NAPALM's other drivers report for a BGP route, from bgpd's best path."""
        afi = "ipv6" if family == "ipv6" else "ipv4"
        data = self._bgp_json(f"show bgp vrf {vrf} {afi} unicast {prefix} json")
        paths = data.get("paths", [])
        best = next((p for p in paths if p.get("bestpath", {}).get("overall")), paths[0] if paths else {})
        if not best:
            return {}
        local_as = self._local_as(vrf, afi)
        segments = best.get("aspath", {}).get("segments", [])
        first_as = next((asn for seg in segments for asn in seg.get("list", [])), None)
        return {
            "local_as": local_as,
            "remote_as": _int(first_as, local_as) if best.get("peer", {}).get("type") == "external" else local_as,
            "peer_id": str(best.get("peer", {}).get("routerId", "")),
            "as_path": str(best.get("aspath", {}).get("string", "")),
            "communities": str(best.get("community", {}).get("string", "")).split(),
            "local_preference": _int(best.get("locPrf"), 100),
            "preference2": _int(best.get("weight"), 0),
            "metric": _int(best.get("metric"), 0),
            "metric2": 0,
        }

    def _local_as(self, vrf: str, afi: str) -> int:
        summary = self._bgp_json(f"show bgp vrf {vrf} {afi} unicast summary json")
        return _int(summary.get("as", summary.get(f"{afi}Unicast", {}).get("as")))

    def _route_entries(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        selected = bool(entry.get("selected", False))
        attributes: dict[str, Any] = {"metric": _int(entry.get("metric"), 0)}
        if entry.get("tag"):
            attributes["tag"] = entry["tag"]
        records = []
        for hop in entry.get("nexthops", []) or [{}]:
            records.append({
                "protocol": str(entry.get("protocol", "")),
                "current_active": selected,
                "last_active": False,
                "age": int(max(hms_to_seconds(str(entry.get("uptime", ""))), 0)),
                "next_hop": str(hop.get("ip", "")),
                "outgoing_interface": str(hop.get("interfaceName", "")),
                "selected_next_hop": bool(hop.get("fib", False)),
                "preference": _int(entry.get("distance"), 0),
                "inactive_reason": "" if selected else "not selected",
                "routing_table": str(entry.get("vrfName", "default")),
                "protocol_attributes": dict(attributes),
            })
        return records
