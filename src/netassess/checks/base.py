"""The contract of a check type (in ANTA's style: one class, self-describing).

A check type:
- has a docstring with a ready-to-paste YAML example (it is the documentation);
- has a nested pydantic ``Args`` model (``extra="forbid"``) validating its ``args:``;
- declares, per device, the state it needs (``requests``) — it never talks to devices;
- judges that state purely (``evaluate``) and returns a ``Verdict``.

The engine plans the union of requests per device, collects each once, then calls
``evaluate`` once per target. A check raising ``StateUnavailable`` (missing/errored
state) or ``Unsupported`` (platform) becomes an ``error`` result with the reason.
"""

from __future__ import annotations

import functools
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from netassess.ifnames import interface_namer, renames
from netassess.registry import Registry
from netassess.snapshot import Snapshot, StateRequest
from netassess.verdicts import Status

Scope = Literal["device", "link", "lab"]


class CheckArgs(BaseModel):
    """Base for every check's ``Args``: unknown keys are an error, not a silent no-op.

    ``interface_fields`` names the fields that hold topology interface names (a name, a list of
    names, or a map keyed by name): the engine gives each device its own names (``eth1`` →
    ``GigabitEthernet0/1``) before the check sees them, as it does for link ends."""

    # defer_build: an Args model is built when a task first uses its check type, not when its
    # family is imported (issue 15, CLI start).
    model_config = ConfigDict(extra="forbid", defer_build=True)
    interface_fields: ClassVar[tuple[str, ...]] = ()

    def for_device(self, ifname: Callable[[str], str]) -> CheckArgs:
        """A copy with every ``interface_fields`` value renamed through ``ifname``."""
        update: dict[str, Any] = {}
        for field_name in self.interface_fields:
            value = getattr(self, field_name)
            if isinstance(value, str):
                update[field_name] = ifname(value)
            elif isinstance(value, list):
                update[field_name] = [ifname(v) for v in value]
            elif isinstance(value, dict):
                update[field_name] = {ifname(k): v for k, v in value.items()}
        return self.model_copy(update=update) if update else self


class NoArgs(CheckArgs):
    pass


@dataclass(frozen=True)
class DeviceContext:
    """What a check may know about a device without asking it."""

    name: str
    platform: str
    roles: tuple[str, ...] = ()
    interface_map: tuple[tuple[str, str], ...] = ()  # the inventory's data.interface_map, as pairs

    def own_args(self, args: CheckArgs) -> CheckArgs:
        """``args`` in this device's interface names (what both ``requests`` and ``evaluate`` see)."""
        ifname = self.ifname()
        return args.for_device(ifname) if ifname is not None else args

    def ifname(self) -> Callable[[str], str] | None:
        """Topology interface name → this device's, or None when the device uses the topology's names."""
        mapping = dict(self.interface_map)
        return interface_namer(self.platform, mapping) if renames(self.platform, mapping) else None


@dataclass(frozen=True)
class LinkEnd:
    device: str
    interface: str


@dataclass(frozen=True)
class Target:
    """What one result is about: a device, a topology link, or the whole lab."""

    kind: Scope
    name: str
    devices: tuple[str, ...]
    link: tuple[LinkEnd, LinkEnd] | None = None

    @classmethod
    def device(cls, name: str) -> Target:
        return cls("device", name, (name,))

    @classmethod
    def for_link(cls, a: LinkEnd, b: LinkEnd) -> Target:
        return cls("link", f"{a.device}:{a.interface}--{b.device}:{b.interface}", (a.device, b.device), (a, b))

    @classmethod
    def lab(cls, devices: tuple[str, ...]) -> Target:
        return cls("lab", "lab", devices)


