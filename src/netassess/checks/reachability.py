"""Reachability (S2, S4): ping from a router or host to a target, expecting success or failure.

Uses NAPALM's read-only ``ping`` getter with arguments, so the probe runs ON the target device
(a router, or a Linux host through ``napalm_netassess_linux``) exactly as an engineer would type it.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, field_validator

from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateUnavailable,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest

# ping's own words when the route table, not the tool, stops the probes (Linux iputils, IOS, EOS)
_NO_ROUTE = r"(?i)network is unreachable|no route to host|connect: invalid argument|unreachable|prohibited"


@register_check
class Reachability(CheckType):
    """Ping ``destination`` from the target; ``expect: success`` needs replies with at most
    ``max_loss`` percent lost (the first probe often dies waiting for ARP), ``expect: failure``
    needs every probe lost (e.g. a filter or ACL must block it).

    ```yaml
    - id: pc-reaches-server
      type: reachability
      targets: [pc1]
      wait: 20
      args:
        destination: 10.0.30.10
        expect: success
    ```
    """

    class Args(CheckArgs):
        destination: str
        expect: Literal["success", "failure"] = "success"
        source: str | None = None  # an address, or an interface (renamed per device like any)
        interface_fields = ("source",)
        count: int = Field(3, ge=1, le=20)
        timeout: int = Field(1, ge=1, le=10)
        max_loss: int = Field(40, ge=0, le=100, description="percent of probes that may be lost on success")
        vrf: str | None = None

        @field_validator("destination")
        @classmethod
        def _address(cls, value: str) -> str:
            try:
                ipaddress.ip_address(value)
            except ValueError:
                raise ValueError(f"{value!r}: give an IP address to ping") from None
            return value

    name = "reachability"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [self.ping_request(args)]  # type: ignore[arg-type]

    @staticmethod
    def ping_request(args: Args) -> StateRequest:
        extra = {k: v for k, v in (("source", args.source), ("vrf", args.vrf)) if v}
        return StateRequest.getter("ping", destination=args.destination, count=args.count, timeout=args.timeout, **extra)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        request = self.ping_request(args)
        data = state.get(device, request) or {}
        if "error" in data and "success" not in data:
            if not re.search(_NO_ROUTE, str(data["error"])):
                # "cannot ping" (bad source, unknown VRF, no ping binary): the tool could not decide
                raise StateUnavailable(device, request.key, f"ping could not run: {data['error']}", "command")
            # the kernel refused to send (no route, blackhole/prohibit route): every probe is lost
            data = {"success": {"probes_sent": args.count, "packet_loss": args.count}}
        result = data.get("success") if isinstance(data, dict) else None
        if not isinstance(result, dict) or not result.get("probes_sent") or "packet_loss" not in result:
            # nothing was measured: with `expect: failure` this must not read as "every probe lost"
            raise StateUnavailable(device, request.key, f"ping returned no probe counts: {str(data)[:120]}", "command")
        sent = int(result["probes_sent"])
        lost = int(result["packet_loss"])
        received = max(sent - lost, 0)
        loss_pct = 100 * lost / sent if sent else 100
        found = f"{received}/{sent} replies"
        src = f" from {args.source}" if args.source else ""
        if args.expect == "success":
            if received and loss_pct <= args.max_loss:
                return Verdict.ok(f"{args.destination} reachable{src}: {found}")
            return Verdict.fail(f"expected {args.destination} reachable{src} (loss <= {args.max_loss}%), found {found}")
        if received == 0:
            return Verdict.ok(f"{args.destination} unreachable{src} as required: {found}")
        return Verdict.fail(f"expected {args.destination} unreachable{src}, found {found}")
