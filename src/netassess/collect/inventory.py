"""Build the Nornir object a run talks to, from exactly one inventory source.

Three sources, one shape (a Nornir ``Inventory`` of hosts with a NAPALM platform):
- ``--lab NAME``: a lab this machine runs (``netassess.lab.state`` + ``netassess.lab.inventory``);
- ``-i DIR``: a Nornir SimpleInventory directory (``hosts.yaml``, ``groups.yaml``, ``defaults.yaml``),
  the usual description of a physical rack;
- ``--clab-inventory FILE``: the ``nornir-simple-inventory.yml`` containerlab writes for a lab.

Credentials come from the inventory, else ``NETASSESS_USERNAME`` / ``NETASSESS_PASSWORD``, else a
prompt. They never come from a task file and are never printed or logged: they only ever live in
the Nornir inventory objects.
"""

from __future__ import annotations

import functools
import getpass
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.inventory import ConnectionOptions, Group, Groups, Host, Hosts, Inventory, ParentGroups
from nornir.plugins.inventory.simple import _get_defaults, _get_inventory_element
from nornir.plugins.runners import ThreadedRunner

from netassess.collect.inventory_files import load_clab_inventory, load_simple_inventory
from netassess.errors import LabError, UsageError
from netassess.platforms import napalm_driver, napalm_platform

DEFAULT_TIMEOUT = 20  # seconds: NAPALM connect and per-command timeout unless the inventory sets one
DEFAULT_WORKERS = 32  # sessions are I/O-bound: a rack of 32 is collected in one wave
USERNAME_ENV = "NETASSESS_USERNAME"
PASSWORD_ENV = "NETASSESS_PASSWORD"

@dataclass(frozen=True)
class InventorySource:
    """Exactly one of the three ways to name the devices of a run."""

    lab: str | None = None
    inventory_dir: Path | None = None
    clab_inventory: Path | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.lab, self.inventory_dir, self.clab_inventory) if x]
        if len(given) != 1:
            raise UsageError("name the devices with exactly one of --lab NAME, -i INVENTORY_DIR or --clab-inventory FILE")

    @property
    def label(self) -> str:
        if self.lab:
            return f"lab {self.lab}"
        if self.inventory_dir:
            return f"inventory {self.inventory_dir}"
        return f"containerlab inventory {self.clab_inventory}"


def inventory_from_dict(data: dict[str, Any]) -> Inventory:
    """A Nornir Inventory from SimpleInventory-shaped data: ``{hosts, groups, defaults}`` or a flat hosts map."""
    if isinstance(data.get("hosts"), dict):
        hosts_d, groups_d, defaults_d = data["hosts"], data.get("groups") or {}, data.get("defaults") or {}
    else:
        hosts_d, groups_d, defaults_d = data, {}, {}
    defaults = _get_defaults(defaults_d)
    groups = Groups()
    for name, g in groups_d.items():
        groups[name] = _get_inventory_element(Group, g or {}, name, defaults)
    for g in groups.values():
        g.groups = ParentGroups([groups[p] for p in (g.groups or [])])
    hosts = Hosts()
    for name, h in hosts_d.items():
        host = _get_inventory_element(Host, h or {}, name, defaults)
        missing = [p for p in (host.groups or []) if p not in groups]
        for p in missing:  # containerlab's nornir-group labels name groups it never defines
            groups[p] = Group(name=p, defaults=defaults)
        host.groups = ParentGroups([groups[p] for p in (host.groups or [])])
        hosts[name] = host
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)


def _load_lab_inventory(name: str) -> Inventory:
    try:
        from netassess.lab.inventory import nornir_inventory
        from netassess.lab.state import load_state
    except ImportError as exc:
        raise LabError(f"the lab runtime is not available ({exc}); use -i INVENTORY_DIR or --clab-inventory FILE") from None
    state = load_state(name)
    return inventory_from_dict(nornir_inventory(state))


