"""Fakes for engine tests: a NAPALM driver served from memory, and small check types.

The fake driver is a real ``NetworkDriver`` subclass resolved by NAPALM's own lookup
(platform ``enginefake`` → module ``napalm_enginefake``), so the collector runs through
Nornir, nornir_napalm and NAPALM exactly as it does against a router.
"""

from __future__ import annotations

import sys
import types
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from napalm.base import NetworkDriver
from napalm.base.exceptions import ConnectAuthError, ConnectionException

from netassess.checks.base import (
    CHECKS,
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateView,
    Target,
    Unsupported,
    Verdict,
)
from netassess.readonly.network import NETWORK_POLICIES
from netassess.results import Status
from netassess.snapshot import StateRequest

PLATFORM = "enginefake"


class FakeDevices:
    """State of every fake device, keyed by hostname, plus a log of what the engine did to them."""

    def __init__(self) -> None:
        self.state: dict[str, dict[str, Any]] = {}
        self.opens: Counter[str] = Counter()
        self.calls: Counter[tuple[str, str]] = Counter()
        self.cli_calls: list[tuple[str, list[str]]] = []
        self.writes: list[str] = []

    def add(self, hostname: str, **state: Any) -> None:
        base = {
            "facts": {"hostname": hostname, "os_version": "fake 1.0", "vendor": "fake", "model": "x",
                      "serial_number": "0", "uptime": 1.0, "fqdn": hostname, "interface_list": ["eth1"]},
            "config": f"hostname {hostname}\nusername admin password 0 s3cr3t-plain\n",
            "values": {},
            "commands": {},
        }
        base.update(state)
        self.state[hostname] = base


DEVICES = FakeDevices()


class EngineFakeDriver(NetworkDriver):
    def __init__(self, hostname: str, username: str, password: str, timeout: int = 60, optional_args: Any = None) -> None:
        self.hostname, self.username, self.password = hostname, username, password

    def open(self) -> None:
        dev = DEVICES.state.get(self.hostname)
        if dev is None or dev.get("unreachable"):
            raise ConnectionException(f"Cannot connect to {self.hostname}: Connection refused")
        if dev.get("password") and dev["password"] != self.password:
            raise ConnectAuthError(f"Authentication failed for {self.username}@{self.hostname}")
        DEVICES.opens[self.hostname] += 1

    def close(self) -> None:
        pass

    def _dev(self, getter: str) -> dict[str, Any]:
        DEVICES.calls[(self.hostname, getter)] += 1
        return DEVICES.state[self.hostname]

    def get_facts(self) -> dict[str, Any]:
        return dict(self._dev("get_facts")["facts"])

    def get_config(self, retrieve: str = "all", full: bool = False, sanitized: bool = False, format: str = "text") -> dict[str, str]:
        dev = self._dev("get_config")
        return {"running": dev["config"], "startup": dev["config"], "candidate": ""}

    def get_environment(self) -> dict[str, Any]:
        dev = self._dev("get_environment")
        if "values" not in dev or "environment" not in dev["values"]:
            raise NotImplementedError("get_environment is not implemented for this platform")
        return dev["values"]["environment"]

    def get_interfaces(self) -> dict[str, Any]:
        values = self._dev("get_interfaces")["values"]
        if values.get("interfaces_sequence"):  # state that converges: one snapshot per call
            return dict(values["interfaces_sequence"].pop(0))
        return dict(values.get("interfaces", {}))

    def cli(self, commands: list[str], encoding: str = "text") -> dict[str, str]:
        dev = self._dev("cli")
        DEVICES.cli_calls.append((self.hostname, list(commands)))
        out = {}
        for c in commands:
            if c not in dev["commands"]:
                from napalm.base.exceptions import CommandErrorException

                raise CommandErrorException(f"% Unknown command: {c}")
            out[c] = dev["commands"][c]
        return out

    def load_merge_candidate(self, *a: Any, **k: Any) -> None:  # the engine must never call these
        DEVICES.writes.append(self.hostname)

    def commit_config(self, *a: Any, **k: Any) -> None:
        DEVICES.writes.append(self.hostname)


_module = types.ModuleType(f"napalm_{PLATFORM}")
_module.EngineFakeDriver = EngineFakeDriver  # type: ignore[attr-defined]
sys.modules[f"napalm_{PLATFORM}"] = _module


# --- fake check types -------------------------------------------------------------------

class ValueArgs(CheckArgs):
    key: str
    expect: Any


class FakeValue(CheckType):
    """Passes when ``interfaces[key]`` equals ``expect`` on the device."""

    name: ClassVar[str] = "engine_fake_value"
    skills: ClassVar[tuple[str, ...]] = ("S2",)
    Args: ClassVar[type[CheckArgs]] = ValueArgs

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        if device.platform == "unsupported_os":
            raise Unsupported("no interfaces getter on unsupported_os")
        return [StateRequest.getter("get_interfaces")]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        data = state.get(target.name, StateRequest.getter("get_interfaces"))
        found = data.get(args.key)
        if found == args.expect:
            return Verdict.ok(f"{args.key} is {found}")
        return Verdict.fail(f"expected {args.key}={args.expect}, found {found}")