@dataclass
class EvalContext:
    """Run-wide facts a pure evaluation may use."""

    devices: dict[str, DeviceContext]
    links: list[tuple[LinkEnd, LinkEnd]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    run_started: datetime | None = None
    baseline: Snapshot | None = None  # state captured before the change, for S7 checks


@dataclass
class Verdict:
    """A check's judgement of one target. ``fraction`` is the share of points earned (partial credit)."""

    status: Status
    message: str
    fraction: float | None = None
    evidence: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.fraction is None:
            self.fraction = 1.0 if self.status is Status.PASS else 0.0
        if not 0.0 <= self.fraction <= 1.0:
            raise ValueError("fraction must be within 0..1")
        if self.status is Status.FAIL and self.fraction >= 1.0:
            raise ValueError("a fail cannot earn full points (fraction < 1)")
        if self.status in (Status.ERROR, Status.SKIP):
            self.fraction = 0.0  # an error never counts as a pass

    @classmethod
    def ok(cls, message: str) -> Verdict:
        return cls(Status.PASS, message)

    @classmethod
    def fail(cls, message: str, fraction: float = 0.0) -> Verdict:
        return cls(Status.FAIL, message, fraction)

    @classmethod
    def skip(cls, message: str) -> Verdict:
        return cls(Status.SKIP, message)


class StateUnavailable(Exception):
    """The state a check needs is missing or errored; the result becomes ``error``."""

    def __init__(self, device: str, key: str, reason: str, kind: str = "internal") -> None:
        super().__init__(f"{device}: {key}: {reason}")
        self.device, self.key, self.reason, self.kind = device, key, reason, kind


class Unsupported(Exception):
    """The check cannot run on this platform; the result becomes ``error`` (unsupported)."""


class StateView:
    """Read-only access to a snapshot that records which entries a verdict relied on."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.used: list[str] = []

    def get(self, device: str, request: StateRequest) -> Any:
        if device in self.snapshot.device_errors:
            raise StateUnavailable(device, request.key, self.snapshot.device_errors[device], "unreachable")
        entry = self.snapshot.entry(device, request)
        if entry is None:
            raise StateUnavailable(device, request.key, "not collected")
        self.used.append(f"{device}/{request.key}")
        if entry.error is not None:
            raise StateUnavailable(device, request.key, entry.error, entry.error_kind or "internal")
        return entry.data


class CheckType(ABC):
    """Base class of every check type; subclasses register with ``@register_check``."""

    name: ClassVar[str]
    scope: ClassVar[Scope] = "device"
    skills: ClassVar[tuple[str, ...]] = ()
    Args: ClassVar[type[CheckArgs]] = NoArgs
    uses_baseline: ClassVar[bool] = False  # judges a change against the pre-change snapshot (S7)
    reads_window: ClassVar[bool] = False  # judged from the change window's measurements, not from device state
    platform_field: ClassVar[str] = ""  # the argument ``platform_problem`` judges, for the problem's file:line

    @abstractmethod
    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        """State needed from ``device``; raise ``Unsupported`` if its platform cannot answer."""

    @abstractmethod
    def evaluate(self, args: CheckArgs, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        """Judge ``target`` from collected state only. Must not do I/O."""

    @classmethod
    def parse_args(cls, raw: dict[str, Any] | None) -> CheckArgs:
        return cls.Args.model_validate(raw or {})

    def platform_problem(self, args: CheckArgs, platform: str) -> str | None:
        """Why ``args`` must not run on a ``platform`` target (``validate`` reports it with file:line), or None."""
        return None


_NAME_LINE = re.compile(r'^    name = "([A-Za-z0-9_]+)"$', re.M)


@functools.cache
def builtin_check_modules() -> dict[str, str]:
    """Check type name -> the built-in module registering it, read from the sources without importing them.

    ``validate`` of one task then imports only the families it uses (issue 15: CLI start). A class
    this misses (its name not a plain literal) still works: the registry loads every module then.
    A unit test holds the scan to what the modules register."""
    folder = os.path.dirname(__file__)
    index: dict[str, str] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("_") or not entry.name.endswith(".py"):
            continue
        try:
            with open(entry.path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError):
            continue
        for decorated in text.split("\n@register_check\n")[1:]:
            found = _NAME_LINE.search(decorated)
            if found:
                index.setdefault(found.group(1), f"{__package__}.{entry.name[:-3]}")
    return index


CHECKS: Registry[type[CheckType]] = Registry("checks", "netassess.checks", noun="check type",
                                             locate=lambda name: builtin_check_modules().get(name))


def register_check(cls: type[CheckType]) -> type[CheckType]:
    """Class decorator: registers a check type under ``cls.name``."""
    CHECKS.add(cls.name, cls)
    return cls
