"""Which devices a push may change, decided from the inventory before any connection opens.

A rack inventory describes real equipment, so a push there must be a decision someone wrote down:
``data.netassess.push: allowed`` on the host, one of its groups or the defaults. A ``replace``
stage rewrites a device's whole configuration, so it is further limited to lab equipment
(``data.netassess.lab: true``). Built-in and containerlab labs mark their own nodes so. Each key is
taken from the nearest level that sets it (host, then its groups in order, then defaults), so a
group can allow pushes and one host can still say ``push: denied``.

A dry run changes nothing and needs neither flag: preview a rack before opting it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from nornir.core.inventory import Host, Inventory
from pydantic import BaseModel, ConfigDict, ValidationError

from netassess.errors import UsageError

KEY = "netassess"
LAB_EQUIPMENT = {"push": "allowed", "lab": True}  # what built-in and containerlab lab nodes carry


class PushPolicy(BaseModel):
    """``data.netassess`` at one inventory level; unset keys fall through to the next level."""

    model_config = ConfigDict(extra="forbid")

    push: Literal["allowed", "denied"] | None = None
    lab: bool | None = None


def _levels(host: Host, inventory: Inventory) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, data)`` from nearest to farthest: the host, its groups (each followed by its parents,
    as Nornir resolves ``host.get``), then the defaults."""
    yield f"host {host.name}", host.data
    seen: set[str] = set()
    pending = list(host.groups)
    while pending:
        group = pending.pop(0)
        if group.name in seen:
            continue
        seen.add(group.name)
        yield f"group {group.name}", group.data
        pending[0:0] = list(group.groups)
    yield "defaults", inventory.defaults.data


def host_policy(host: Host, inventory: Inventory) -> PushPolicy:
    """The effective ``data.netassess`` of ``host``; a malformed one is the inventory's error (exit 2)."""
    merged: dict[str, Any] = {}
    for where, data in _levels(host, inventory):
        raw = (data or {}).get(KEY)
        if raw is None:
            continue
        try:
            level = PushPolicy.model_validate(raw)
        except ValidationError as exc:
            problem = exc.errors()[0]
            place = ".".join(str(p) for p in (KEY, *problem["loc"]))
            raise UsageError(f"inventory {where}: data.{place}: {problem['msg']}; "
                             "use netassess: {push: allowed|denied, lab: true|false}") from None
        for key, value in level.model_dump(exclude_none=True).items():
            merged.setdefault(key, value)
    return PushPolicy.model_validate(merged)


def check_push_allowed(inventory: Inventory, targets: Iterable[tuple[str, str]], stage: str) -> None:
    """Refuse, in one line naming the flag to set, unless every ``(host, mode)`` may be changed."""
    targets = list(targets)
    policies = {host: host_policy(inventory.hosts[host], inventory) for host, _ in targets}
    closed = [host for host, _ in targets if policies[host].push != "allowed"]
    if closed:
        raise UsageError(
            f"push refused: {_names(closed)} not opted in to pushes; if this inventory's devices may be "
            "changed, set data.netassess.push: allowed on each host or its group (see inventories/README.md)"
        )
    replaced = [host for host, mode in targets if mode == "replace" and not policies[host].lab]
    if replaced:
        raise UsageError(
            f"push refused: stage {stage} replaces the whole configuration (mode replace) of {_names(replaced)}, "
            "allowed only on lab equipment; if it is, set data.netassess.lab: true on each host or its group"
        )


def _names(hosts: list[str]) -> str:
    shown = ", ".join(hosts[:5]) + (f" and {len(hosts) - 5} more" if len(hosts) > 5 else "")
    return f"{shown} {'is' if len(hosts) == 1 else 'are'}"