def load_inventory(source: InventorySource, topology: Path | None = None) -> Inventory:
    """The Inventory named by ``source`` (no credentials resolved yet)."""
    if source.lab:
        inv = _load_lab_inventory(source.lab)
    elif source.inventory_dir:
        inv = load_simple_inventory(Path(source.inventory_dir))
    else:
        inv = load_clab_inventory(Path(source.clab_inventory), topology)  # type: ignore[arg-type]
    if not inv.hosts:
        raise UsageError(f"{source.label}: holds no hosts")
    for host in inv.hosts.values():
        if not host.platform:
            raise UsageError(f"{source.label}: host {host.name} has no platform; set platform: frr|ios|eos|junos|linux")
    normalise_platforms(inv)
    return inv


def normalise_platforms(inv: Inventory) -> None:
    """Every host's platform in NAPALM's words (``cisco_ios`` → ``ios``, as netutils maps it), and
    NAPALM handed the driver netassess ships for it (``linux`` → ``napalm_netassess_linux``).

    ``host.platform`` stays what checks and command policies know (``linux``); only the NAPALM
    connection's own platform is pinned to the driver's name.
    """
    for host in inv.hosts.values():
        mapped = napalm_platform(host.platform)
        if mapped and mapped != host.platform:
            host.platform = mapped
        named = host.get_connection_parameters("napalm").platform
        driver = napalm_driver(napalm_platform(named) or named) if named else None
        if driver and driver != named:
            options = host.connection_options.get("napalm")
            if options is None:
                host.connection_options["napalm"] = ConnectionOptions(platform=driver)
            else:
                options.platform = driver


def require_napalm_drivers(nr: Nornir, names: Iterable[str]) -> None:
    """The devices about to be contacted all have a NAPALM driver: a misspelt platform is the
    inventory's mistake (exit 2), not an 'unsupported' device at run time. Devices the task does
    not involve are not judged, so their platforms do not matter."""
    for name in sorted(names):
        host = nr.inventory.hosts.get(name)
        if host is None or not host.platform:
            continue
        driver = host.get_connection_parameters("napalm").platform or str(host.platform)
        if not _has_napalm_driver(driver):
            raise UsageError(f"inventory host {name}: platform {host.platform!r} has no NAPALM driver installed "
                             f"(NAPALM looks for napalm.{driver} or napalm_{driver}); "
                             "set platform: frr|ios|eos|junos|linux or install that driver")


@functools.cache
def _has_napalm_driver(platform: str) -> bool:
    from napalm import get_network_driver
    from napalm.base.exceptions import ModuleImportError

    try:
        get_network_driver(platform)
    except ModuleImportError:
        return False
    return True


Prompt = Callable[[str, bool], str]


def _tty_prompt(label: str, secret: bool) -> str:
    return getpass.getpass(f"{label}: ") if secret else input(f"{label}: ")


def _uses_key(host: Host) -> bool:
    """A NAPALM login by SSH key (e.g. a built-in lab) needs no password."""
    params = host.get_connection_parameters("napalm")
    optional = (params.extras or {}).get("optional_args") or {}
    return bool(optional.get("key_file") or optional.get("use_keys"))


