"""Plan: the union of the state every selected check needs, per device.

A check names the state it needs per device (``CheckType.requests``); the plan de-duplicates it so
the collector fetches each getter or command once per device, whatever number of checks read it.
A check that cannot run on a device's platform (``Unsupported``) is recorded here; the evaluator
turns it into an ``error`` result with the reason, and nothing is collected for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netassess.checks.base import CheckArgs, CheckType, DeviceContext, Unsupported
from netassess.results import Level
from netassess.snapshot import StateRequest

# Collected from every device at the start of every run: facts for the report, and the
# configs (running, startup) as the evidence of what the candidate left. ``get_config`` without
# arguments is the same request the config checks make, so it is fetched once per device.
FACTS_REQUEST = StateRequest.getter("get_facts")
RUNNING_CONFIG_REQUEST = StateRequest.getter("get_config")
BASE_REQUESTS: tuple[StateRequest, ...] = (FACTS_REQUEST, RUNNING_CONFIG_REQUEST)


@dataclass(frozen=True)
class WaitPolicy:
    """Retry a check until it passes or ``timeout`` seconds pass, re-collecting every ``interval``."""

    timeout: float
    interval: float = 5.0


@dataclass
class PlannedCheck:
    """One check of the task, resolved against this inventory: the engine's unit of work.

    ``messages`` holds the task author's ``pass``/``fail`` templates (Jinja, rendered per target).
    """

    id: str
    type_name: str
    check: CheckType
    args: CheckArgs
    devices: list[str]
    points: float = 1.0
    skills: list[str] = field(default_factory=list)
    level: Level = Level.REQUIRED
    hint: str | None = None
    messages: dict[str, str] = field(default_factory=dict)
    wait: WaitPolicy | None = None
    location: str = ""  # "tasks/x.yaml: checks[3]" for messages

    @property
    def scope(self) -> str:
        return self.check.scope


@dataclass
class Plan:
    """What to collect from whom, and which check × device pairs cannot be judged at all."""

    devices: dict[str, DeviceContext]
    requests: dict[str, list[StateRequest]] = field(default_factory=dict)
    by_check: dict[str, dict[str, list[StateRequest]]] = field(default_factory=dict)
    unsupported: dict[tuple[str, str], str] = field(default_factory=dict)

    def request_count(self) -> int:
        return sum(len(r) for r in self.requests.values())

    def for_checks(self, check_ids: Iterable[str], devices: Iterable[str] | None = None) -> dict[str, list[StateRequest]]:
        """The union of requests of some checks only (a retry round), optionally on some devices only."""
        wanted = set(devices) if devices is not None else None
        out: dict[str, set[StateRequest]] = {}
        for cid in check_ids:
            for device, reqs in self.by_check.get(cid, {}).items():
                if wanted is None or device in wanted:
                    out.setdefault(device, set()).update(reqs)
        return {d: sorted(r) for d, r in out.items() if r}

    def to_dict(self) -> dict[str, Any]:
        return {
            "requests": {d: [r.key for r in reqs] for d, reqs in self.requests.items()},
            "unsupported": {f"{c}@{d}": why for (c, d), why in self.unsupported.items()},
        }


def build_plan(
    checks: Iterable[PlannedCheck],
    devices: Mapping[str, DeviceContext],
    base: Iterable[StateRequest] = BASE_REQUESTS,
) -> Plan:
    """Ask each check what it needs from each of its devices; keep the union per device."""
    base = tuple(base)
    plan = Plan(devices=dict(devices))
    union: dict[str, set[StateRequest]] = {name: set(base) for name in devices}
    for chk in checks:
        per_device: dict[str, list[StateRequest]] = {}
        for name in chk.devices:
            try:
                reqs = list(chk.check.requests(devices[name].own_args(chk.args), devices[name]))
            except Unsupported as exc:
                reason = str(exc) or f"{chk.type_name} is not supported on platform {devices[name].platform}"
                plan.unsupported[(chk.id, name)] = reason
                continue
            per_device[name] = reqs
            union.setdefault(name, set(base)).update(reqs)
        plan.by_check[chk.id] = per_device
    # Base requests first (facts give the report something even when a getter later fails).
    plan.requests = {
        name: [*base, *sorted(reqs.difference(base))] for name, reqs in union.items()
    }
    return plan
