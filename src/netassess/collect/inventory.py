"""Build the Nornir object a run talks to, from exactly one inventory source.

Four sources, one shape (a Nornir ``Inventory`` of hosts with a NAPALM platform), all made by
Nornir's own ``InitNornir`` through inventory plugins (``netassess.collect.nornir_init``):
- ``--lab NAME``: a lab this machine runs (``netassess.lab.state`` + ``netassess.lab.inventory``);
- ``-i DIR``: a Nornir SimpleInventory directory (``hosts.yaml``, ``groups.yaml``, ``defaults.yaml``),
  the usual description of a physical rack;
- ``--clab-inventory FILE``: the ``nornir-simple-inventory.yml`` containerlab writes for a lab;
- ``--nornir-config FILE``: a Nornir config file naming any inventory plugin (NetBox, Nautobot …).

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
from nornir.core.inventory import ConnectionOptions, Host, Inventory, ParentGroups

from netassess.collect.inventory_files import inventory_from_dict, load_clab_inventory, load_simple_inventory
from netassess.collect.nornir_init import CLAB_PLUGIN, LAB_PLUGIN, SIMPLE_PLUGIN, init_nornir
from netassess.errors import UsageError
from netassess.platforms import napalm_driver, napalm_platform

DEFAULT_TIMEOUT = 20  # seconds: NAPALM connect and per-command timeout unless the inventory sets one
DEFAULT_WORKERS = 128  # sessions are I/O-bound: up to 128 devices are collected in one wave (docs/engine.md, "Scale")
USERNAME_ENV = "NETASSESS_USERNAME"
PASSWORD_ENV = "NETASSESS_PASSWORD"

@dataclass(frozen=True)
class InventorySource:
    """Exactly one of the four ways to name the devices of a run."""

    lab: str | None = None
    inventory_dir: Path | None = None
    clab_inventory: Path | None = None
    nornir_config: Path | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.lab, self.inventory_dir, self.clab_inventory, self.nornir_config) if x]
        if len(given) != 1:
            raise UsageError("name the devices with exactly one of --lab NAME, -i INVENTORY_DIR, "
                             "--clab-inventory FILE or --nornir-config FILE")

    @property
    def label(self) -> str:
        if self.lab:
            return f"lab {self.lab}"
        if self.inventory_dir:
            return f"inventory {self.inventory_dir}"
        if self.clab_inventory:
            return f"containerlab inventory {self.clab_inventory}"
        return f"Nornir config {self.nornir_config}"

    def plugin(self, topology: Path | None = None) -> dict[str, Any]:
        """The Nornir inventory plugin and options for netassess's own sources."""
        if self.lab:
            return {"plugin": LAB_PLUGIN, "options": {"name": self.lab}}
        if self.inventory_dir:
            return {"plugin": SIMPLE_PLUGIN, "options": {"directory": str(self.inventory_dir)}}
        return {"plugin": CLAB_PLUGIN, "options": {"inventory_file": str(self.clab_inventory),
                                                   "topology": str(topology) if topology else None}}


def _nornir_for(source: InventorySource, topology: Path | None, workers: int) -> Nornir:
    if source.nornir_config:
        return init_nornir(workers=workers, config_file=source.nornir_config)
    return init_nornir(workers=workers, inventory=source.plugin(topology))


def check_inventory(source: InventorySource, inv: Inventory) -> Inventory:
    """Hosts there, platforms set (our sources) and put in NAPALM's words.

    An estate's inventory (NetBox, Nautobot) holds devices with no platform that a task never
    touches; for those sources only the devices a run contacts are judged (``require_napalm_drivers``).
    """
    if not inv.hosts:
        raise UsageError(f"{source.label}: holds no hosts")
    for host in inv.hosts.values():
        if not host.platform and not source.nornir_config:
            raise UsageError(f"{source.label}: host {host.name} has no platform; set platform: frr|ios|eos|junos|linux")
    normalise_platforms(inv)
    return inv


def load_inventory(source: InventorySource, topology: Path | None = None) -> Inventory:
    """The Inventory named by ``source`` (no credentials resolved yet)."""
    return check_inventory(source, _nornir_for(source, topology, 1).inventory)


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
        if host is None:
            continue
        if not host.platform:
            raise UsageError(f"inventory host {name}: has no platform; set its platform (in NetBox: the device's "
                             "platform) to frr|ios|eos|junos|linux")
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
    nornir_config: Path | str | None = None,
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
        nornir_config=Path(nornir_config) if nornir_config else None,
    )
    nr = _nornir_for(source, topology, workers)
    check_inventory(source, nr.inventory)
    resolve_credentials(nr.inventory, prompt=prompt, interactive=interactive)
    if timeout is not None:
        apply_timeout(nr.inventory, timeout)
    silence_nornir_tracebacks()
    return nr


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
    "check_inventory",
    "host_groups",
    "host_roles",
    "inventory_from_dict",
    "load_clab_inventory",
    "load_simple_inventory",
    "load_inventory",
    "normalise_platforms",
    "resolve_credentials",
]