def resolve_credentials(inv: Inventory, *, prompt: Prompt | None = _tty_prompt, interactive: bool | None = None) -> None:
    """Fill missing usernames/passwords: inventory first, then the environment, then one prompt.

    Values are put on the inventory defaults, so hosts and groups that set their own keep them.
    """
    hosts = list(inv.hosts.values())
    need_user = [h for h in hosts if not h.get_connection_parameters("napalm").username]
    need_pass = [h for h in hosts if not h.get_connection_parameters("napalm").password and not _uses_key(h)]
    if not need_user and not need_pass:
        return
    interactive = sys.stdin.isatty() if interactive is None else interactive
    user = os.environ.get(USERNAME_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if need_user and not user:
        if not (interactive and prompt):
            names = ", ".join(h.name for h in need_user[:5])
            raise UsageError(f"no username for {names}: set it in the inventory or export {USERNAME_ENV}")
        user = prompt("Username", False)
    if need_pass and password is None:
        if not (interactive and prompt):
            names = ", ".join(h.name for h in need_pass[:5])
            raise UsageError(f"no password for {names}: set it in the inventory or export {PASSWORD_ENV}")
        password = prompt("Password", True)
    if need_user:
        inv.defaults.username = user
    if need_pass:
        inv.defaults.password = password


def apply_timeout(inv: Inventory, seconds: int) -> None:
    """Give every host's NAPALM session a timeout (connect and per command) unless the inventory sets one.

    Nornir takes ``extras`` whole from the nearest level that has any, so the resolved options are
    pinned on each host rather than on the defaults.
    """
    for host in inv.hosts.values():
        params = host.get_connection_parameters("napalm")
        extras = dict(params.extras or {})
        if "timeout" in extras:
            continue
        extras["timeout"] = seconds
        host.connection_options["napalm"] = ConnectionOptions(
            hostname=params.hostname, port=params.port, username=params.username, password=params.password,
            platform=params.platform, extras=extras,
        )


def build_nornir(
    *,
    lab: str | None = None,
    inventory_dir: Path | str | None = None,
    clab_inventory: Path | str | None = None,
    topology: Path | None = None,
    workers: int = DEFAULT_WORKERS,
    prompt: Prompt | None = _tty_prompt,
    interactive: bool | None = None,
    timeout: int | None = None,
) -> Nornir:
    """The Nornir object for one run: threaded runner with ``workers`` threads, credentials resolved,
    NAPALM sessions given ``timeout`` seconds if set (run/check pass ``DEFAULT_TIMEOUT`` so a dead
    router costs seconds, not the driver's minute; push keeps the driver's own timeouts).

    ``topology`` (the task's containerlab file) lets ``--clab-inventory`` recognise FRR nodes
    when ``topology-data.json`` is not beside the inventory.
    """
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    source = InventorySource(
        lab=lab,
        inventory_dir=Path(inventory_dir) if inventory_dir else None,
        clab_inventory=Path(clab_inventory) if clab_inventory else None,
    )
    inv = load_inventory(source, topology)
    resolve_credentials(inv, prompt=prompt, interactive=interactive)
    if timeout is not None:
        apply_timeout(inv, timeout)
    ConnectionPluginRegister.auto_register()  # what InitNornir does: find nornir_napalm's "napalm"
    silence_nornir_tracebacks()
    return Nornir(inventory=inv, runner=ThreadedRunner(num_workers=workers))


def silence_nornir_tracebacks() -> None:
    """Nornir logs every failed task's traceback at ERROR; with no handler configured, Python prints
    it on stderr, quoting the exception verbatim (a refused 'neighbor … password x' line included).
    Failures reach the user as one sanitised line from the caller instead (push, collect)."""
    logger = logging.getLogger("nornir")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def host_roles(host: Host) -> list[str]:
    """Task roles a host declares in its inventory data: ``data: {roles: [edge]}`` (or ``roles: edge``).

    Only ``roles`` counts: a lab inventory's ``data.role`` says router/host, not a task role.
    """
    roles = host.get("roles", None)
    if roles is None:
        return []
    return [roles] if isinstance(roles, str) else [str(r) for r in roles]


def host_groups(host: Host) -> list[str]:
    """Every group a host belongs to, parents included."""
    seen: list[str] = []

    def walk(groups: ParentGroups) -> None:
        for g in groups:
            if g.name not in seen:
                seen.append(g.name)
                walk(g.groups)

    walk(host.groups)
    return seen


__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "apply_timeout",
    "InventorySource",
    "build_nornir",
    "host_groups",
    "host_roles",
    "inventory_from_dict",
    "load_clab_inventory",
    "load_inventory",
    "normalise_platforms",
    "resolve_credentials",
]
