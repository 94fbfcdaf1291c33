"""Change control (S7): the change was saved, touched only what it should, and broke no adjacency.

Configs are compared as sets of statements-with-their-parents (``parse_config``), so statement
order, ``!``/``exit`` lines and version chatter never count as a change, while a statement
moving to another section does.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import Field, field_validator, model_validator

from netassess.checks import _ospf_state as ospf
from netassess.checks._common import (
    CONFIG_PLATFORMS,
    GET_BGP_NEIGHBORS,
    GET_CONFIG,
    ConfigLine,
    config_text,
    counted,
    default_vrf,
    parse_config,
    platform_of,
    require_platform,
    tally,
    valid_regex,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateUnavailable,
    StateView,
    Target,
    Unsupported,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest

_SHOW = 5
Sessions = dict[str, tuple[bool, float | None]]  # differences quoted in a message; the rest are counted


def _statements(cfg: list[ConfigLine]) -> set[tuple[str, ...]]:
    """Leaf statements only: a section header is judged through the statements under it."""
    parents = {ln.parents[: i + 1] for ln in cfg for i in range(len(ln.parents))}
    return {ln.path for ln in cfg if ln.path not in parents}


def _quote(paths: set[tuple[str, ...]]) -> str:
    shown = [" > ".join(p) for p in sorted(paths)[:_SHOW]]
    more = len(paths) - len(shown)
    return "; ".join(shown) + (f" (+{more} more)" if more > 0 else "")


# Statements a device rewrites by itself, so they differ between any two saves (IOS's NTP drift).
_VOLATILE = (r"ntp clock-period \d+",)


def _kept(paths: set[tuple[str, ...]], ignore: list[str]) -> set[tuple[str, ...]]:
    patterns = [*_VOLATILE, *ignore]
    return {p for p in paths if not any(re.fullmatch(rx, p[-1]) or re.fullmatch(rx, " > ".join(p)) for rx in patterns)}


@register_check
class StartupEqualsRunning(CheckType):
    """The running config is saved: startup and running configs hold the same statements.
    ``ignore`` (FULL-match regexes, on a statement or its ``parent > statement`` path) leaves out
    statements nobody is asked to save; IOS's self-rewritten ``ntp clock-period`` always is.

    ```yaml
    - id: saved
      type: startup_equals_running
      targets: [all]
    ```
    """

    class Args(CheckArgs):
        ignore: list[str] = Field(default_factory=list, description="FULL-match regexes of statements never compared")

        @field_validator("ignore")
        @classmethod
        def _regexes(cls, value: list[str]) -> list[str]:
            return [valid_regex(v) for v in value]

    name = "startup_equals_running"
    skills = ("S7",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_platform(device, CONFIG_PLATFORMS, "startup_equals_running")
        return [GET_CONFIG]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        running = _kept(_statements(parse_config(config_text(state, device, "running"), platform)), args.ignore)
        startup = _kept(_statements(parse_config(config_text(state, device, "startup"), platform)), args.ignore)
        unsaved, stale = running - startup, startup - running
        if not unsaved and not stale:
            return Verdict.ok("startup config matches running config")
        parts = []
        if unsaved:
            parts.append(f"{counted(len(unsaved), 'running statement')} not saved: {_quote(unsaved)}")
        if stale:
            parts.append(f"{counted(len(stale), 'startup statement')} no longer running: {_quote(stale)}")
        return Verdict.fail("expected startup == running, found " + "; ".join(parts))


@register_check
class ConfigUnchangedExcept(CheckType):
    """Against the baseline taken before the change, the running config changed only in allowed
    ways: every added or removed statement FULL-matches one of ``allowed`` (matched against the
    statement, or its path ``interface eth1 > ip ospf cost 10``). Needs a baseline snapshot.

    ```yaml
    - id: change-scope
      type: config_unchanged_except
      targets: [edge]
      args:
        allowed:
          - "interface eth1 > ip ospf cost \\\\d+"
          - "ip route 0\\\\.0\\\\.0\\\\.0/0 .*"
    ```
    """

    class Args(CheckArgs):
        allowed: list[str] = Field(default_factory=list)
        require_change: bool = Field(False, description="fail if nothing changed at all")

        @field_validator("allowed")
        @classmethod
        def _regexes(cls, value: list[str]) -> list[str]:
            return [valid_regex(v) for v in value]

    name = "config_unchanged_except"
    uses_baseline = True
    skills = ("S7",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        require_platform(device, CONFIG_PLATFORMS, "config_unchanged_except")
        return [GET_CONFIG]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        current = config_text(state, device)  # the device's own error first: it is the likelier one
        if ctx.baseline is None:
            raise StateUnavailable(device, "baseline", "this run has no baseline (pre-change) snapshot to compare with")
        before = ctx.baseline.entry(device, GET_CONFIG)
        if before is None or before.error or not isinstance(before.data, dict) or not before.data.get("running"):
            raise StateUnavailable(device, "baseline/" + GET_CONFIG.key, "the baseline has no running config for this device")
        old = _statements(parse_config(str(before.data["running"]), platform))
        new = _statements(parse_config(current, platform))
        changes = [("+", p) for p in sorted(new - old)] + [("-", p) for p in sorted(old - new)]

        def allowed(path: tuple[str, ...]) -> bool:
            return any(re.fullmatch(rx, path[-1]) or re.fullmatch(rx, " > ".join(path)) for rx in args.allowed)

        bad = {(sign, p) for sign, p in changes if not allowed(p)}
        verdict: Verdict
        if not changes:
            verdict = Verdict.fail("expected a change, found none") if args.require_change else Verdict.ok("config unchanged")
        elif not bad:
            verdict = Verdict.ok(f"{counted(len(changes), 'change')}, all allowed")
        else:
            shown = "; ".join(f"{s}{' > '.join(p)}" for s, p in sorted(bad)[:_SHOW])
            more = f" (+{len(bad) - _SHOW} more)" if len(bad) > _SHOW else ""
            verdict = Verdict.fail(f"expected changes only matching {args.allowed}, found {len(bad)} other: {shown}{more}",
                                   fraction=0.0)
        verdict.evidence.append(f"baseline:{device}/{GET_CONFIG.key}")
        return verdict


@register_check
class NoFlap(CheckType):
    """Adjacencies survived the change: every OSPF neighbour / BGP session (or the listed ``peers``)
    is up and has been since before ``since`` (default: when the baseline was taken), or for at
    least ``min_uptime`` seconds. OSPF uptimes: FRR only; BGP: every NAPALM driver. Without ``peers``,
    an adjacency that was up in the baseline and is gone now fails too (a shut link leaves no neighbour
    to judge, which must not read as "nothing flapped").

    ```yaml
    - id: no-outage
      type: no_flap
      targets: [core]
      args:
        protocol: ospf
        since: "2026-11-28T10:00:00Z"   # omit to use the baseline snapshot's time
    ```
    """

    class Args(CheckArgs):
        protocol: Literal["ospf", "bgp"]
        peers: list[str] = Field(default_factory=list)
        since: datetime | None = None
        min_uptime: int | None = Field(None, ge=1, le=366 * 24 * 3600, description="seconds (at most a year)")
        vrf: str = "default"

        @model_validator(mode="after")
        def _one_reference(self) -> NoFlap.Args:
            if self.since is not None and self.min_uptime is not None:
                raise ValueError("give since or min_uptime, not both")
            return self

    name = "no_flap"
    uses_baseline = True
    skills = ("S7",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        if args.protocol == "bgp":  # type: ignore[attr-defined]
            return [GET_BGP_NEIGHBORS]
        if device.platform != "frr":
            raise Unsupported(f"OSPF adjacency uptime is not reported on {device.platform!r}; no_flap ospf needs frr")
        return ospf.neighbor_requests(device.platform)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        request = GET_BGP_NEIGHBORS if args.protocol == "bgp" else ospf.GET_OSPF_NEIGHBORS
        sessions, aliases = self._sessions(args, state, device, ctx)
        entry = state.snapshot.entry(device, request)
        collected = entry.collected_at if entry else datetime.now(UTC)
        if args.min_uptime is not None:
            floor = float(args.min_uptime)
            reference = f"{args.min_uptime}s"
        else:
            since = args.since or (ctx.baseline.started if ctx.baseline else None)
            if since is None:
                raise StateUnavailable(device, "baseline", "no reference moment: give since or min_uptime, or run with a "
                                                           "baseline (pre-change) snapshot")
            since = since if since.tzinfo else since.replace(tzinfo=UTC)
            floor = (collected - since).total_seconds()
            reference = since.strftime("%H:%M:%SZ")
        before = self._baseline_peers(args, device, ctx) if not args.peers else set()
        names = args.peers or sorted(set(sessions) | before)  # an adjacency that vanished is a flap too
        items = []
        for peer in names:
            up, uptime = sessions.get(peer) or aliases.get(peer, (False, None))
            if peer in before and peer not in sessions:
                items.append((False, f"{peer}: up in the baseline, gone now"))
            elif not up:
                items.append((False, f"{peer}: expected up since {reference}, found down"))
            elif uptime is None or uptime < 0:
                raise StateUnavailable(device, request.key, f"no uptime reported for {peer}")
            else:
                came_up = (collected - timedelta(seconds=uptime)).strftime("%H:%M:%SZ")
                items.append((uptime >= floor, f"{peer}: expected up since {reference}, up since {came_up} ({uptime:.0f}s)"))
        return tally(items, f"{args.protocol} stable since {reference}: {', '.join(names)}",
                     empty=f"no {args.protocol} adjacency found")

    @classmethod
    def _baseline_peers(cls, args: Args, device: str, ctx: EvalContext) -> set[str]:
        """The adjacencies that were up before the change; none when the baseline lacks them."""
        if ctx.baseline is None:
            return set()
        try:
            before, _ = cls._sessions(args, StateView(ctx.baseline), device, ctx)
        except StateUnavailable:
            return set()
        return {peer for peer, (up, _uptime) in before.items() if up}

    @staticmethod
    def _sessions(args: Args, state: StateView, device: str, ctx: EvalContext) -> tuple[Sessions, Sessions]:
        """peer -> (up, uptime seconds), and OSPF neighbours also by interface address."""
        if args.protocol == "bgp":
            vrf = default_vrf(state.get(device, GET_BGP_NEIGHBORS), args.vrf) or {}
            return {p: (bool(i.get("is_up")), i.get("uptime")) for p, i in vrf.get("peers", {}).items()}, {}
        by_id: Sessions = {}
        by_address: Sessions = {}
        for n in ospf.neighbors(state, device, platform_of(ctx, device), args.vrf):
            by_id[n["neighbor_id"]] = by_address[n["address"]] = (n["state"] == "Full", n.get("uptime"))
        return by_id, by_address
