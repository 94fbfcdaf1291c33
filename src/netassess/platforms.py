"""One answer to "which NAPALM platform is this node?", for topologies, containerlab and inventories.

Platform names arrive in every library's dialect: containerlab kinds (``ceos``, ``vr-sros``),
netmiko device types (``cisco_ios``), scrapli, Ansible or pyATS names. netutils' ``lib_mapper``
already normalises the libraries' names, so it is used for all of them; only containerlab kinds,
which netutils does not map, are listed here. The result is a NAPALM platform name (``ios``,
``eos``, ``junos`` …) or one of netassess's own: ``frr`` and ``linux``.

NAPALM imports platform ``X`` as ``napalm_X``. PyPI's ``napalm-linux`` project owns the import
name ``napalm_linux``, so netassess's Linux driver is ``napalm_netassess_linux`` and inventories
keep writing ``platform: linux``: :func:`napalm_driver` gives the name NAPALM is handed.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

OWN_PLATFORMS = ("frr", "linux", "ovs")  # our own drivers: napalm_frr, napalm_netassess_linux, napalm_ovs
# platform (as inventories write it) -> the NAPALM driver name netassess's own package answers to
_OWN_DRIVERS = {"linux": "netassess_linux"}

# The libraries whose platform names inventories are written in, most common first (netutils ≥ 1.8 has all).
_LIBRARIES = ("NETMIKO", "SCRAPLI", "ANSIBLE", "PYATS", "PYNTC", "HIERCONFIG", "NTCTEMPLATES")


@cache
def _lib_mapper() -> ModuleType:
    """netutils' tables, imported on first use: most names (``frr``, a lab's kinds) never need them,
    and the import is a sizeable share of the CLI's start."""
    from netutils import lib_mapper

    return lib_mapper

# containerlab kinds (current names and the older vrnetlab ``vr-*`` ones) -> netutils' normalised name.
# Kinds not listed (e.g. cisco_nxos, nokia_sros) are netutils names already.
_CLAB_KINDS = {
    "ceos": "arista_eos", "arista_ceos": "arista_eos", "arista_veos": "arista_eos", "vr-veos": "arista_eos",
    "cisco_iol": "cisco_ios", "cisco_csr1000v": "cisco_ios", "vr-csr": "cisco_ios", "cisco_c8000v": "cisco_ios",
    "cisco_cat9kv": "cisco_ios", "cisco_xrd": "cisco_xr", "cisco_xrv9k": "cisco_xr", "vr-xrv9k": "cisco_xr",
    "cisco_xrv": "cisco_xr", "vr-xrv": "cisco_xr", "cisco_n9kv": "cisco_nxos", "vr-n9kv": "cisco_nxos",
    "crpd": "juniper_junos", "juniper_crpd": "juniper_junos", "juniper_vmx": "juniper_junos", "vr-vmx": "juniper_junos",
    "juniper_vsrx": "juniper_junos", "vr-vsrx": "juniper_junos", "juniper_vqfx": "juniper_junos",
    "vr-vqfx": "juniper_junos", "juniper_vjunosrouter": "juniper_junos", "juniper_vjunosswitch": "juniper_junos",
    "juniper_vjunosevolved": "juniper_junos", "srl": "nokia_srl", "nokia_srlinux": "nokia_srl",
    "vr-sros": "nokia_sros", "mikrotik_ros": "mikrotik_routeros", "vr-ros": "mikrotik_routeros",
}


def napalm_platform(name: str | None) -> str | None:
    """The NAPALM platform a name stands for (``cisco_ios`` → ``ios``, ``ceos`` → ``eos``), or None
    if no library netutils knows maps it to one NAPALM has."""
    if not name:
        return None
    key = name.strip()
    if key in OWN_PLATFORMS:
        return key
    lib = _lib_mapper()
    if key in lib.NAPALM_LIB_MAPPER:
        return key
    normal = _CLAB_KINDS.get(key)
    if normal is None and key in lib.NAPALM_LIB_MAPPER_REVERSE:
        normal = key
    for mapping in (getattr(lib, f"{library}_LIB_MAPPER") for library in _LIBRARIES):
        if normal is None and key in mapping:
            normal = mapping[key]
    return lib.NAPALM_LIB_MAPPER_REVERSE.get(normal) if normal else None


def napalm_driver(platform: str) -> str:
    """The name to hand ``napalm.get_network_driver`` for an inventory's platform."""
    return _OWN_DRIVERS.get(platform, platform)


def is_frr_image(image: str | None) -> bool:
    """True for FRRouting images: frrouting/frr, quay.io/frrouting/frr:10.1, frrouting/frr-debian, a local
    ``frr:8.4``; false for look-alikes such as prom/frr-exporter."""
    if not image:
        return False
    repo = image.split("@", 1)[0]
    head, _, last = repo.rpartition("/")
    last = last.split(":", 1)[0]
    return last == "frr" or head.endswith("frrouting")


def node_platform(kind: str, image: str | None = None) -> str:
    """A containerlab node's platform: FRR images are ``frr`` routers whatever their kind says
    (containerlab runs them as ``kind: linux``); other kinds as :func:`napalm_platform` maps them,
    else the kind itself, which a run then refuses if no NAPALM driver answers to it."""
    if kind == "frr" or (kind == "linux" and is_frr_image(image)):
        return "frr"
    return napalm_platform(kind) or kind


__all__ = ["OWN_PLATFORMS", "is_frr_image", "napalm_driver", "napalm_platform", "node_platform"]
