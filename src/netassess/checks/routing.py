"""The routing table (S2, S4): a route present or absent, static routes, prefixes filtered at a peer.

All read NAPALM ``get_route_to(destination=PREFIX)``; routes are matched on the EXACT prefix, so a
default route or a covering aggregate never stands in for the route the task asks for.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from pydantic import Field, field_validator

from netassess.checks._common import (
    CONFIG_PLATFORMS,
    GET_CONFIG,
    config_text,
    parse_config,
    platform_of,
    tally,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateView,
    Target,
    Unsupported,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest

# How drivers spell a protocol: FRR "ospf"/"kernel", IOS "ospf"/"connected", EOS "OSPF inter area"/"eBGP",
# Junos "OSPF"/"Direct"/"Local". FULL-match, case-insensitive.
_PROTOCOLS = {
    "connected": r"connected|direct|local|kernel",
    "static": r"static.*",
    "ospf": r"ospf.*",
    "bgp": r"[ei]?bgp.*",
}


def _network(value: str) -> str:
    return ipaddress.ip_network(value, strict=False).with_prefixlen


def _prefix_field(value: str) -> str:
    net = ipaddress.ip_network(value, strict=False)
    if str(net.with_prefixlen) != value and "/" in value:
        raise ValueError(f"{value!r} has host bits set; did you mean {net.with_prefixlen}?")
    return net.with_prefixlen


class _PrefixArgs(CheckArgs):
    prefix: str

    @field_validator("prefix")
    @classmethod
    def _network_prefix(cls, value: str) -> str:
        return _prefix_field(value)


def route_request(prefix: str) -> StateRequest:
    return StateRequest.getter("get_route_to", destination=_network(prefix))


def routes_for(state: StateView, device: str, prefix: str, vrf: str | None = None) -> list[dict[str, Any]]:
    """Route entries for exactly ``prefix`` (all next hops, active or not)."""
    data = state.get(device, route_request(prefix)) or {}
    want = _network(prefix)
    entries = [r for key, rs in data.items() if _safe_network(key) == want for r in rs]
    if vrf:
        entries = [r for r in entries if r.get("routing_table", "default") in (vrf, "inet.0" if vrf == "default" else vrf)]
    return entries


def _safe_network(key: str) -> str | None:
    try:
        return _network(key)
    except ValueError:
        return None


def protocol_is(entry: dict[str, Any], protocol: str) -> bool:
    found = str(entry.get("protocol", ""))
    pattern = _PROTOCOLS.get(protocol.lower(), re.escape(protocol))
    return re.fullmatch(pattern, found, re.IGNORECASE) is not None


def _metric(entry: dict[str, Any], platform: str) -> Any:
    if platform == "ios":  # NAPALM's IOS driver files "Route metric is N" under preference
        return entry.get("preference")
    attrs = entry.get("protocol_attributes") or {}
    for key in ("metric", "cost", "med"):
        if key in entry:
            return entry[key]
        if key in attrs:
            return attrs[key]
    return None


def _describe(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return "no route"
    parts = [f"{e.get('protocol', '?')} via {e.get('next_hop') or e.get('outgoing_interface') or 'direct'}"
             + ("" if e.get("current_active", True) else " (inactive)") for e in entries]
    return ", ".join(parts)


@register_check
class Route(CheckType):
    """A prefix is in (or, with ``present: false``, absent from) the routing table, optionally learnt by
    ``protocol``, via ``next_hop`` / ``interface``, with ``metric``. Partial credit per attribute.

    ```yaml
    - id: lan-route
      type: route
      targets: [edge]
      wait: 30
      args:
        prefix: 10.0.30.0/24
        protocol: ospf
        next_hop: 10.0.12.2
    ```
    """

    class Args(_PrefixArgs):
        present: bool = True
        protocol: str | None = None
        next_hop: str | None = None
        interface: str | None = None
        interface_fields = ("interface",)
        metric: int | None = None
        vrf: str | None = None

    name = "route"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [route_request(args.prefix)]  # type: ignore[attr-defined]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        entries = [e for e in routes_for(state, device, args.prefix, args.vrf) if e.get("current_active", True)]
        matching = [e for e in entries if protocol_is(e, args.protocol)] if args.protocol else entries
        what = f"{args.prefix}" + (f" by {args.protocol}" if args.protocol else "")
        if not args.present:
            if matching:
                return Verdict.fail(f"expected no route to {what}, found {_describe(matching)}")
            return Verdict.ok(f"no route to {what}" + (f" (found {_describe(entries)})" if entries else ""))
        if not matching:
            return Verdict.fail(f"expected a route to {what}, found {_describe(entries)}")
        items = [(True, f"route to {what}")]
        if args.next_hop:
            ok = any(e.get("next_hop") == args.next_hop for e in matching)
            items.append((ok, f"{args.prefix}: expected next hop {args.next_hop}, found {_describe(matching)}"))
        if args.interface:
            ok = any(str(e.get("outgoing_interface", "")) == args.interface for e in matching)
            items.append((ok, f"{args.prefix}: expected via {args.interface}, found {_describe(matching)}"))
        if args.metric is not None:
            found = [_metric(e, platform_of(ctx, device)) for e in matching]
            if all(m is None for m in found):
                raise Unsupported(f"{device}: the driver reports no metric for {args.prefix}")
            items.append((args.metric in found, f"{args.prefix}: expected metric {args.metric}, found {found}"))
        return tally(items, f"route to {what}: {_describe(matching)}")


@register_check
class StaticRoute(CheckType):
    """A static route is configured (in the running config) and, unless ``installed: false``, is the
    active route in the routing table. Give ``next_hop`` (an address) or ``interface``.

    ```yaml
    - id: default-route
      type: static_route
      targets: [edge]
      args:
        prefix: 0.0.0.0/0
        next_hop: 203.0.113.1
    ```
    """

    class Args(_PrefixArgs):
        next_hop: str | None = None
        interface: str | None = None
        interface_fields = ("interface",)
        installed: bool = True

    name = "static_route"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_config = device.platform in CONFIG_PLATFORMS
        if not require_config:
            raise Unsupported(f"static_route reads the config, not available on {device.platform!r}")
        reqs = [GET_CONFIG]
        if args.installed:  # type: ignore[attr-defined]
            reqs.append(route_request(args.prefix))  # type: ignore[attr-defined]
        return reqs

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        configured = _static_lines(parse_config(config_text(state, device), platform), platform, args.prefix)
        via = args.next_hop or args.interface
        hit = [c for c in configured if via is None or via in c.split()]
        found = "; ".join(configured) or "no static route to it"
        items = [(bool(hit), f"expected static route {args.prefix}" + (f" via {via}" if via else "") + f" configured, found {found}")]
        if args.installed:
            entries = routes_for(state, device, args.prefix)
            active = [e for e in entries if e.get("current_active", True) and protocol_is(e, "static")]
            if via:
                active = [e for e in active if via in (e.get("next_hop"), e.get("outgoing_interface"))]
            items.append((bool(active), f"expected the static route {args.prefix} active in the routing table, found {_describe(entries)}"))
        return tally(items, f"static route {args.prefix}" + (f" via {via}" if via else "") + " configured" +
                     (" and installed" if args.installed else ""))


def _static_lines(cfg: list, platform: str, prefix: str) -> list[str]:
    """The config statements defining a static route to ``prefix`` (IOS mask form understood)."""
    net = ipaddress.ip_network(prefix)
    out = []
    for ln in cfg:
        if platform == "junos":
            if "static" in ln.parents and any(p == f"route {prefix}" for p in ln.parents):
                out.append(f"route {prefix} {ln.text}")
            elif "static" in ln.parents and ln.text.startswith(f"route {prefix} "):
                out.append(ln.text)
            continue
        m = re.fullmatch(r"(?:ip|ipv6) route (?:vrf \S+ )?(\S+)(?: (\d+\.\d+\.\d+\.\d+))?(?: (.*))?", ln.text)
        if not m:
            continue
        dest = f"{m.group(1)}/{m.group(2)}" if m.group(2) and "/" not in m.group(1) else m.group(1)
        try:
            if ipaddress.ip_network(dest, strict=False) == net:
                out.append(ln.text)
        except ValueError:
            continue
    return out


@register_check
class RouteFiltered(CheckType):
    """A prefix is filtered: absent from the target's routing table (optionally only as learnt by
    ``protocol``), while the ``keep`` prefixes are still present, so a filter that drops everything
    does not pass. Target the peer that should NOT receive it. A leaked prefix earns nothing; with
    the prefix filtered, each ``keep`` prefix lost costs its share.

    ```yaml
    - id: lan-not-leaked
      type: route_filtered
      targets: [isp]
      args:
        prefix: 10.0.30.0/24
        protocol: bgp
        keep: [192.0.2.0/24]
    ```
    """

    class Args(_PrefixArgs):
        protocol: str | None = None
        keep: list[str] = Field(default_factory=list)

    name = "route_filtered"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [route_request(p) for p in [args.prefix, *args.keep]]  # type: ignore[attr-defined]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        entries = routes_for(state, device, args.prefix)
        leaked = [e for e in entries if not args.protocol or protocol_is(e, args.protocol)]
        by = f" by {args.protocol}" if args.protocol else ""
        items = [(not leaked, f"expected {args.prefix} filtered (absent{by}), found {_describe(leaked)}")]
        for keep in args.keep:
            kept = routes_for(state, device, keep)
            kept = [e for e in kept if not args.protocol or protocol_is(e, args.protocol)]
            items.append((bool(kept), f"expected {keep} still received{by}, found {_describe(kept)}"))
        verdict = tally(items, f"{args.prefix} filtered" + (f"; {', '.join(args.keep)} still received" if args.keep else ""))
        if leaked:  # the security outcome itself failed: keeping the other routes earns nothing
            verdict.fraction = 0.0
        return verdict
