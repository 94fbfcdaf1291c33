"""The lab switch's configuration language: a few declarative lines, parsed strictly.

Open vSwitch has no CLI of its own (``ovs-vsctl`` edits a database), so the switch's configuration,
its startup config in the lab and NAPALM's candidate, is this small text format::

    vlan 10 name USERS                          # VLAN 1 (default) always exists
    interface eth1 access 10                    # access port in VLAN 10
    interface eth3 trunk allowed 10,20 native 1 # 802.1Q trunk; allowed `all` or a list/ranges
    interface eth2 shutdown                     # administratively down (`no shutdown` undoes it)

A line either parses completely or the whole text is refused naming the line, so nothing is ever
half-applied. ``render`` prints a state in the same language (``get_config``), so a replace with
what ``get_config`` returned changes nothing. Trunks always carry their native VLAN: ``allowed
10,20 native 1`` reads back as ``allowed 1,10,20 native 1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

MAX_VLAN = 4094
DEFAULT_VLAN = 1
DEFAULT_VLAN_NAME = "default"
_VLAN_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_IFNAME = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")


class CandidateError(ValueError):
    """A line of a switch configuration that is not valid; the message names the line."""


@dataclass(frozen=True)
class PortConfig:
    """One switch port. ``allowed`` None: a trunk carrying every VLAN."""

    mode: Literal["access", "trunk"] = "access"
    access_vlan: int = DEFAULT_VLAN
    allowed: frozenset[int] | None = None
    native: int = DEFAULT_VLAN
    shutdown: bool = False


@dataclass
class SwitchConfig:
    vlans: dict[int, str] = field(default_factory=lambda: {DEFAULT_VLAN: DEFAULT_VLAN_NAME})
    ports: dict[str, PortConfig] = field(default_factory=dict)

    @classmethod
    def factory(cls, ports: list[str]) -> SwitchConfig:
        """A switch out of the box: every port an access port in VLAN 1, enabled."""
        return cls(ports={p: PortConfig() for p in ports})

    def copy(self) -> SwitchConfig:
        return SwitchConfig(vlans=dict(self.vlans), ports=dict(self.ports))


def port_sort_key(name: str) -> tuple[str, int]:
    """eth2 before eth10."""
    m = re.fullmatch(r"(.*?)(\d+)", name)
    return (m.group(1), int(m.group(2))) if m else (name, -1)


def parse_vlans(text: str, where: str) -> frozenset[int] | None:
    """``all`` → None; ``10,20,30-32`` → the ids. CandidateError for anything else."""
    if text == "all":
        return None
    out: set[int] = set()
    for item in text.split(","):
        m = re.fullmatch(r"(\d{1,4})(?:-(\d{1,4}))?", item)
        if not m:
            raise CandidateError(f"{where}: {text!r} is not a VLAN list (e.g. 10,20,30-32 or all)")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 1 <= lo <= hi <= MAX_VLAN:
            raise CandidateError(f"{where}: VLAN range {item!r} must lie within 1-{MAX_VLAN}")
        out.update(range(lo, hi + 1))
    return frozenset(out)


def vlan_list(ids: frozenset[int] | set[int]) -> str:
    """{1, 10, 11, 12, 20} → ``1,10-12,20``."""
    out: list[str] = []
    for v in sorted(ids):
        if out and "-" in out[-1] and int(out[-1].split("-")[1]) == v - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{v}"
        elif out and "-" not in out[-1] and int(out[-1]) == v - 1:
            out[-1] = f"{out[-1]}-{v}"
        else:
            out.append(str(v))
    return ",".join(out)


def _vlan_id(text: str, where: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_VLAN:
        raise CandidateError(f"{where}: VLAN {text!r} must be a number 1-{MAX_VLAN}")
    return int(text)


def _interface_line(words: list[str], cfg: SwitchConfig, set_at: dict[tuple[str, str], int], n: int, where: str) -> None:
    name, rest = words[1], words[2:]
    if name not in cfg.ports:
        known = ", ".join(sorted(cfg.ports, key=port_sort_key)) or "none"
        raise CandidateError(f"{where}: the switch has no port {name!r} (ports: {known})")
    port = cfg.ports[name]
    aspect = "state" if rest in (["shutdown"], ["no", "shutdown"]) else "mode"
    if (name, aspect) in set_at:
        raise CandidateError(f"{where}: {name}'s {aspect} is already set on line {set_at[name, aspect]}")
    if rest == ["shutdown"] or rest == ["no", "shutdown"]:
        cfg.ports[name] = replace(port, shutdown=rest == ["shutdown"])
    elif len(rest) == 2 and rest[0] == "access":
        cfg.ports[name] = replace(port, mode="access", access_vlan=_vlan_id(rest[1], where), allowed=None, native=DEFAULT_VLAN)
    elif len(rest) in (3, 5) and rest[:2] == ["trunk", "allowed"] and (len(rest) == 3 or rest[3] == "native"):
        native = _vlan_id(rest[4], where) if len(rest) == 5 else DEFAULT_VLAN
        allowed = parse_vlans(rest[2], where)
        cfg.ports[name] = replace(port, mode="trunk", access_vlan=DEFAULT_VLAN, native=native,
                                  allowed=None if allowed is None else allowed | {native})
    else:
        raise CandidateError(f"{where}: expected `interface {name} access VLAN`, `interface {name} trunk allowed "
                             f"VLANS [native VLAN]`, `interface {name} shutdown` or `interface {name} no shutdown`")
    set_at[name, aspect] = n


def apply_text(text: str, base: SwitchConfig) -> SwitchConfig:
    """``base`` with every line of ``text`` applied; CandidateError (naming the line) if any line is bad."""
    cfg = base.copy()
    set_at: dict[tuple[str, str], int] = {}
    vlan_at: dict[int, int] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"line {n} ({line[:60]!r})"
        words = line.split()
        if words[0] == "vlan" and len(words) == 4 and words[2] == "name":
            vid = _vlan_id(words[1], where)
            if not _VLAN_NAME.match(words[3]):
                raise CandidateError(f"{where}: VLAN name {words[3]!r}: use 1-32 letters, digits, '_', '.', '-'")
            if vid == DEFAULT_VLAN and words[3] != DEFAULT_VLAN_NAME:
                raise CandidateError(f"{where}: VLAN 1 is always named {DEFAULT_VLAN_NAME}")
            if vid in vlan_at:
                raise CandidateError(f"{where}: VLAN {vid} is already named on line {vlan_at[vid]}")
            cfg.vlans[vid], vlan_at[vid] = words[3], n
        elif words[0] == "interface" and len(words) >= 3 and _IFNAME.match(words[1]):
            _interface_line(words, cfg, set_at, n, where)
        else:
            raise CandidateError(f"{where}: not a switch configuration line; expected `vlan ID name NAME` "
                                 "or `interface PORT access|trunk|shutdown …`")
    _check_vlans_exist(cfg, set_at)
    return cfg


def _check_vlans_exist(cfg: SwitchConfig, set_at: dict[tuple[str, str], int]) -> None:
    for name, port in cfg.ports.items():
        vid = port.access_vlan if port.mode == "access" else port.native
        if vid not in cfg.vlans:
            at = set_at.get((name, "mode"))
            where = f"line {at}" if at else f"interface {name}"
            raise CandidateError(f"{where}: VLAN {vid} is not defined; add `vlan {vid} name NAME`")


def merge(text: str, running: SwitchConfig) -> SwitchConfig:
    """NAPALM merge: the lines change what they name, everything else stays as running."""
    return apply_text(text, running)


def replace_all(text: str, running: SwitchConfig) -> SwitchConfig:
    """NAPALM replace: the text is the whole configuration; ports it does not name go back to factory
    settings (access VLAN 1, enabled) and VLANs it does not name are removed."""
    return apply_text(text, SwitchConfig.factory(list(running.ports)))


def render(cfg: SwitchConfig) -> str:
    """The configuration in this language: VLANs by id, then ports in natural order."""
    lines = [f"vlan {vid} name {name}" for vid, name in sorted(cfg.vlans.items())]
    for name in sorted(cfg.ports, key=port_sort_key):
        port = cfg.ports[name]
        if port.mode == "access":
            lines.append(f"interface {name} access {port.access_vlan}")
        else:
            allowed = "all" if port.allowed is None else vlan_list(port.allowed)
            lines.append(f"interface {name} trunk allowed {allowed} native {port.native}")
        if port.shutdown:
            lines.append(f"interface {name} shutdown")
    return "\n".join(lines) + "\n"


def diff_lines(running: SwitchConfig, target: SwitchConfig) -> str:
    """A unified-style diff (``-``/``+`` lines) of the two renderings; empty when they are equal."""
    old, new = render(running).splitlines(), render(target).splitlines()
    removed = [f"-{line}" for line in old if line not in new]
    added = [f"+{line}" for line in new if line not in old]
    return "\n".join(removed + added) + ("\n" if removed or added else "")
