"""The snapshot: every piece of device state a run collected, keyed by a stable request key.

Checks only ever read a snapshot, never a device; that is what makes offline re-scoring
(``netassess score``) and one-session-per-device collection possible.

Request keys are stable strings:
- ``getter:get_interfaces_ip`` — a NAPALM getter without arguments;
- ``getter:get_route_to?destination=10.0.0.0/24&protocol=ospf`` — with arguments, sorted;
- ``cmd:show ip ospf interface json`` — a raw CLI command (driver ``cli()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field

from netassess.window_measure import WindowMeasurement

SNAPSHOT_SCHEMA_VERSION = "1.0"  # fields are only added within a version (``window``: optional, its own version)

#: ``command``: the device did not understand the command (the author's mistake); ``refused``: it understood
#: it but said the feature is not configured ("% OSPF is not enabled in vrf default"), which a check may judge.
ErrorKind = Literal["unreachable", "auth", "timeout", "unsupported", "command", "refused", "internal"]


@dataclass(frozen=True, order=True)
class StateRequest:
    """One piece of state a check needs from one device."""

    kind: Literal["getter", "cmd"]
    name: str
    args: tuple[tuple[str, Any], ...] = field(default=())

    @classmethod
    def getter(cls, name: str, **kwargs: Any) -> StateRequest:
        return cls("getter", name, tuple(sorted(kwargs.items())))

    @classmethod
    def cmd(cls, command: str) -> StateRequest:
        return cls("cmd", command)

    @property
    def key(self) -> str:
        base = f"{self.kind}:{self.name}"
        return f"{base}?{urlencode(self.args, safe='/:')}" if self.args else base

    @property
    def kwargs(self) -> dict[str, Any]:
        return dict(self.args)


def now() -> datetime:
    return datetime.now(UTC)


class StateEntry(BaseModel):
    """The answer to one request: data, or the reason there is none."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: not at CLI start

    data: Any = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    collected_at: datetime = Field(default_factory=now)

    @property
    def ok(self) -> bool:
        return self.error is None


class Snapshot(BaseModel):
    """All collected state of one run: ``devices[name][request_key] -> StateEntry``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use: not at CLI start

    schema_version: str = SNAPSHOT_SCHEMA_VERSION
    started: datetime = Field(default_factory=now)
    finished: datetime | None = None
    platforms: dict[str, str] = Field(default_factory=dict, description="device -> platform")
    device_errors: dict[str, str] = Field(default_factory=dict, description="device -> why no session opened")
    sessions: dict[str, int] = Field(default_factory=dict, description="device -> sessions opened (should be 1)")
    devices: dict[str, dict[str, StateEntry]] = Field(default_factory=dict)
    context: dict[str, Any] = Field(
        default_factory=dict,
        description="what the run knew besides device state (role map, inventory groups, parameters), so re-scoring needs nothing else",
    )
    window: WindowMeasurement | None = Field(None, description="the change window's probes and adjacency samples (S7)")

    def entry(self, device: str, request: StateRequest | str) -> StateEntry | None:
        key = request if isinstance(request, str) else request.key
        return self.devices.get(device, {}).get(key)

    def put(self, device: str, request: StateRequest | str, entry: StateEntry) -> None:
        key = request if isinstance(request, str) else request.key
        self.devices.setdefault(device, {})[key] = entry

    def save(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2))

    @classmethod
    def load(cls, path: Path) -> Snapshot:
        from netassess.safe_json import load_file

        return cls.model_validate(load_file(path))  # bounded: snapshots come back from candidates' folders