class ShareArgs(CheckArgs):
    keys: list[str]


class FakeShare(CheckType):
    """Partial credit: the share of ``keys`` that are truthy in interfaces."""

    name: ClassVar[str] = "engine_fake_share"
    skills: ClassVar[tuple[str, ...]] = ("S13",)
    Args: ClassVar[type[CheckArgs]] = ShareArgs

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.getter("get_interfaces")]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        data = state.get(target.name, StateRequest.getter("get_interfaces"))
        good = [k for k in args.keys if data.get(k)]
        if len(good) == len(args.keys):
            return Verdict.ok("all present")
        return Verdict.fail(f"{len(good)}/{len(args.keys)} present", len(good) / len(args.keys))


class CmdArgs(CheckArgs):
    command: str
    contains: str


class FakeCommand(CheckType):
    """Passes when a command's output contains a string."""

    name: ClassVar[str] = "engine_fake_command"
    skills: ClassVar[tuple[str, ...]] = ("S4",)
    Args: ClassVar[type[CheckArgs]] = CmdArgs

    def requests(self, args: Any, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.cmd(args.command)]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        out = state.get(target.name, StateRequest.cmd(args.command)) or ""
        if args.contains in out:
            return Verdict.ok(f"{args.command!r} shows {args.contains!r}")
        return Verdict.fail(f"{args.command!r} does not show {args.contains!r}")


class FakeLink(CheckType):
    """Link scope: both ends report the interface up."""

    name: ClassVar[str] = "engine_fake_link"
    scope = "link"
    skills: ClassVar[tuple[str, ...]] = ("S13",)

    def requests(self, args: Any, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.getter("get_interfaces")]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        assert target.link is not None
        down = [f"{e.device}:{e.interface}" for e in target.link
                if not state.get(e.device, StateRequest.getter("get_interfaces")).get(e.interface)]
        return Verdict.fail(f"down: {', '.join(down)}") if down else Verdict.ok("both ends up")


class FakeEnvironment(CheckType):
    """Needs a getter the fake platform may not implement (→ unsupported error)."""

    name: ClassVar[str] = "engine_fake_environment"
    skills: ClassVar[tuple[str, ...]] = ("S2",)

    def requests(self, args: Any, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.getter("get_environment")]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        state.get(target.name, StateRequest.getter("get_environment"))
        return Verdict.ok("environment read")


class FakeUnchanged(CheckType):
    """S7-style: the interfaces are as they were in the baseline (pre-change) snapshot."""

    name: ClassVar[str] = "engine_fake_unchanged"
    skills: ClassVar[tuple[str, ...]] = ("S7",)

    def requests(self, args: Any, device: DeviceContext) -> list[StateRequest]:
        return [StateRequest.getter("get_interfaces")]

    def evaluate(self, args: Any, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        from netassess.checks.base import StateUnavailable

        now = state.get(target.name, StateRequest.getter("get_interfaces"))
        if ctx.baseline is None:
            raise StateUnavailable(target.name, "baseline", "no baseline snapshot")
        before = ctx.baseline.entry(target.name, StateRequest.getter("get_interfaces"))
        if before is None or before.data != now:
            return Verdict.fail(f"changed: {before.data if before else None} -> {now}")
        return Verdict.ok("unchanged since the baseline")


FAKE_CHECKS: tuple[type[CheckType], ...] = (FakeValue, FakeShare, FakeCommand, FakeLink, FakeEnvironment, FakeUnchanged)


def install_fake_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the fake types for one test only, so other suites never see them in the registry."""
    CHECKS.load()
    for cls in FAKE_CHECKS:
        monkeypatch.setitem(CHECKS._items, cls.name, cls)  # restored when the test ends
    # The collector sends only what a platform's read-only policy accepts: the fake OS gets FRR's (show …, | include).
    monkeypatch.setitem(NETWORK_POLICIES, PLATFORM, replace(NETWORK_POLICIES["frr"], platform=PLATFORM))


def reset_devices() -> FakeDevices:
    DEVICES.__init__()  # type: ignore[misc]
    return DEVICES


def write_inventory(directory: Path, hosts: dict[str, dict[str, Any]], defaults: dict[str, Any] | None = None,
                    groups: dict[str, Any] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    (directory / "defaults.yaml").write_text(yaml.safe_dump(defaults or {"username": "admin", "password": "pw",
                                                                           "platform": PLATFORM}))
    if groups is not None:
        (directory / "groups.yaml").write_text(yaml.safe_dump(groups))
    return directory


def status_of(results: list[Any]) -> dict[tuple[str, str], Status]:
    return {(r.check_id, r.target): r.status for r in results}
