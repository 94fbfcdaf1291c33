"""Cabling (S2): the links of the design are the links on the bench, as LLDP sees them.

A mis-patched cable passes every addressing check when the apprentice addresses what they find,
not what was designed; LLDP names the device and port at the far end of each cable, so only it
tells the two apart.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from netassess.checks._common import canonical, find_interface, tally
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    LinkEnd,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest

GET_LLDP_NEIGHBORS = StateRequest.getter("get_lldp_neighbors")


def same_system(found: str, want: str) -> bool:
    """LLDP system names compare case-insensitively, without a domain (``R2.lab.example`` is ``r2``)."""
    return found.strip().lower().split(".")[0] == want.strip().lower().split(".")[0]


def same_port(found: str, want: str) -> bool:
    """``Gi0/1`` is ``GigabitEthernet0/1``; Linux names compare as written (case aside)."""
    return canonical(found.strip()).lower() == canonical(want.strip()).lower()


@register_check
class LldpCabling(CheckType):
    """Each topology link is cabled as designed: on each end's interface, LLDP sees the device at
    the other end (and, with ``check_port``, its port). One result per link, half the points per end.

    System names compare case-insensitively without a domain; give ``hostnames`` when a device's
    LLDP name is not its inventory name. Ports compare as interface names (``Gi0/1`` is
    ``GigabitEthernet0/1``). Uses NAPALM ``get_lldp_neighbors``; in the built-in lab, LLDP runs
    where the topology asks for it (``netassess lab up --lldp``, or the node label
    ``netassess.lldp: "on"``), and a device without LLDP is an error, not a fail.

    ```yaml
    - id: cabling
      type: lldp_cabling
      targets: [all]          # every link between these devices
      args:
        hostnames: {edge: LON-EDGE-01}   # only where LLDP names differ
    ```
    """

    class Args(CheckArgs):
        hostnames: dict[str, str] = Field(default_factory=dict)
        check_port: bool = True

    name = "lldp_cabling"
    scope = "link"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_LLDP_NEIGHBORS]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        assert target.link is not None, "lldp_cabling is a link-scoped check"
        a, b = target.link
        items = [self._end(args, state.get(near.device, GET_LLDP_NEIGHBORS), near, far) for near, far in ((a, b), (b, a))]
        return tally(items, f"cabled as designed: {a.device} {a.interface} to {b.device} {b.interface}")

    def _end(self, args: Args, table: dict[str, Any], near: LinkEnd, far: LinkEnd) -> tuple[bool, str]:
        want = args.hostnames.get(far.device, far.device)
        key = find_interface(table, near.interface)
        seen = table.get(key, []) if key else []
        for neighbor in seen:
            if same_system(str(neighbor.get("hostname", "")), want) and (
                    not args.check_port or same_port(str(neighbor.get("port", "")), far.interface)):
                return True, f"{near.device} {near.interface} sees {want} {far.interface}"
        found = ", ".join(f"{n.get('hostname', '?')} {n.get('port', '?')}" for n in seen) or "no LLDP neighbour"
        expected = f"{want} {far.interface}" if args.check_port else want
        return False, f"{near.device} {near.interface}: expected {expected}, found {found}"
