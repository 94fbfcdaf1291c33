"""BGP (S2, S4): sessions established with enough prefixes, and TCP-MD5 passwords on every peer."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from netassess.checks._common import (
    CONFIG_PLATFORMS,
    GET_BGP_NEIGHBORS,
    GET_CONFIG,
    ConfigLine,
    config_text,
    default_vrf,
    parse_config,
    platform_of,
    require_platform,
    sections,
    tally,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest


class BgpPeer(CheckArgs):
    address: str
    remote_as: int | None = None
    min_received: int | None = Field(None, ge=0)
    min_sent: int | None = Field(None, ge=0)


@register_check
class BgpSession(CheckType):
    """BGP sessions with the listed peers are established (or down, for a negative test), with the
    expected remote AS and at least ``min_received`` / ``min_sent`` prefixes in ``address_family``.

    A peer is an address, or a mapping with per-peer expectations. Uses NAPALM ``get_bgp_neighbors``.

    ```yaml
    - id: ebgp-up
      type: bgp_session
      targets: [edge]
      wait: 60
      args:
        peers:
          - 10.0.12.2
          - {address: 10.0.13.2, remote_as: 65003, min_received: 1}
        min_sent: 1
    ```
    """

    class Args(CheckArgs):
        peers: list[str | BgpPeer] = Field(min_length=1)
        state: Literal["established", "down"] = "established"
        min_received: int | None = Field(None, ge=0)
        min_sent: int | None = Field(None, ge=0)
        address_family: Literal["ipv4", "ipv6"] = "ipv4"
        vrf: str = "default"

    name = "bgp_session"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_BGP_NEIGHBORS]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        vrf = default_vrf(state.get(device, GET_BGP_NEIGHBORS), args.vrf) or {}
        table = vrf.get("peers", {})
        items = []
        for raw in args.peers:
            peer = BgpPeer(address=raw) if isinstance(raw, str) else raw
            info = table.get(peer.address)
            if info is None:
                items.append((False, f"peer {peer.address}: expected {args.state}, not configured"))
                continue
            up = bool(info.get("is_up"))
            found = "established" if up else "down" if info.get("is_enabled", True) else "admin down"
            items.append(((args.state == "established") == up, f"peer {peer.address}: expected {args.state}, found {found}"))
            if peer.remote_as is not None:
                items.append((info.get("remote_as") == peer.remote_as,
                              f"peer {peer.address}: expected remote AS {peer.remote_as}, found {info.get('remote_as')}"))
            if args.state == "down":
                continue
            fam = info.get("address_family", {}).get(args.address_family, {})
            min_received = peer.min_received if peer.min_received is not None else args.min_received
            min_sent = peer.min_sent if peer.min_sent is not None else args.min_sent
            for what, key, floor in (("received", "received_prefixes", min_received), ("sent", "sent_prefixes", min_sent)):
                if floor is None:
                    continue
                count = fam.get(key, -1)
                shown = "unknown" if count is None or count < 0 else count
                items.append((count is not None and count >= floor,
                              f"peer {peer.address}: expected at least {floor} {args.address_family} prefixes {what}, found {shown}"))
        return tally(items, f"BGP sessions {args.state}: " + ", ".join(p if isinstance(p, str) else p.address for p in args.peers))


@register_check
class BgpPassword(CheckType):
    """Every BGP peer (or the listed ones) is protected by a TCP-MD5 password, set on the neighbour
    or inherited from its peer group. Judged on the sanitised config: only the presence of the
    ``password`` / ``authentication-key`` statement counts, never its value.

    ```yaml
    - id: bgp-md5
      type: bgp_password
      targets: [edge]
      args: {}            # every configured neighbour; or peers: [10.0.12.2]
    ```
    """

    class Args(CheckArgs):
        peers: list[str] = Field(default_factory=list)

    name = "bgp_password"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_platform(device, CONFIG_PLATFORMS, "bgp_password")
        return [GET_CONFIG]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        cfg = parse_config(config_text(state, device), platform)
        protected = _junos_protected(cfg) if platform == "junos" else _ios_protected(cfg)
        peers = args.peers or sorted(protected)
        items = []
        for peer in peers:
            has = protected.get(peer)
            found = "not configured" if has is None else "a password" if has else "no password"
            items.append((bool(has), f"peer {peer}: expected a password, found {found}"))
        return tally(items, f"BGP password set for {', '.join(peers)}", empty="no BGP neighbour is configured")


_ADDR = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)"  # IPv4 or IPv6, never a peer-group name like CAFE


def _ios_protected(cfg: list[ConfigLine]) -> dict[str, bool]:
    """FRR/IOS/EOS: neighbour (address, or interface for FRR unnumbered peers) -> has a password
    (directly, or via its peer group)."""
    body = [ln for _, lines in sections(cfg, r"router bgp \d+(\.\d+)?") for ln in lines]
    peers: dict[str, str | None] = {}
    with_password: set[str] = set()
    for ln in body:
        # a peer is an address, or (FRR unnumbered BGP) an interface: `neighbor eth1 interface remote-as external`
        if m := re.fullmatch(rf"neighbor ({_ADDR}|\S+ interface(?: v6only)?) (remote-as|peer-group|peer group) ?(\S*).*",
                             ln.text):
            peer = m.group(1).split(" ")[0]
            group = m.group(3) if m.group(2) != "remote-as" else None
            peers[peer] = group or peers.get(peer)
        elif m := re.fullmatch(r"neighbor (\S+) password( \d)? \S.*", ln.text):
            with_password.add(m.group(1))
    return {p: p in with_password or (g is not None and g in with_password) for p, g in peers.items()}


def _junos_protected(cfg: list[ConfigLine]) -> dict[str, bool]:
    """Junos: ``protocols bgp [group G] neighbor A`` with ``authentication-key`` at any of those levels."""
    keyed = {ln.parents for ln in cfg if ln.text.startswith("authentication-key") and "bgp" in ln.parents}
    out: dict[str, bool] = {}
    for ln in cfg:
        if "bgp" in ln.parents and (m := re.fullmatch(rf"neighbor ({_ADDR})", ln.text)):
            chain = [ln.parents[:i] for i in range(ln.parents.index("bgp") + 1, len(ln.parents) + 1)] + [ln.path]
            out[m.group(1)] = any(tuple(c) in keyed for c in chain)
    return out
