"""Properties every check type must have, whatever it judges (run over the whole registry)."""

from __future__ import annotations

import pytest
from checklab import Lab

from netassess.checks._catalog import PLATFORMS, example
from netassess.checks.base import (
    CHECKS,
    DeviceContext,
    LinkEnd,
    StateUnavailable,
    StateView,
    Target,
    Unsupported,
)
from netassess.snapshot import Snapshot, StateRequest

NAMES = CHECKS.names()
# Device-state properties; a check judged from the change window reads no device (tests/unit/window).
DEVICE_NAMES = [n for n in NAMES if not CHECKS.get(n).reads_window]


def _target(scope: str) -> Target:
    if scope == "lab":
        return Target.lab(("r1", "r2"))
    if scope == "link":
        return Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))
    return Target.device("r1")


def _example_args(name: str):
    cls = CHECKS.get(name)
    return cls, cls.parse_args(example(cls)[0].get("args"))


def _platform(cls, args) -> str:
    """The first platform the check supports (frr for most; a switching check needs a switch)."""
    for platform in PLATFORMS:
        try:
            cls().requests(args, DeviceContext("r1", platform))
            return platform
        except Unsupported:
            continue
    raise AssertionError(f"{cls.name} supports no platform")


def _lab(cls, args) -> Lab:
    p = _platform(cls, args)
    return Lab(platforms={"r1": p, "r2": p}, links=[(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))],
               baseline=Snapshot())


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("name", NAMES)
def test_requests_are_state_requests_or_unsupported(name, platform):
    cls, args = _example_args(name)
    try:
        reqs = cls().requests(args, DeviceContext("r1", platform))
    except Unsupported as exc:
        assert platform in str(exc) or "platform" in str(exc) or "no command" in str(exc)
        return
    assert (reqs or cls.reads_window) and all(isinstance(r, StateRequest) for r in reqs)


@pytest.mark.parametrize("name", DEVICE_NAMES)
def test_nothing_collected_is_an_error_never_a_verdict(name):
    cls, args = _example_args(name)
    lab = _lab(cls, args)
    with pytest.raises(StateUnavailable):
        cls().evaluate(args, _target(cls.scope), StateView(lab.snapshot), lab.ctx())


@pytest.mark.parametrize("name", DEVICE_NAMES)
def test_unreachable_device_is_an_error_naming_it(name):
    cls, args = _example_args(name)
    lab = _lab(cls, args)
    lab.snapshot.device_errors["r1"] = "unreachable: TCP port 22 timed out"
    with pytest.raises(StateUnavailable) as exc:
        cls().evaluate(args, _target(cls.scope), StateView(lab.snapshot), lab.ctx())
    assert exc.value.device == "r1" and exc.value.kind == "unreachable"


@pytest.mark.parametrize("name", DEVICE_NAMES)
def test_errored_entries_are_errors_with_the_devices_reason(name):
    cls, args = _example_args(name)
    lab = _lab(cls, args)
    for device in _target(cls.scope).devices:
        for req in cls().requests(args, DeviceContext(device, lab.platforms[device])):
            lab.put(device, req, error="% Unknown command: the device refused it")
    with pytest.raises(StateUnavailable, match="Unknown command"):
        cls().evaluate(args, _target(cls.scope), StateView(lab.snapshot), lab.ctx())


@pytest.mark.parametrize("name", NAMES)
def test_interface_fields_name_real_arguments(name):
    args = CHECKS.get(name).Args
    assert set(args.interface_fields) <= set(args.model_fields), f"{name}: {args.interface_fields}"


@pytest.mark.parametrize("name", NAMES)
def test_every_argument_that_names_interfaces_is_declared_for_renaming(name):
    """A forgotten field would judge eth2 on a rack that calls it GigabitEthernet0/2: a wrong grade."""
    args = CHECKS.get(name).Args
    looks_like = {f for f, info in args.model_fields.items()
                  if "interface" in f or f in {"passive", "active", "used"}
                  or (f == "source" and "Literal" not in str(info.annotation))}
    assert looks_like <= set(args.interface_fields), f"{name}: declare {sorted(looks_like - set(args.interface_fields))}"
